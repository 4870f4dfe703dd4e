#!/usr/bin/env bash
# The scaling table: training samples/s against batch size and thread count, latentkit and the PyTorch
# (Python) peer side by side, on the same workloads, data and machine. Each cell runs latentkit, then the
# peer, back to back (A/B), so load from other processes hits both. Not part of CI.
#
# Usage: bench/scaling.sh [workload ...]     workloads: lenet-classic mlp dense-ae (default: lenet-classic dense-ae)
# Environment:
#   BATCH_SIZES="32 128 512"   samples per step, the same on both sides
#   THREADS="1 2"              intra-op threads on both sides; the peer's OpenBLAS is capped to the same count
#   SAMPLES=12800              samples per measurement (SAMPLES / batch size timed steps)
#   WARMUP=30                  unmeasured steps first, on both sides
#   OUT=DIR                    keep every run's JSON there (default: a temporary directory, removed)
# Needs the peer's packages: apt-get install -y python3-torch libopenblas0-pthread
# The workloads and their settings are bench/compare.sh's, with the batch size overridden.
# Ratio = latentkit time / peer time for the same samples (lower is better).
set -euo pipefail
cd "$(dirname "$0")/.."
workloads=("$@"); [ ${#workloads[@]} -eq 0 ] && workloads=(lenet-classic dense-ae)
sizes=${BATCH_SIZES:-32 128 512}; threads=${THREADS:-1 2}; samples=${SAMPLES:-12800}; warmup=${WARMUP:-30}
data="${LATENTKIT_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/latentkit}/mnist"
py=/usr/bin/python3
$py -c 'import torch' 2>/dev/null || { echo "install the peer first: apt-get install -y python3-torch libopenblas0-pthread" >&2; exit 2; }
if [ -n "${OUT:-}" ]; then out=$OUT; mkdir -p "$out"; else out=$(mktemp -d); trap 'rm -rf "$out"' EXIT; fi
./latentkit --version >/dev/null  # builds once, before anything is timed

experiment() { case $1 in lenet-classic) echo classify:lenet-classic ;; mlp) echo classify:mlp ;;
  dense-ae) echo autoencode:dense ;; *) echo "unknown workload $1 (valid: lenet-classic mlp dense-ae)" >&2; exit 2 ;; esac; }
field() { $py -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d[sys.argv[2]])' "$1" "$2"; }

echo "latentkit $(git rev-parse --short HEAD 2>/dev/null || echo ?) vs $($py -c 'import torch; print("PyTorch", torch.__version__)') (Python); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| workload | batch | threads | latentkit samples/s | peer samples/s | latentkit CPU s per 60k | peer CPU s per 60k | ratio |"
echo "|---|---|---|---|---|---|---|---|"
for w in "${workloads[@]}"; do
  e=$(experiment "$w")
  for bs in $sizes; do
    steps=$(( (samples + bs - 1) / bs ))
    for t in $threads; do
      lk="$out/$w-$bs-$t-lk"; pt="$out/$w-$bs-$t-pt.json"
      ./latentkit bench --experiment "$e" --batch-size "$bs" --threads "$t" --warmup "$warmup" \
        --batches "$steps" --out "$lk" --overwrite >/dev/null 2>"$lk.err" || { cat "$lk.err" >&2; exit 1; }
      OPENBLAS_NUM_THREADS="$t" $py bench/peer_bench.py "$data" --model "$w" --batch-size "$bs" \
        --threads "$t" --warmup "$warmup" --batches "$steps" > "$pt"
      a=$(field "$lk/bench.json" samples_per_second); b=$(field "$pt" samples_per_second)
      ac=$(field "$lk/bench.json" samples_per_cpu_second); bc=$(field "$pt" samples_per_cpu_second)
      $py -c "print('| %s | %d | %d | %.0f | %.0f | %.2f | %.2f | %.2fx |' % ('$w', $bs, $t, $a, $b, 60000/$ac, 60000/$bc, $b/$a))"
    done
  done
done
