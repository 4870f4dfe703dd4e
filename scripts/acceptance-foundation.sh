#!/usr/bin/env bash
# Runs the foundation issue's acceptance experiments on full MNIST (and Fashion-MNIST, MXNet),
# in two lanes so both cores are busy. Results land in runs/acceptance/*/metrics.json; then
# scripts/summarize.py prints the table that goes into the README.
# Usage: scripts/acceptance-foundation.sh [lane]   (lane 1 or 2; default both in parallel)
set -uo pipefail
cd "$(dirname "$0")/.."
R=runs/acceptance
run() { local name=$1; shift; echo "== $name: $*"; ./latentkit "$@" --out "$R/$name" --overwrite > "$R/$name.log" 2>&1; echo "== $name rc=$? $(grep -o 'test accuracy [0-9.]*%' "$R/$name.log" | tail -1)"; }
lane1() {
  run lenet-classic classify --arch lenet-classic --epochs 10 --validation 0
  run mlp classify --arch mlp --epochs 100 --patience 3
  run sweep-mlp sweep-samples --arch mlp --epochs 10
  for s in 1 2 3; do
    run lenet-deep-sgd-s$s classify --arch lenet-deep --optimizer sgd --lr 0.032 --momentum 0.9 \
      --batch-size 32 --epochs 10 --normalize centered --validation 0 --seed $s
  done
  run fashion-mlp classify --dataset fashion-mnist --arch mlp --epochs 100 --patience 3
}
lane2() {
  run lenet-classic-mxnet classify --engine MXNet --arch lenet-classic --epochs 10 --validation 0
  run mlp-mxnet classify --engine MXNet --arch mlp --epochs 100 --patience 3
  run fashion-lenet-classic classify --dataset fashion-mnist --arch lenet-classic --epochs 10 --validation 0
  run convnet classify --arch convnet --epochs 100 --patience 3
  run fashion-lenet-deep-sgd classify --dataset fashion-mnist --arch lenet-deep --optimizer sgd --lr 0.032 \
      --momentum 0.9 --batch-size 32 --epochs 10 --normalize centered --validation 0 --seed 1
}
mkdir -p "$R"
case "${1:-both}" in
  1) lane1 ;;
  2) lane2 ;;
  *) lane1 & lane2 & wait ;;
esac
