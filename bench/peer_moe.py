#!/usr/bin/env python3
"""PyTorch (Python) peer for the mixture of 10 VAE experts (seed 002), with a Python loop over experts.

The comparison point for latentkit's mixture trainer: `latentkit bench --experiment moe:...` batched
against looped experts, and this script as the Python baseline. Measured like bench/peer_bench.py:
--warmup unmeasured steps, then --epochs epochs of --batches steps (0 = full epochs), timing the phases.

Model (seed 002, as /work/shared/reference/originals.md records it):
  expert i (10 of them): encoder 784-128 sigmoid -> (mu, logvar) of size 10, var = 1e-5 + exp(logvar);
                         decoder 10-128 sigmoid -> 784 sigmoid;
                         L_i = -sum_j log N(x_j; xhat_j, sigma = 0.5) + KL(q(z|x) || N(0, I))
  manager: 784-128 sigmoid -> 10 softmax, p = manager(x)
  loss = mean over the batch of sum_i p_i L_i + 0.1 * Var_i(sum over the batch of p_i)
  Adam lr 1e-3, batch 100, pixels in [0, 1], the 60,000 training images (no labels used).
The experts run one after another in a Python loop (`--batched` runs them as one batched product with
torch.bmm instead, for reference).

Set-up (Debian packages): apt-get install -y python3-torch libopenblas0-pthread
Usage: /usr/bin/python3 bench/peer_moe.py DATA_DIR [--threads N] [--batch-size 100] [--warmup 20]
       [--batches 200] [--epochs 1] [--experts 10] [--batched] [--peer PATH]
Prints one JSON line: samples_per_second, epoch_equivalent_seconds, step_ms split, final loss.
"""
import argparse
import importlib.util
import json
import math
import os
import time

import torch
import torch.nn as nn

DEFAULT_PEER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench",
                            "peer_torch.py")
D, H, Z = 784, 128, 10
LOG_NORM = 0.5 * math.log(2 * math.pi) + math.log(0.5)  # -log N(x; x, 0.5) per pixel, the constant part


