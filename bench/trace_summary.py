#!/usr/bin/env python3
"""Summarises an operator profile (Chrome trace) per training step, for both sides of bench/profile.sh.

Usage: /usr/bin/python3 bench/trace_summary.py TRACE.json STEPS WALL_MS_PER_STEP [--top N] [--json]

Reads the events of phase "X" (complete events; in a Kineto trace only those of category cpu_op). An
event is a *top-level call* when no earlier event of the same thread is still running at its start:
an operator the program called itself (forward, an optimiser update, the loss), or an autograd node
the backward pass ran; the operators inside it (aten::linear's aten::addmm, say) are not counted
again. Per step it prints:
  calls        top-level calls / STEPS
  native ms    the top-level calls' summed duration / STEPS (time inside the engine)
  outside ms   WALL_MS_PER_STEP - native ms: time between engine calls (the host language, the binding,
               the loop, the data feed), which with `calls` gives the cost per call outside the engine.
WALL_MS_PER_STEP is the profiled run's own step time, so that both parts come from one run; the
profiler adds its own cost to every call, on both sides, so compare the parts, not the totals, with
an unprofiled run. Then the top N operators by
native time, with their calls per step.
"""
import json
import sys
from collections import defaultdict


def events(path):
    with open(path) as f:
        data = json.load(f)
    evs = data["traceEvents"] if isinstance(data, dict) else data
    out = []
    for e in evs:
        if e.get("ph") != "X" or "dur" not in e:
            continue
        if "cat" in e and e["cat"] not in ("cpu_op", "Operator"):
            continue
        out.append((e.get("pid"), e.get("tid"), float(e["ts"]), float(e["dur"]), e["name"]))
    return out


def top_level(evs):
    by_thread = defaultdict(list)
    for pid, tid, ts, dur, name in evs:
        by_thread[(pid, tid)].append((ts, -dur, name))
    tops = []
    for rows in by_thread.values():
        rows.sort()
        end = float("-inf")
        for ts, neg, name in rows:
            if ts >= end:
                tops.append((name, -neg))
                end = ts - neg
    return tops


def main():
    argv = sys.argv[1:]
    top = 12
    if "--top" in argv:
        i = argv.index("--top")
        top = int(argv[i + 1])
        del argv[i:i + 2]
    args = [a for a in argv if not a.startswith("--")]
    path, steps, wall = args[0], int(args[1]), float(args[2])
    tops = top_level(events(path))
    native = sum(d for _, d in tops) / 1000.0 / steps
    calls = len(tops) / steps
    per = defaultdict(lambda: [0, 0.0])
    for name, d in tops:
        per[name][0] += 1
        per[name][1] += d
    ranked = sorted(per.items(), key=lambda kv: -kv[1][1])
    outside = wall - native
    summary = {"calls_per_step": round(calls, 1), "native_ms_per_step": round(native, 3),
               "wall_ms_per_step": wall, "outside_ms_per_step": round(outside, 3),
               "outside_us_per_call": round(1000 * outside / calls, 2) if calls else None,
               "top": [{"op": n, "calls_per_step": round(c / steps, 2), "ms_per_step": round(t / 1000 / steps, 4)}
                       for n, (c, t) in ranked[:top]]}
    if "--json" in sys.argv:
        print(json.dumps(summary))
        return
    print(f"{calls:.1f} calls/step, {native:.3f} ms/step inside the engine, {outside:.3f} ms outside "
          f"({summary['outside_us_per_call']} us per call), wall {wall:.3f} ms")
    for row in summary["top"]:
        print(f"  {row['op']:<60} {row['calls_per_step']:>7.2f} calls {row['ms_per_step']:>8.4f} ms")


if __name__ == "__main__":
    main()
