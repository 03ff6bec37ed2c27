"""Regenerates tests/fixtures/mind/*.json: MIND (Monge Inception Distance) from torch-fidelity's own code.

Reference: toshas/torch-fidelity @ 5e211a9 (2026-05-11), torch_fidelity/metric_mind.py, mind_features_to_metric
(cuda=False). Its code is not part of this repository: export it and pass the folder, e.g.
    git -C <clone> archive 5e211a9 torch_fidelity | tar -x -C /tmp/tf
    /usr/bin/python3 parity/mind_parity.py --torch-fidelity /tmp/tf
with Debian's torch 1.13.1. Each case runs in a child process with ATEN_CPU_CAPABILITY set (torch's float32 randn
draws depend on it, see parity/make_torch_rng_fixtures.py): "avx2" is what torch 1.13 picks on this machine.

Per case the fixture holds:
- torch_fidelity: mind_features_to_metric(generated, real) (input1 = generated), float32 throughout;
- float64: the same draws (torch randperm of the larger set, torch randn(M, d) float32) with the directions
  normalised and the projections, sorts and means taken in float64 (numpy), which is what GenMetrics computes.
Feature sets come from parity/synthetic.py (bit-identical in C#).
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synthetic import features  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TF_COMMIT = "5e211a9"


def recipe(seed, n, d, shift, factor):
    return {"seed": seed, "n": n, "d": d, "shift": shift, "factor": factor}


def build(r):
    return features(r["seed"], r["n"], r["d"], r["shift"], r["factor"])


CASES = [
    # name, real, generated, options, capability
    ("equal_d64", recipe(101, 1000, 64, 0.0, 0.5), recipe(102, 1000, 64, 0.05, 0.6), {}, "avx2"),
    ("gen_larger_d2048", recipe(111, 1000, 2048, 0.0, 0.5), recipe(112, 1200, 2048, 0.02, 0.5), {}, "avx2"),
    ("real_larger_d128_seed7_m200", recipe(121, 3000, 128, 0.0, 0.5), recipe(122, 2000, 128, 0.3, 0.5),
     {"projections": 200, "seed": 7}, "avx2"),
    ("tail_d17_m100", recipe(131, 500, 17, 0.0, 0.5), recipe(132, 400, 17, -0.1, 0.9),
     {"projections": 100, "seed": 11}, "avx2"),
    ("serial_randn_d3_m5", recipe(141, 60, 3, 0.0, 0.5), recipe(142, 50, 3, 0.5, 0.5),
     {"projections": 5}, "avx2"),
    ("scalar_kernel_d64", recipe(101, 1000, 64, 0.0, 0.5), recipe(102, 1000, 64, 0.05, 0.6), {}, "default"),
]


def float64_mind(gen, real, m, seed):
    import torch
    n1, n2 = len(gen), len(real)
    n, d = min(n1, n2), gen.shape[1]
    g = torch.Generator(device="cpu").manual_seed(seed)
    if n1 > n:
        gen = gen[torch.randperm(n1, generator=g)[:n].numpy()]
    if n2 > n:
        real = real[torch.randperm(n2, generator=g)[:n].numpy()]
    u = torch.randn(m, d, generator=g, dtype=torch.float32).numpy().astype(np.float64)
    u = u / np.maximum(np.linalg.norm(u, axis=1, keepdims=True), 1e-12)
    p1 = np.sort(gen.astype(np.float64) @ u.T, axis=0)
    p2 = np.sort(real.astype(np.float64) @ u.T, axis=0)
    return float(3.0 * d * ((p1 - p2) ** 2).mean(axis=0).mean())


def child(tf_path, names):
    sys.path.insert(0, tf_path)
    import torch
    from torch_fidelity.metric_mind import KEY_METRIC_MIND, mind_features_to_metric
    out = {}
    for name, real_r, gen_r, opt, cap in CASES:
        if name not in names:
            continue
        o = {"projections": 1000, "seed": 2020}
        o.update(opt)
        real, gen = build(real_r), build(gen_r)
        tf = mind_features_to_metric(torch.from_numpy(gen), torch.from_numpy(real), mind_num_projections=o["projections"],
                                     cuda=False, rng_seed=o["seed"], verbose=False)[KEY_METRIC_MIND]
        out[name] = {
            "reference": f"torch-fidelity@{TF_COMMIT} mind_features_to_metric (float32, torch {torch.__version__}); "
                         "float64 = same draws in float64",
            "capability": cap, "real": real_r, "generated": gen_r, "options": o,
            "torch_fidelity": tf, "float64": float64_mind(gen, real, o["projections"], o["seed"]),
        }
    json.dump(out, sys.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--torch-fidelity", required=True, help="folder holding the torch_fidelity package")
    ap.add_argument("--child", nargs="*")
    a = ap.parse_args()
    if a.child is not None:
        child(a.torch_fidelity, set(a.child))
        return
    for cap in sorted({c[4] for c in CASES}):
        names = [c[0] for c in CASES if c[4] == cap]
        env = dict(os.environ, ATEN_CPU_CAPABILITY=cap)
        res = subprocess.run([sys.executable, os.path.abspath(__file__), "--torch-fidelity", a.torch_fidelity,
                              "--child", *names], env=env, check=True, capture_output=True, text=True)
        for name, fx in json.loads(res.stdout).items():
            path = os.path.join(ROOT, "tests", "fixtures", "mind", name + ".json")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                json.dump(fx, f, indent=1)
                f.write("\n")
            rel = abs(fx["torch_fidelity"] - fx["float64"]) / abs(fx["float64"])
            print(f"wrote {path}: torch-fidelity {fx['torch_fidelity']!r}, float64 {fx['float64']!r} (rel {rel:.2e})")


if __name__ == "__main__":
    main()
