#!/usr/bin/env bash
# Compares latentkit with the PyTorch (Python) peer on one training epoch of the same model, same
# data, same machine, alternating the two so that both see the same conditions. Not part of CI.
#
# Usage: bench/compare.sh [model] [rounds]     model: lenet-classic (default) | mlp
# Needs the peer's packages: apt-get install -y python3-torch libopenblas0-pthread
# Both sides: SGD momentum 0.9, lr 0.01, batch 32, inputs in [-1,1], two epochs of 60,000;
# latentkit's second epoch is timed (the first includes JIT warm-up), the peer's two are averaged.
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-lenet-classic}; rounds=${2:-2}
data="${LATENTKIT_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/latentkit}/mnist"
peer="${PEER:-../shared/bench/peer_torch.py}"
py=/usr/bin/python3
$py -c 'import torch' 2>/dev/null || { echo "install the peer first: apt-get install -y python3-torch libopenblas0-pthread" >&2; exit 2; }
out=$(mktemp -d)
lk() { # threads -> samples/s of latentkit's second epoch (the first includes JIT warm-up)
  local dir="$out/lk-$1-$RANDOM"
  ./latentkit classify --arch "$model" --optimizer sgd --lr 0.01 --momentum 0.9 --normalize centered \
    --epochs 2 --validation 0 --threads "$1" --out "$dir" --overwrite >/dev/null 2>&1
  tail -n 1 "$dir/history.csv" | cut -d, -f5
}
pt() { # threads -> samples/s of the peer, averaged over two epochs
  $py "$peer" "$data" --model "$model" --threads "$1" --batch-size 32 --epochs 2 | $py -c 'import json,sys; print(json.load(sys.stdin)["samples_per_second"])'
}
printf "%-28s %10s %10s\n" "run" "samples/s" "epoch s"
declare -A best
for r in $(seq 1 "$rounds"); do
  for side in lk pt; do
    for t in 1 2; do
      v=$($side "$t")
      printf "%-28s %10.0f %10.2f\n" "round $r $side threads=$t" "$v" "$($py -c "print(60000/$v)")"
      k="$side$t"; best[$k]=$($py -c "print(max($v, ${best[$k]:-0}))")
    done
  done
done
lk_best=$($py -c "print(max(${best[lk1]}, ${best[lk2]}))"); pt_best=$($py -c "print(max(${best[pt1]}, ${best[pt2]}))")
echo "best latentkit: ${lk_best} samples/s (1 thread ${best[lk1]}, 2 threads ${best[lk2]})"
echo "best peer:      ${pt_best} samples/s (1 thread ${best[pt1]}, 2 threads ${best[pt2]})"
$py -c "print('epoch-time ratio latentkit/peer (best settings): %.2fx' % ($pt_best/$lk_best))"
rm -rf "$out"
