#!/usr/bin/env bash
# Runs every experiment's headline command, with the flags the MNIST results use, on one dataset and
# engine, and prints the table that docs/every-experiment.md carries. Nothing is tuned per dataset:
# a lane only adds --dataset or --engine to the MNIST commands.
#
#   scripts/every-experiment.sh fashion            # PyTorch on Fashion-MNIST (about 1.5 h on 1 core)
#   scripts/every-experiment.sh mxnet              # MXNet on MNIST (about 2 h on 1 core)
#   scripts/every-experiment.sh mnist vae moe      # only some experiments of a lane
#   scripts/every-experiment.sh --table fashion mxnet   # the Markdown table from finished runs
#   LATENTKIT=/path/to/launcher scripts/every-experiment.sh fashion
#
# Runs go to runs/every/<lane>/<experiment>; a finished experiment is skipped on a second call
# (delete its folder to rerun it).
set -uo pipefail
cd "$(dirname "$0")/.."
LK=${LATENTKIT:-./latentkit}
R=runs/every
EXPERIMENTS=(lenet-classic mlp samples buckets dense-seed dense vae tsne moe moe-original sparse semisup convnet lenet-deep)

lane_flags() {
    case $1 in
        mnist) ;;
        fashion) echo --dataset fashion-mnist ;;
        mxnet) echo --engine MXNet ;;
        *) echo "every-experiment: lane: unknown lane '$1' (valid: mnist, fashion, mxnet)" >&2; exit 2 ;;
    esac
}

command_of() { # the headline command of an experiment, as docs/results.md quotes it
    case $1 in
        lenet-classic) echo classify --arch lenet-classic --epochs 10 --validation 0 ;;
        mlp) echo classify --arch mlp --epochs 100 --patience 3 ;;
        lenet-deep) echo classify --arch lenet-deep --optimizer sgd --lr 0.032 --momentum 0.9 --batch-size 32 \
            --epochs 10 --normalize centered --validation 0 --lr-schedule cosine --seed 1 ;;
        convnet) echo classify --arch convnet --epochs 10 --patience 3 --lr-schedule cosine ;;
        samples) echo sweep-samples --arch mlp --epochs 10 ;;
        dense-seed) echo autoencode --kind dense --layers 64 --epochs 25 --init glorot --no-figures ;;
        dense) echo autoencode --kind dense --layers 256,64 --epochs 25 --batch-size 64 --no-figures ;;
        sparse) echo autoencode --kind sparse-binary --lambda 0.1 --epochs 40 --patience 5 --no-figures ;;
        buckets) echo buckets --bits 7 --hidden 64,64 --activation leaky-relu --weights cov=0.9,center=1,mag=0.15 --seed 1 ;;
        vae) echo vae --latent 20 --layers 400 --epochs 10 --batch-size 32 ;;
        moe) echo moe --epochs 10 --seed 1 ;;
        moe-original) echo moe --recipe original --epochs 10 --seed 1 ;;
        semisup) echo semisup --method autoencoder --label-choice first --features conv-ae --labels 2000 --pretrain-epochs 5 ;;
        tsne) echo tsne --features pixels ;;
        *) echo "every-experiment: experiment: unknown experiment '$1' (valid: ${EXPERIMENTS[*]})" >&2; exit 2 ;;
    esac
}

headline() { # the number a metrics.json stands for, as one table cell
    local m=$1/metrics.json
    [ -f "$m" ] || { echo "not run"; return; }
    jq -r 'def pct: (. * 10000 | round / 100 | tostring) + "%";
           def r(n): (. * pow(10; n) | round / pow(10; n) | tostring);
      if .status != "ok" then "failed: " + (.error // .status)
      elif .accuracy_at_250 then "250 → " + (.accuracy_at_250|pct) + ", 2,000 → " + (.accuracy_at_2000|pct)
      elif .bucket_accuracy then (.bucket_accuracy|pct) + " (random init " + (.baseline_bucket_accuracy|pct) + ")"
      elif .cluster_accuracy then (.cluster_accuracy|pct) + " clusters, NMI " + (.nmi|r(3)) + ", −ELBO " + (.test_elbo|r(1))
      elif .test_elbo then (.test_elbo|r(2)) + " nats"
      elif .knn5_accuracy_2d then "5-NN in 2-D " + (.knn5_accuracy_2d|pct) + ", KL " + (.kl_divergence|r(3))
      elif .baseline_accuracy then (.test_accuracy|pct) + " (pixels " + (.baseline_accuracy|pct) + ")"
      elif .active_bits_median then "MSE " + (.test_mse|r(5)) + ", median " + (.active_bits_median|tostring) + " active bits"
      elif .test_mse then "MSE " + (.test_mse|r(5))
      elif .test_accuracy then (.test_accuracy|pct)
      else "?" end' "$m"
}

if [ "${1:-}" = "--table" ]; then
    shift
    lanes=("$@")
    [ ${#lanes[@]} -eq 0 ] && lanes=(mnist fashion mxnet)
    printf '| experiment | command |'; for l in "${lanes[@]}"; do printf ' %s |' "$l"; done; echo
    printf '|---|---|'; for l in "${lanes[@]}"; do printf -- '---|'; done; echo
    for e in "${EXPERIMENTS[@]}"; do
        printf '| %s | `%s` |' "$e" "$(command_of "$e")"
        for l in "${lanes[@]}"; do printf ' %s |' "$(headline "$R/$l/$e")"; done
        echo
    done
    exit 0
fi

lane=${1:?usage: scripts/every-experiment.sh LANE [EXPERIMENT...] | --table [LANE...]}
shift
flags=$(lane_flags "$lane") || exit 2
chosen=("$@")
[ ${#chosen[@]} -eq 0 ] && chosen=("${EXPERIMENTS[@]}")
mkdir -p "$R/$lane"
for e in "${chosen[@]}"; do
    cmd=$(command_of "$e") || exit 2
    out="$R/$lane/$e"
    if [ -f "$out/metrics.json" ] && [ "$(jq -r .status "$out/metrics.json")" = ok ]; then
        echo "== $lane/$e: done before, skipped"
        continue
    fi
    echo "== $lane/$e: latentkit $cmd $flags"
    t0=$SECONDS
    # shellcheck disable=SC2086 # the command and the lane's flags are word lists
    "$LK" $cmd $flags --out "$out" --overwrite > "$R/$lane/$e.log" 2>&1
    echo "== $lane/$e: rc=$? $((SECONDS - t0)) s: $(headline "$out")"
done
