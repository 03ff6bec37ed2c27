#!/usr/bin/python3
"""Latent fixtures (tests/fixtures/generator/latents.json): torch-fidelity's own latent code, run.

torch-fidelity 5e211a9 (toshas/torch-fidelity, a temporary checkout, not committed): `utils.sample_random` (noise.py's
random_normal, random_unit, random_uniform_0_1 on numpy's legacy RandomState) and `utils.batch_interp` (batch_lerp,
batch_slerp_any, batch_slerp_unit), on Debian's torch 1.13.1 (AVX2 CPU kernels) and numpy 1.24. For each z_type and
latent size: rng = RandomState(2020); e0 = sample_random(rng, (rows, size)); e1 = sample_random(rng, (rows, size));
then batch_interp(e0, e1, t, mode) for every mode and t in (1e-4, 0.37). Each array is recorded as the SHA-256 of its
float32 little-endian bytes, plus every value's bits for the small cases. Also recorded, to pin the two torch kernels
those functions depend on: torch's float32 `sum(dim=-1)` of rows of 2u - 1 (u = synthetic.uniforms) for many lengths,
and `acos` / `sin` of float32 tensors.

    TORCH_FIDELITY_REPO=/tmp/tfid /usr/bin/python3 parity/make_latent_fixtures.py
"""
import hashlib
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.environ.get("TORCH_FIDELITY_REPO", "/tmp/tfid"))
from torch_fidelity.utils import batch_interp, sample_random  # noqa: E402

from synthetic import uniforms  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "tests", "fixtures", "generator")
SEED = 2020
ROWS = 4
SIZES = [1, 3, 8, 13, 37, 128, 512, 1100]
FULL = {3, 13}          # sizes whose values are stored bit for bit (the rest: SHA-256 only)
TS = [1e-4, 0.37]
SUM_LENGTHS = list(range(1, 41)) + [63, 64, 65, 100, 127, 128, 129, 255, 256, 257, 511, 512, 513, 1000, 1024,
                                    2049, 4100, 16385, 70000, 140001]


def bits(t):
    return [int(b) for b in t.numpy().astype(np.float32).reshape(-1).view(np.uint32)]


def sha(t):
    return hashlib.sha256(t.numpy().astype("<f4").tobytes()).hexdigest()


def record(t, size):
    r = {"sha256": sha(t)}
    if size in FULL:
        r["bits"] = bits(t)
    return r


def sym(seed, n):
    return np.float32(2) * uniforms(seed, n) + np.float32(-1)


def main():
    torch.set_num_threads(1)
    cases = []
    for z_type in ("normal", "unit", "uniform_0_1"):
        for size in SIZES:
            rng = np.random.RandomState(SEED)
            e0 = sample_random(rng, (ROWS, size), z_type)
            e1 = sample_random(rng, (ROWS, size), z_type)
            case = {"z_type": z_type, "size": size, "e0": record(e0, size), "e1": record(e1, size), "interp": []}
            for mode in ("lerp", "slerp_any", "slerp_unit"):
                for t in TS:
                    case["interp"].append({"mode": mode, "t": t, **record(batch_interp(e0, e1, t, mode), size)})
            cases.append(case)

    sums = []
    for n in SUM_LENGTHS:
        x = torch.from_numpy(sym(1000 + n, 2 * n).reshape(2, n))
        sums.append({"n": n, "seed": 1000 + n, "bits": bits(x.sum(dim=-1))})

    acos_special = [-1.0, 1.0, 0.0, -0.0, 0.5, -0.5, 0.49999997, -0.49999997, 0.99999994, -0.99999994]
    sin_special = [0.0, -0.0, 1e-30, 3.1415927, 1.5707964, -2.5]
    acos_in = torch.from_numpy(np.concatenate([sym(11, 1000), np.array(acos_special, np.float32)]))
    sin_in = torch.from_numpy(np.concatenate([np.float32(3.2) * uniforms(12, 1000), np.float32(124) * sym(13, 100),
                                              np.array(sin_special, np.float32)]))
    result = {
        "references": {"torch-fidelity": "5e211a9", "torch": torch.__version__, "numpy": np.__version__,
                       "cpu_capability": [l for l in torch.__config__.show().splitlines() if "CPU capability" in l]},
        "seed": SEED, "rows": ROWS, "cases": cases, "sums": sums,
        "acos": {"inputs": "2u - 1 for u in uniforms(11, 1000), then the specials", "specials": acos_special,
                 "bits": bits(acos_in.acos())},
        "sin": {"inputs": "3.2u for u in uniforms(12, 1000), 124 (2u - 1) for u in uniforms(13, 100), then the specials",
                "specials": sin_special, "bits": bits(sin_in.sin())},
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "latents.json"), "w") as f:
        json.dump(result, f, separators=(",", ":"))
    print("cases", len(cases), "sums", len(sums), "bytes", os.path.getsize(os.path.join(OUT, "latents.json")))


if __name__ == "__main__":
    main()
