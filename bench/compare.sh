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
#   EPOCHS=3        measured epochs per run; the summary compares the first and the last of them (latentkit's JIT
#                   compiler is still at work in the first: see docs/performance.md)
#   PEER_BLAS="installed capped"  the peer's BLAS settings tried: "installed" leaves Debian's OpenBLAS
#                   pool as it is (it runs matrix products on all cores even at torch.set_num_threads(1));
#                   "capped" sets OPENBLAS_NUM_THREADS to the thread setting; "tcmalloc" is "capped" with
#                   tcmalloc preloaded, the allocator latentkit's launcher preloads when the system has it
#                   (tried by default when libtcmalloc-minimal4 is installed); "ftz" is "tcmalloc" (or "capped"
#                   without tcmalloc) with torch.set_flush_denormal(True), so that the CPU treats subnormal values as
#                   zero (the peer's MLP momentum goes subnormal as latentkit's did; latentkit's optimisers flush it).
#                   Each is one more peer setting.
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
rounds=${ROUNDS:-2}; threads=${THREADS:-1 2}; batches=${BATCHES:-0}; warmup=${WARMUP:-50}; epochs=${EPOCHS:-3}
tcm=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
blas=${PEER_BLAS:-installed capped$([ -r "$tcm" ] && echo " tcmalloc") ftz}
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
    --batches "$batches" --epochs "$epochs" --out "$dir" --overwrite >/dev/null 2>"$dir.err" || { cat "$dir.err" >&2; exit 1; }
  cp "$dir/bench.json" "$3"
}
pt() { # workload threads file [capped]
  local env=(X=1)
  case "${4:-}" in
    capped) env=(OPENBLAS_NUM_THREADS="$2") ;;
    tcmalloc) env=(OPENBLAS_NUM_THREADS="$2" LD_PRELOAD="$tcm") ;;
    ftz) env=(OPENBLAS_NUM_THREADS="$2"); [ -r "$tcm" ] && env+=(LD_PRELOAD="$tcm") ;;
  esac
  env "${env[@]}" $py bench/peer_bench.py "$data" --model "$1" --threads "$2" --warmup "$warmup" \
    --batches "$batches" --epochs "$epochs" $([ "${4:-}" = ftz ] && echo --flush-denormal) > "$3"
}
field() { $py -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d[sys.argv[2]])' "$1" "$2"; }

echo "latentkit $(git rev-parse --short HEAD 2>/dev/null || echo ?) vs $($py -c 'import torch; print("PyTorch", torch.__version__)') (Python); $(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | xargs); $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
printf "%-14s %-5s %-15s %7s %9s %9s %11s %6s\n" workload round side threads "epoch 1 s" "epoch $epochs s" "cpu s/epoch" load
# epoch seconds (scaled to 60,000 samples) of measured epoch I (1-based; 0 = the last), or CPU seconds per epoch
epoch_s() { $py -c '
import json, sys
d = json.load(open(sys.argv[1])); i = int(sys.argv[2])
if i < 0:
    print(round(60000 * d["cpu_seconds"] / d["samples"], 3))
else:
    e = d["by_epoch"][i - 1 if i > 0 else -1]
    print(round(60000 * e["seconds"] / e["samples"], 3))' "$@"; }
summary=()
for w in "${workloads[@]}"; do
  experiment "$w" >/dev/null
  for r in $(seq 1 "$rounds"); do
    for t in $threads; do
      for run in lk $(for b in $blas; do echo "pt:$b"; done); do
        side=${run%%:*}; variant=${run#*:}; [ "$side" = lk ] && variant=""
        f="$out/$w-$side${variant:+-$variant}-$t-$r.json"; l=$(load)
        $side "$w" "$t" "$f" "$variant"
        printf "%-14s %-5s %-15s %7s %9.2f %9.2f %11.2f %6s\n" "$w" "$r" "$([ $side = lk ] && echo latentkit || echo "peer${variant:+-$variant}")" \
          "$t" "$(epoch_s "$f" 1)" "$(epoch_s "$f" 0)" "$(epoch_s "$f" -1)" "$l"
      done
    done
  done
  # best (lowest) time of each side over its settings and rounds, for the first and the last measured epoch
  summary+=("$($py - "$out" "$w" "$epochs" <<'PY'
import glob, json, os, sys
out, w, n = sys.argv[1], sys.argv[2], sys.argv[3]
best = {}
for f in glob.glob(os.path.join(out, w + "-*.json")):
    side, setting = os.path.basename(f)[len(w) + 1:-5].split("-", 1)
    setting = setting.rsplit("-", 1)[0]  # drop the round
    d = json.load(open(f))
    for i, e in ((0, d["by_epoch"][0]), (1, d["by_epoch"][-1])):
        s = 60000 * e["seconds"] / e["samples"]
        if (side, i) not in best or s < best[(side, i)][0]:
            best[(side, i)] = (s, setting)
def name(s):
    return (s.replace("installed-", "").replace("capped-", "OpenBLAS capped, ")
            .replace("tcmalloc-", "OpenBLAS capped + tcmalloc, ")
            .replace("ftz-", "OpenBLAS capped + tcmalloc + flush-denormal, ") + " thr")
parts = []
for i, label in ((0, "epoch 1"), (1, "epoch " + n)):
    (l, ls), (p, ps) = best[("lk", i)], best[("pt", i)]
    parts.append("%s: latentkit %.2f s (%s), peer %.2f s (%s), ratio %.2fx" % (label, l, name(ls), p, name(ps), l / p))
print("%-14s %s" % (w, parts[0]) + ("" if n == "1" else "\n%-14s %s" % ("", parts[1])))
PY
)")
done
echo
echo "epoch seconds, best setting of each side over all rounds (ratio = latentkit / peer, lower is better):"
printf "%s\n" "${summary[@]}"
