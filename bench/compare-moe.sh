#!/usr/bin/env bash
# The mixture of 10 VAE experts (seed 002): latentkit's batched experts against its looped experts, and
# both against the PyTorch (Python) peer bench/peer_moe.py (a Python loop over experts, or --batched).
# Alternates the four runs round by round so that load from other processes hits all of them. Not CI.
#
# Usage: bench/compare-moe.sh            Environment: ROUNDS=2 BATCHES=300 WARMUP=20 THREADS=1 OUT=DIR
# Needs the peer's packages: apt-get install -y python3-torch libopenblas0-pthread
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-2}; batches=${BATCHES:-300}; warmup=${WARMUP:-20}; t=${THREADS:-1}
data="${LATENTKIT_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/latentkit}/mnist"
py=/usr/bin/python3
$py -c 'import torch' 2>/dev/null || { echo "install the peer first: apt-get install -y python3-torch libopenblas0-pthread" >&2; exit 2; }
if [ -n "${OUT:-}" ]; then out=$OUT; mkdir -p "$out"; else out=$(mktemp -d); trap 'rm -rf "$out"' EXIT; fi
./latentkit --version >/dev/null  # builds once, before anything is timed

lk() { # batched|looped file
  local dir="$out/lk-$1-$RANDOM$RANDOM"
  ./latentkit bench --experiment "moe:$1" --threads "$t" --warmup "$warmup" --batches "$batches" \
    --out "$dir" --overwrite >/dev/null 2>"$dir.err" || { cat "$dir.err" >&2; exit 1; }
  cp "$dir/bench.json" "$2"
}
pt() { # batched|looped file
  OPENBLAS_NUM_THREADS="$t" $py bench/peer_moe.py "$data" --threads "$t" --warmup "$warmup" \
    --batches "$batches" $([ "$1" = batched ] && echo --batched) > "$2"
}
sps() { $py -c 'import json,sys; print(json.load(open(sys.argv[1]))["samples_per_second"])' "$1"; }

echo "latentkit $(git rev-parse --short HEAD 2>/dev/null || echo ?) vs $($py -c 'import torch; print("PyTorch", torch.__version__)') (Python); $(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | xargs); $(nproc) cores; $t thread(s); $(date -u +%Y-%m-%dT%H:%MZ)"
printf "%-6s %-22s %10s %6s\n" round side "samples/s" load
declare -A best=()
for r in $(seq 1 "$rounds"); do
  for run in lk:batched lk:looped pt:looped pt:batched; do
    side=${run%%:*}; mode=${run#*:}; f="$out/$side-$mode-$r.json"; l=$(cut -d' ' -f1 /proc/loadavg)
    $side "$mode" "$f"; s=$(sps "$f")
    printf "%-6s %-22s %10.0f %6s\n" "$r" "$([ "$side" = lk ] && echo latentkit || echo peer) $mode" "$s" "$l"
    best[$run]=$($py -c "print(max($s, ${best[$run]:-0}))")
  done
done
echo
$py - "${best[lk:batched]}" "${best[lk:looped]}" "${best[pt:looped]}" "${best[pt:batched]}" <<'PY'
import sys
lb, ll, pl, pb = map(float, sys.argv[1:])
print(f"latentkit batched {lb:.0f} samples/s, looped {ll:.0f}: batched is {lb / ll:.2f}x faster than looped")
print(f"peer (Python loop over experts) {pl:.0f} samples/s, peer batched {pb:.0f}")
print(f"latentkit batched epoch time / peer looped epoch time: {pl / lb:.2f}x (lower is better)")
print(f"latentkit batched epoch time / peer batched epoch time: {pb / lb:.2f}x")
PY
