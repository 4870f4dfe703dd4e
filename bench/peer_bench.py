#!/usr/bin/env python3
"""PyTorch (Python) peer of `latentkit bench`, for bench/compare.sh.

Same models, data and settings as /work/shared/bench/peer_torch.py (which it imports), measured the
way `latentkit bench` measures: --warmup unmeasured steps, then --epochs bench epochs of --batches
steps (0 = full epochs of 60,000), timing each step's phases (data, forward, backward, optimizer).
On the CPU every PyTorch operator is synchronous, so the phase split needs no synchronisation.

Set-up (Debian packages): apt-get install -y python3-torch libopenblas0-pthread
Usage: /usr/bin/python3 bench/peer_bench.py DATA_DIR --model lenet-classic|mlp|dense-ae
       [--threads N] [--batch-size N] [--warmup N] [--batches N] [--epochs N] [--peer PATH]
       [--profile TRACE.json]   (records the measured steps with torch.autograd.profiler, Chrome trace)
       [--flush-denormal]       (torch.set_flush_denormal(True), for the "ftz" setting of compare.sh)
Prints one JSON line: samples_per_second, epoch_equivalent_seconds, step_ms split, by_epoch (seconds and CPU
seconds of each measured epoch), ...
"""
import argparse
import importlib.util
import json
import os
import time

import torch
import torch.nn as nn

DEFAULT_PEER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench",
                            "peer_torch.py")


def load_peer(path):
    spec = importlib.util.spec_from_file_location("peer_torch", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def call_overhead(n, threads):
    """The same two loops as latentkit's CallOverhead: c = a + b on one-element tensors, and
    y = a * b with its backward, n times each after n unmeasured ones; microseconds per call."""
    torch.set_num_threads(threads)
    a = torch.ones(1)
    b = torch.ones(1)

    def fwd():
        for _ in range(n):
            a + b

    g = torch.ones(1, requires_grad=True)

    def bwd():
        for _ in range(n):
            (g * b).backward()

    out = {}
    for name, loop in (("forward_us", fwd), ("forward_backward_us", bwd)):
        loop()
        t = time.perf_counter()
        loop()
        out[name] = round(1e6 * (time.perf_counter() - t) / n, 3)
    print(json.dumps({"peer": "pytorch-python " + torch.__version__, "threads": threads,
                      "call_overhead": dict(out, iterations=n)}))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("data_dir")
    p.add_argument("--model", default="lenet-classic")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=None)
    p.add_argument("--warmup", type=int, default=50)
    p.add_argument("--batches", type=int, default=300)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--peer", default=os.environ.get("PEER", DEFAULT_PEER))
    p.add_argument("--profile", default=None)
    p.add_argument("--call-overhead", type=int, default=0)
    p.add_argument("--flush-denormal", action="store_true",
                   help="torch.set_flush_denormal(True): the CPU treats subnormal values as zero")
    a = p.parse_args()
    if a.flush_denormal and not torch.set_flush_denormal(True):
        raise SystemExit("--flush-denormal: this CPU does not support flushing denormals")
    if a.call_overhead:
        return call_overhead(a.call_overhead, a.threads)
    peer = load_peer(a.peer)
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    x, y, _, _ = peer.load(a.data_dir)
    ae = a.model == "dense-ae"
    if not ae:  # classifiers see [-1, 1] inputs, as in seed 004
        x = x * 2 - 1
    bs = a.batch_size or (512 if ae else 32)
    net = peer.model(a.model)
    if ae:
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        loss_fn = nn.MSELoss()
    else:
        opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
        loss_fn = nn.CrossEntropyLoss()
    n = x.shape[0]
    full = (n + bs - 1) // bs
    phases = {"data": 0.0, "forward": 0.0, "backward": 0.0, "optimizer": 0.0}

    def epoch(steps, timed):
        perm = torch.randperm(n)
        samples = 0
        clock = time.perf_counter
        last = clock()
        for s in range(steps):
            i = (s % full) * bs
            idx_ = perm[i:i + bs]
            xb = x[idx_]
            target = xb.flatten(1) if ae else y[idx_]
            opt.zero_grad()
            t = clock()
            if timed:
                phases["data"] += t - last
            loss = loss_fn(net(xb), target)
            t2 = clock()
            loss.backward()
            loss.item()  # latentkit reads the loss every step too
            t3 = clock()
            opt.step()
            t4 = clock()
            if timed:
                phases["forward"] += t2 - t
                phases["backward"] += t3 - t2
                phases["optimizer"] += t4 - t3
            last = t4
            samples += idx_.shape[0]
        return samples

    if a.warmup > 0:
        epoch(a.warmup, False)
    steps = a.batches if a.batches > 0 else full
    total_samples = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    prof = torch.autograd.profiler.profile() if a.profile else None
    if prof:
        prof.__enter__()
    by_epoch = []
    for i in range(a.epochs):
        t0, c0 = time.perf_counter(), time.process_time()
        k = epoch(steps, True)
        total_samples += k
        by_epoch.append({"epoch": i + 1, "samples": k, "seconds": round(time.perf_counter() - t0, 4),
                         "cpu_seconds": round(time.process_time() - c0, 4)})
    if prof:
        prof.__exit__(None, None, None)
        prof.export_chrome_trace(a.profile)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    sps = total_samples / seconds
    total_steps = steps * a.epochs
    step_ms = {k: 1000 * v / total_steps for k, v in phases.items()}
    step_ms["total"] = 1000 * seconds / total_steps
    print(json.dumps({"peer": "pytorch-python " + torch.__version__, "model": a.model, "threads": a.threads,
                      "flush_denormal": a.flush_denormal,
                      "batch_size": bs, "warmup_batches": a.warmup, "steps": total_steps,
                      "samples": total_samples, "seconds": round(seconds, 4),
                      "cpu_seconds": round(cpu_seconds, 4),
                      "samples_per_second": round(sps, 1), "samples_per_cpu_second": round(total_samples / cpu_seconds, 1),
                      "epoch_equivalent_seconds": round(n / sps, 3),
                      "step_ms": {k: round(v, 4) for k, v in step_ms.items()}, "by_epoch": by_epoch}))


if __name__ == "__main__":
    main()