def load_peer(path):
    spec = importlib.util.spec_from_file_location("peer_torch", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class Expert(nn.Module):
    """One VAE: 784-128-(mu, logvar) encoder, 10-128-784 decoder, sigmoid hidden units."""

    def __init__(self):
        super().__init__()
        self.enc = nn.Linear(D, H)
        self.mu = nn.Linear(H, Z)
        self.logvar = nn.Linear(H, Z)
        self.dec1 = nn.Linear(Z, H)
        self.dec2 = nn.Linear(H, D)

    def loss(self, x):
        """Per-image loss L_i of shape (B,)."""
        h = torch.sigmoid(self.enc(x))
        mu, logvar = self.mu(h), self.logvar(h)
        var = 1e-5 + torch.exp(logvar)
        z = mu + torch.sqrt(var) * torch.randn_like(mu)
        xhat = torch.sigmoid(self.dec2(torch.sigmoid(self.dec1(z))))
        nll = ((x - xhat) ** 2 / (2 * 0.25)).sum(1) + D * LOG_NORM
        kl = 0.5 * (var + mu ** 2 - 1 - torch.log(var)).sum(1)
        return nll + kl


class BatchedExperts(nn.Module):
    """The same experts as stacked weights, run with one batched product per layer."""

    def __init__(self, n):
        super().__init__()
        def w(i, o):
            lin = [nn.Linear(i, o) for _ in range(n)]
            return (nn.Parameter(torch.stack([l.weight.t() for l in lin]).detach().clone()),
                    nn.Parameter(torch.stack([l.bias for l in lin]).unsqueeze(1).detach().clone()))
        self.enc_w, self.enc_b = w(D, H)
        self.mu_w, self.mu_b = w(H, Z)
        self.lv_w, self.lv_b = w(H, Z)
        self.d1_w, self.d1_b = w(Z, H)
        self.d2_w, self.d2_b = w(H, D)
        self.n = n

    def losses(self, x):
        """Per-expert, per-image losses of shape (B, n)."""
        xs = x.unsqueeze(0).expand(self.n, -1, -1)
        h = torch.sigmoid(torch.baddbmm(self.enc_b, xs, self.enc_w))
        mu = torch.baddbmm(self.mu_b, h, self.mu_w)
        var = 1e-5 + torch.exp(torch.baddbmm(self.lv_b, h, self.lv_w))
        z = mu + torch.sqrt(var) * torch.randn_like(mu)
        xhat = torch.sigmoid(torch.baddbmm(self.d2_b, torch.sigmoid(torch.baddbmm(self.d1_b, z, self.d1_w)), self.d2_w))
        nll = ((xs - xhat) ** 2 / (2 * 0.25)).sum(2) + D * LOG_NORM
        kl = 0.5 * (var + mu ** 2 - 1 - torch.log(var)).sum(2)
        return (nll + kl).t()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("data_dir")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=100)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--batches", type=int, default=200)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--experts", type=int, default=10)
    p.add_argument("--batched", action="store_true")
    p.add_argument("--peer", default=os.environ.get("PEER", DEFAULT_PEER))
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    x, _, _, _ = load_peer(a.peer).load(a.data_dir)
    x = x.flatten(1)
    n, bs = x.shape[0], a.batch_size
    manager = nn.Sequential(nn.Linear(D, H), nn.Sigmoid(), nn.Linear(H, a.experts), nn.Softmax(dim=1))
    if a.batched:
        experts = BatchedExperts(a.experts)
        params = list(manager.parameters()) + list(experts.parameters())
        per_expert = experts.losses
    else:
        experts = nn.ModuleList([Expert() for _ in range(a.experts)])
        params = list(manager.parameters()) + list(experts.parameters())
        per_expert = lambda xb: torch.stack([e.loss(xb) for e in experts], 1)  # the Python loop
    opt = torch.optim.Adam(params, lr=1e-3)
    full = n // bs
    phases = {"data": 0.0, "forward": 0.0, "backward": 0.0, "optimizer": 0.0}
    last_loss = [float("nan")]

    def epoch(steps, timed):
        perm = torch.randperm(n)
        samples = 0
        clock = time.perf_counter
        last = clock()
        for s in range(steps):
            i = (s % full) * bs
            xb = x[perm[i:i + bs]]
            opt.zero_grad()
            t = clock()
            pm = manager(xb)
            losses = per_expert(xb)
            importance = pm.sum(0)
            loss = (pm * losses).sum(1).mean() + 0.1 * importance.var(unbiased=False)
            t2 = clock()
            loss.backward()
            last_loss[0] = loss.item()
            t3 = clock()
            opt.step()
            t4 = clock()
            if timed:
                phases["data"] += t - last
                phases["forward"] += t2 - t
                phases["backward"] += t3 - t2
                phases["optimizer"] += t4 - t3
            last = t4
            samples += xb.shape[0]
        return samples

    if a.warmup > 0:
        epoch(a.warmup, False)
    steps = a.batches if a.batches > 0 else full
    total = 0
    start, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(a.epochs):
        total += epoch(steps, True)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu0
    sps = total / seconds
    step_ms = {k: 1000 * v / (steps * a.epochs) for k, v in phases.items()}
    step_ms["total"] = 1000 * seconds / (steps * a.epochs)
    print(json.dumps({"peer": "pytorch-python " + torch.__version__, "model": "moe-vae",
                      "experts": a.experts, "mode": "batched" if a.batched else "python-loop",
                      "threads": a.threads, "batch_size": bs, "warmup_batches": a.warmup,
                      "steps": steps * a.epochs, "samples": total, "seconds": round(seconds, 4),
                      "cpu_seconds": round(cpu, 4), "samples_per_second": round(sps, 1),
                      "samples_per_cpu_second": round(total / cpu, 1),
                      "epoch_equivalent_seconds": round(n / sps, 3),
                      "step_ms": {k: round(v, 4) for k, v in step_ms.items()},
                      "final_loss": round(last_loss[0], 3)}))


if __name__ == "__main__":
    main()
