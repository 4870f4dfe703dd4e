#!/usr/bin/env bash
# Resume acceptance on full MNIST (issues 12 and 18), per engine: an uninterrupted run, and the same
# run killed with SIGKILL in epoch 2 and resumed with --resume; then `latentkit diff` and the
# timing-free checksums of both (scripts/acceptance-determinism.sh sums). Equal sums = identical.
# Usage: scripts/acceptance-resume.sh [ENGINE...]   (default: PyTorch MXNet); LATENTKIT=path
# overrides the launcher.
set -uo pipefail
cd "$(dirname "$0")/.."
LK=${LATENTKIT:-./latentkit}
R=runs/resume
mkdir -p "$R"
flags=(classify --arch lenet-classic --epochs 3 --checkpoint-every 500)
for engine in "${@:-PyTorch MXNet}"; do
  for e in $engine; do
    $LK "${flags[@]}" --engine "$e" --out "$R/full-$e" --overwrite > "$R/full-$e.log" 2>&1
    rm -rf "$R/killed-$e"
    $LK "${flags[@]}" --engine "$e" --out "$R/killed-$e" > "$R/killed-$e.log" 2>&1 &
    pid=$!
    # Kill once a checkpoint past step 2,000 (epoch 2 of 1,719 steps) is complete.
    until ls "$R/killed-$e/checkpoints" 2>/dev/null | grep -q 'step-00000025'; do sleep 1; done
    pkill -KILL -P "$pid" 2>/dev/null; kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    echo "== $e: killed after $(ls "$R/killed-$e/checkpoints" | tail -1)"
    $LK "${flags[@]}" --engine "$e" --resume "$R/killed-$e" > "$R/resumed-$e.log" 2>&1
    head -1 "$R/resumed-$e.log"
    $LK diff "$R/full-$e" "$R/killed-$e"
    scripts/acceptance-determinism.sh sums "$R/full-$e" "$R/killed-$e"
  done
done
