#!/usr/bin/env bash
# Compares latentkit with the PyTorch (Python) peer on the same workloads, data and machine, alternating
# the two sides run by run (A/B/A/B) so that load from other processes hits both. Not part of CI.
#
# Usage: bench/compare.sh [workload ...]     workloads: lenet-classic mlp dense-ae (default: all three)
# Environment:
#   ROUNDS=2        alternating rounds per workload
#   THREADS="1 2"   thread settings tried on both sides; each side's best setting is compared
#   BATCHES=0       steps per measured epoch; 0 = one full epoch of 60,000 (the issue's measure)
#   WARMUP=50       unmeasured steps first, on both sides
#   PEER_BLAS="installed capped"  the peer's BLAS settings tried: "installed" leaves Debian's OpenBLAS
#                   pool as it is (it runs matrix products on all cores even at torch.set_num_threads(1));
#                   "capped" sets OPENBLAS_NUM_THREADS to the thread setting; "tcmalloc" is "capped" with
#                   tcmalloc preloaded, the allocator latentkit's launcher preloads when the system has it
#                   (tried by default when libtcmalloc-minimal4 is installed). Each is one more peer setting.
#   OUT=DIR         keep every run's JSON there (default: a temporary directory, removed)
# Needs the peer's packages: apt-get install -y python3-torch libopenblas0-pthread
#
# Both sides: lenet-classic and mlp at batch 32, SGD momentum 0.9, lr 0.01, inputs in [-1, 1], softmax
# cross-entropy; dense-ae (784-256-64-256-784, sigmoid out) at batch 512, Adam lr 1e-3, MSE, pixels in
# [0, 1]. latentkit runs `latentkit bench`, the peer bench/peer_bench.py (the models of
# ../shared/bench/peer_torch.py, measured the same way: warm-up, then the timed steps).
# Ratio = latentkit epoch time / peer epoch time, best thread setting of each side (lower is better).
set -euo pipefail
cd "$(dirname "$0")/.."
workloads=("$@"); [ ${#workloads[@]} -eq 0 ] && workloads=(lenet-classic mlp dense-ae)
rounds=${ROUNDS:-2}; threads=${THREADS:-1 2}; batches=${BATCHES:-0}; warmup=${WARMUP:-50}
tcm=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
blas=${PEER_BLAS:-installed capped$([ -r "$tcm" ] && echo " tcmalloc")}
data="${LATENTKIT_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/latentkit}/mnist"
py=/usr/bin/python3
$py -c 'import torch' 2>/dev/null || { echo "install the peer first: apt-get install -y python3-torch libopenblas0-pthread" >&2; exit 2; }
if [ -n "${OUT:-}" ]; then out=$OUT; mkdir -p "$out"; else out=$(mktemp -d); trap 'rm -rf "$out"' EXIT; fi
./latentkit --version >/dev/null  # builds once, before anything is timed

experiment() { case $1 in lenet-classic) echo classify:lenet-classic ;; mlp) echo classify:mlp ;;
  dense-ae) echo autoencode:dense ;; *) echo "unknown workload $1 (valid: lenet-classic mlp dense-ae)" >&2; exit 2 ;; esac; }
load() { cut -d' ' -f1 /proc/loadavg; }
lk() { # workload threads file -> bench.json copied to file
  local dir="$out/lk-$RANDOM$RANDOM"
  ./latentkit bench --experiment "$(experiment "$1")" --threads "$2" --warmup "$warmup" \
    --batches "$batches" --out "$dir" --overwrite >/dev/null 2>"$dir.err" || { cat "$dir.err" >&2; exit 1; }
  cp "$dir/bench.json" "$3"
}
pt() { # workload threads file [capped]
  local env=(X=1)
  case "${4:-}" in
    capped) env=(OPENBLAS_NUM_THREADS="$2") ;;
    tcmalloc) env=(OPENBLAS_NUM_THREADS="$2" LD_PRELOAD="$tcm") ;;
  esac
  env "${env[@]}" $py bench/peer_bench.py "$data" --model "$1" --threads "$2" --warmup "$warmup" \
    --batches "$batches" > "$3"
}
field() { $py -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d[sys.argv[2]])' "$1" "$2"; }

echo "latentkit $(git rev-parse --short HEAD 2>/dev/null || echo ?) vs $($py -c 'import torch; print("PyTorch", torch.__version__)') (Python); $(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | xargs); $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
printf "%-14s %-5s %-15s %7s %10s %9s %11s %6s\n" workload round side threads "samples/s" "epoch s" "cpu s/epoch" load
summary=()
for w in "${workloads[@]}"; do
  experiment "$w" >/dev/null
  declare -A best=()
  for r in $(seq 1 "$rounds"); do
    for t in $threads; do
      for run in lk $(for b in $blas; do echo "pt:$b"; done); do
        side=${run%%:*}; variant=${run#*:}; [ "$side" = lk ] && variant=""
        f="$out/$w-$side${variant:+-$variant}-$t-$r.json"; l=$(load)
        $side "$w" "$t" "$f" "$variant"
        sps=$(field "$f" samples_per_second); cps=$(field "$f" samples_per_cpu_second)
        printf "%-14s %-5s %-15s %7s %10.0f %9.2f %11.2f %6s\n" "$w" "$r" "$([ $side = lk ] && echo latentkit || echo "peer${variant:+-$variant}")" \
          "$t" "$sps" "$($py -c "print(60000/$sps)")" "$($py -c "print(60000/$cps)")" "$l"
        k="$side$t"; [ -n "$variant" ] && [ "$variant" != installed ] && k="$side$t$variant"
        best[$k]=$($py -c "print(max($sps, ${best[$k]:-0}))")
      done
    done
  done
  lkb=0; ptb=0; lkt=""; ptt=""
  for k in "${!best[@]}"; do
    if [ "${k:0:2}" = lk ] && $py -c "import sys; sys.exit(0 if ${best[$k]} > $lkb else 1)"; then lkb=${best[$k]}; lkt=${k:2}; fi
    if [ "${k:0:2}" = pt ] && $py -c "import sys; sys.exit(0 if ${best[$k]} > $ptb else 1)"; then ptb=${best[$k]}; ptt=${k:2}; fi
  done
  summary+=("$($py -c "print('%-14s latentkit %6.2f s (%s thr)  peer %6.2f s (%s thr)  ratio %.2fx' % ('$w', 60000/$lkb, '$lkt', 60000/$ptb, '$ptt'.replace('capped', ', OpenBLAS capped').replace('tcmalloc', ', OpenBLAS capped, tcmalloc'), $ptb/$lkb))")")
  unset best
done
echo
echo "epoch time, best thread setting of each side (ratio = latentkit / peer, lower is better):"
printf "%s\n" "${summary[@]}"
