#!/usr/bin/env bash
# Where each side's step time goes: engine calls per step, time inside the engine, and time between
# calls, for latentkit and the PyTorch (Python) peer on the same workloads. Not part of CI.
#
# Usage: bench/profile.sh [workload ...]     workloads: lenet-classic mlp dense-ae (default: all three)
# Environment: BATCHES=200 measured steps, WARMUP=50, THREADS=1, OUT=DIR to keep the runs and traces.
# Per workload and side: one unprofiled run gives the step time; one profiled run (latentkit bench
# --profile; peer_bench.py --profile) gives the trace, which bench/trace_summary.py reads the same way
# for both, against that run's own step time (the profiler slows both sides' calls, so the profiled
# split shows where the time goes, and the unprofiled step how long it takes). The peer's OpenBLAS is capped at THREADS. Run it on an otherwise quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
workloads=("$@"); [ ${#workloads[@]} -eq 0 ] && workloads=(lenet-classic mlp dense-ae)
batches=${BATCHES:-200}; warmup=${WARMUP:-50}; threads=${THREADS:-1}
data="${LATENTKIT_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/latentkit}/mnist"
py=/usr/bin/python3
$py -c 'import torch' 2>/dev/null || { echo "install the peer first: apt-get install -y python3-torch libopenblas0-pthread" >&2; exit 2; }
if [ -n "${OUT:-}" ]; then out=$OUT; mkdir -p "$out"; else out=$(mktemp -d); trap 'rm -rf "$out"' EXIT; fi
./latentkit --version >/dev/null
experiment() { case $1 in lenet-classic) echo classify:lenet-classic ;; mlp) echo classify:mlp ;;
  dense-ae) echo autoencode:dense ;; *) echo "unknown workload $1 (valid: lenet-classic mlp dense-ae)" >&2; exit 2 ;; esac; }
field() { $py -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["step_ms"]["total"] if sys.argv[2] == "ms" else d["steps"])' "$1" "$2"; }
lk() { # workload dir [--profile]
  ./latentkit bench --experiment "$(experiment "$1")" --threads "$threads" --warmup "$warmup" \
    --batches "$batches" --out "$2" --overwrite ${3:-} >/dev/null 2>"$2.err" || { cat "$2.err" >&2; exit 1; }
}
pt() { # workload json [trace]
  OPENBLAS_NUM_THREADS=$threads $py bench/peer_bench.py "$data" --model "$1" --threads "$threads" \
    --warmup "$warmup" --batches "$batches" ${3:+--profile "$3"} > "$2"
}
echo "latentkit $(git rev-parse --short HEAD 2>/dev/null || echo ?) vs PyTorch $($py -c 'import torch; print(torch.__version__)') (Python);" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $threads thread(s); $batches steps; $(date -u +%Y-%m-%dT%H:%MZ)"
for w in "${workloads[@]}"; do
  experiment "$w" >/dev/null
  lk "$w" "$out/$w-lk"; pt "$w" "$out/$w-pt.json"
  lk "$w" "$out/$w-lk-prof" --profile; pt "$w" "$out/$w-pt-prof.json" "$out/$w-pt-trace.json"
  echo; echo "== $w, unprofiled step: latentkit $(field "$out/$w-lk/bench.json" ms) ms, peer $(field "$out/$w-pt.json" ms) ms"
  echo "latentkit:"; $py bench/trace_summary.py "$out/$w-lk-prof/trace.json" \
    "$(field "$out/$w-lk-prof/bench.json" steps)" "$(field "$out/$w-lk-prof/bench.json" ms)" --top "${TOP:-8}"
  echo "peer:"; $py bench/trace_summary.py "$out/$w-pt-trace.json" \
    "$(field "$out/$w-pt-prof.json" steps)" "$(field "$out/$w-pt-prof.json" ms)" --top "${TOP:-8}"
done
