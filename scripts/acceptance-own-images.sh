#!/usr/bin/env bash
# Issue 12's "own images" acceptance on full MNIST: write MNIST as PNG folders (one subfolder per
# digit), train on the folder, evaluate on it, and predict every test PNG; the predictions' accuracy
# must equal eval's. Results in runs/own-images/. LATENTKIT=path overrides the launcher.
set -uo pipefail
cd "$(dirname "$0")/.."
LK=${LATENTKIT:-./latentkit}
R=runs/own-images
rm -rf "$R"; mkdir -p "$R"
$LK export-images --out "$R/png" > "$R/export.log" 2>&1 || { echo "export failed"; exit 1; }
$LK classify --arch lenet-classic --epochs 3 --data-dir "$R/png" --out "$R/classify" 2>"$R/classify.log" | tee "$R/classify.txt"
$LK eval --model "$R/classify" --data-dir "$R/png" 2>"$R/eval.log" | tee "$R/eval.txt"
right=0; total=0; first=0
for d in 0 1 2 3 4 5 6 7 8 9; do
  $LK predict --model "$R/classify" "$R/png/test/$d" > "$R/predict-$d.txt" 2>>"$R/predict.log"
  r=$(awk -v d="$d" '$2 == d' "$R/predict-$d.txt" | wc -l); n=$(wc -l < "$R/predict-$d.txt")
  right=$((right + r)); total=$((total + n))
done
echo "predict: $right of $total test PNGs right ($(awk -v r=$right -v t=$total 'BEGIN { printf "%.2f%%", 100 * r / t }'))"
