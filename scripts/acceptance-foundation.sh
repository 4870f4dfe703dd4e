#!/usr/bin/env bash
# Runs the foundation issue's acceptance experiments on full MNIST (and Fashion-MNIST, MXNet),
# in two lanes so both cores are busy. Results land in runs/acceptance/*/metrics.json; then
# scripts/summarize.py prints the table that goes into the README.
# Usage: scripts/acceptance-foundation.sh [lane]   (lane 1 or 2; default both in parallel)
set -uo pipefail
cd "$(dirname "$0")/.."
R=runs/acceptance
run() { local name=$1; shift; echo "== $name: $*"; ./latentkit "$@" --out "$R/$name" --overwrite > "$R/$name.log" 2>&1; echo "== $name rc=$? $(grep -o 'test accuracy [0-9.]*%' "$R/$name.log" | tail -1)"; }
deep() { # name, seed, extra flags: seed 004's best setting (SGD momentum 0.9, batch 32, 10 epochs)
  local name=$1 seed=$2; shift 2
  run "$name" classify --arch lenet-deep --optimizer sgd --lr 0.032 --momentum 0.9 --batch-size 32 \
    --epochs 10 --normalize centered --validation 0 --seed "$seed" "$@"
}
lane1() {
  run lenet-classic classify --arch lenet-classic --epochs 10 --validation 0
  run mlp classify --arch mlp --epochs 100 --patience 3
  run sweep-mlp sweep-samples --arch mlp --epochs 10
  for s in 1 2 3; do deep lenet-deep-sgd-cosine-s$s $s --lr-schedule cosine; done
  for s in 1 2; do deep lenet-deep-sgd-s$s $s; done          # the seed's constant lr (faithful)
  run fashion-mlp classify --dataset fashion-mnist --arch mlp --epochs 100 --patience 3
}
lane2() {
  run lenet-classic-mxnet classify --engine MXNet --arch lenet-classic --epochs 10 --validation 0
  run mlp-mxnet classify --engine MXNet --arch mlp --epochs 100 --patience 3
  deep lenet-deep-sgd-cosine-mxnet-s1 1 --lr-schedule cosine --engine MXNet
  run fashion-lenet-classic classify --dataset fashion-mnist --arch lenet-classic --epochs 10 --validation 0
  deep fashion-lenet-deep-sgd-cosine 1 --lr-schedule cosine --dataset fashion-mnist
  run convnet-cosine classify --arch convnet --epochs 10 --patience 3 --lr-schedule cosine
  run convnet classify --arch convnet --epochs 100 --patience 3   # the seed's constant lr (faithful)
}
mkdir -p "$R"
case "${1:-both}" in
  1) lane1 ;;
  2) lane2 ;;
  *) lane1 & lane2 & wait ;;
esac
