#!/usr/bin/env bash
# Determinism acceptance (issue 18): each command twice with the same seed, one after the other, on
# full MNIST; then `latentkit diff` (only timings and --out may differ) and the SHA-256 of each run's
# history.csv and metrics.json with their timing columns and keys removed. Equal sums = identical runs.
# Usage: scripts/acceptance-determinism.sh            run all pairs into runs/determinism/
#        scripts/acceptance-determinism.sh sums DIR.. print the sums of existing run directories
set -uo pipefail
cd "$(dirname "$0")/.."
R=runs/determinism

# history.csv without its timing columns (seconds, samples_per_second); metrics.json without timings.
sums() {
  local d h m
  for d in "$@"; do
    h=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) drop[i] = ($i == "seconds" || $i == "samples_per_second") }
      { line = ""; for (i = 1; i <= NF; i++) if (!drop[i]) line = line (line == "" ? "" : ",") $i; print line }' \
      "$d/history.csv" | sha256sum | cut -c1-16)
    m=$(grep -v -E '"(train_seconds|samples_per_second|seconds|pretrain_seconds|resumed_from)"' "$d/metrics.json" \
      | sha256sum | cut -c1-16)
    echo "$(basename "$d")  history $h  metrics $m"
  done
}

if [ "${1:-}" = sums ]; then shift; sums "$@"; exit 0; fi

pair() {
  local name=$1; shift
  for i in 1 2; do
    ./latentkit "$@" --out "$R/$name-$i" --overwrite > "$R/$name-$i.log" 2>&1 || echo "$name-$i failed (see $R/$name-$i.log)"
  done
  echo "== $name: latentkit diff"
  ./latentkit diff "$R/$name-1" "$R/$name-2"
  sums "$R/$name-1" "$R/$name-2"
}
mkdir -p "$R"
pair vae vae --latent 20 --layers 400 --epochs 10 --no-figures
pair moe moe --recipe original --epochs 3 --no-figures
pair moe-clustered moe --epochs 1 --pretrain-epochs 2 --no-figures
pair dense-ae autoencode --kind dense --epochs 10 --no-figures
pair lenet-classic classify --arch lenet-classic --epochs 3
