#!/usr/bin/env bash
# Regenerates the charts in docs/figures/ from full MNIST, one run at a time, with the commands the
# docs quote. Runs go to runs/figures/<name>; the PNGs are copied into docs/figures/.
#
#   scripts/docs-figures.sh                 # every figure (about an hour on 2 cores)
#   scripts/docs-figures.sh moe tsne        # only some groups
#   LATENTKIT=/path/to/launcher scripts/docs-figures.sh   # another launcher (default ./latentkit)
#
# Groups: dense sparse buckets vae moe tsne samples semisup. Image grids (digits, codes) are drawn
# by the same runs.
set -euo pipefail
cd "$(dirname "$0")/.."
LK=${LATENTKIT:-./latentkit}
R=runs/figures
F=docs/figures
mkdir -p "$R" "$F"
groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(dense sparse buckets vae moe tsne samples semisup)

run() { # name, then the command's arguments
    local name=$1
    shift
    echo "== $name: latentkit $*" >&2
    local t0=$SECONDS
    "$LK" "$@" --out "$R/$name" --overwrite
    echo "== $name: $((SECONDS - t0)) s" >&2
}

for g in "${groups[@]}"; do
    case $g in
        dense)
            run dense autoencode --kind dense --layers 256,64 --epochs 25 --batch-size 64
            cp "$R/dense/mse_histogram.png" "$F/ae_dense_mse_histogram.png"
            ;;
        sparse)
            for l in 0.1 0.3 0.5; do
                run "sparse-$l" autoencode --kind sparse-binary --lambda "$l" --epochs 40 --patience 5
            done
            cp "$R/sparse-0.1/per_digit_boxplots.png" "$F/ae_sparse_per_digit.png"
            cp "$R/sparse-0.1/codes_zoom.png" "$F/ae_sparse_codes_zoom.png"
            cp "$R/sparse-0.1/differences.png" "$F/ae_sparse_differences.png"
            "$LK" sparsity-curve --runs "$R/sparse-0.1" "$R/sparse-0.3" "$R/sparse-0.5" \
                --out "$R/sparsity-curve"
            cp "$R/sparsity-curve/sparsity_curve.png" "$F/ae_sparsity_curve.png"
            ;;
        buckets)
            run buckets buckets --bits 7 --hidden 64,64 --activation leaky-relu \
                --weights cov=0.9,center=1,mag=0.15 --seed 1
            cp "$R/buckets/buckets.png" "$F/buckets16.png"
            ;;
        vae)
            run vae-z2 vae --latent 2 --layers 400 --epochs 10
            cp "$R/vae-z2/latent_scatter.png" "$F/vae_z2_scatter.png"
            cp "$R/vae-z2/manifold.png" "$F/vae_z2_manifold.png"
            run vae-z20 vae --latent 20 --layers 400 --epochs 10
            cp "$R/vae-z20/samples.png" "$F/vae_z20_samples.png"
            ;;
        moe)
            run moe-clustered moe --epochs 10 --seed 1 --threads 1
            for f in generation confusion assignments_tsne; do
                cp "$R/moe-clustered/$f.png" "$F/moe_clustered_$f.png"
            done
            run moe-orig moe --recipe original --epochs 10 --seed 1
            cp "$R/moe-orig/generation.png" "$F/moe_orig_generation.png"
            cp "$R/moe-orig/confusion.png" "$F/moe_orig_confusion.png"
            cp "$R/moe-orig/expert_usage.png" "$F/moe_orig_usage.png"
            run moe-z2 moe --recipe original --epochs 10 --latent 2 --seed 1
            cp "$R/moe-z2/generation.png" "$F/moe_z2_generation.png"
            cp "$R/moe-z2/confusion.png" "$F/moe_z2_confusion.png"
            ;;
        tsne)
            run tsne-pixels tsne --features pixels
            cp "$R/tsne-pixels/tsne.png" "$F/tsne_pixels.png"
            run tsne-random tsne --features random:lenet-deep
            cp "$R/tsne-random/tsne.png" "$F/tsne_random_lenet_deep.png"
            run lenet-deep-short classify --arch lenet-deep --epochs 1 --max-batches 600 --validation 0
            run tsne-trained tsne --features "model:$R/lenet-deep-short/model"
            cp "$R/tsne-trained/tsne.png" "$F/tsne_trained_lenet_deep.png"
            ;;
        samples)
            run samples sweep-samples --arch mlp
            cp "$R/samples/accuracy_vs_samples.png" "$F/accuracy_vs_samples.png"
            ;;
        semisup)
            run semisup semisup --method autoencoder --label-choice first --features conv-ae --labels 2000 \
                --curve 100,250,600,1000,2000,3000 --pretrain-epochs 2
            cp "$R/semisup/labels_curve.png" "$F/semisup_labels_curve.png"
            ;;
        *)
            echo "unknown group '$g' (valid: dense sparse buckets vae moe tsne samples semisup)" >&2
            exit 2
            ;;
    esac
done
