"""Regenerates tests/fixtures/torch_rng/draws.json: PyTorch CPU generator draws (torch.Generator().manual_seed,
torch.randperm, torch.randn in float32 and float64) that Numerics/TorchGenerator.cs reproduces bit for bit.

Run with Debian's torch 1.13 (python3-torch 1.13.1):  /usr/bin/python3 parity/make_torch_rng_fixtures.py

torch's randn depends on the CPU kernel ATen dispatches to (aten/src/ATen/native/cpu/DistributionTemplates.h):
float32 tensors of 16 or more elements go through normal_fill_AVX2 (Cephes log256_ps / sincos256_ps of
avx_mathfun.h) when ATen runs its AVX2 kernels, and through the scalar normal_fill (the C library's logf, cosf,
sinf) otherwise. The script runs itself once per ATEN_CPU_CAPABILITY (default, avx2, avx512), checks that avx512
gives the same draws as avx2 (it does, bit for bit) and records default and avx2; torch 1.13 picks
avx2 on an AVX2 or AVX-512 machine unless told otherwise. randperm and float64 randn do not depend on it.

Arrays of up to 33 values are stored in full (a float32 is exact as a JSON double); longer ones as the SHA-256 of
their little-endian bytes plus the first and last 8 values.
"""
import hashlib
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = [0, 1, 7, 2020, 123456789, 4294967295, 4294967296 + 5, 67280421310721]
CAPABILITIES = ["default", "avx2", "avx512"]


def summary(t):
    import numpy as np
    a = t.numpy()
    if a.dtype == np.int64:
        vals = [int(v) for v in a]
    else:
        vals = [float(v) for v in a.reshape(-1)]
    out = {"dtype": str(a.dtype), "n": int(a.size)}
    if a.size <= 33:
        out["values"] = vals
    else:
        out["sha256"] = hashlib.sha256(np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes()).hexdigest()
        out["head"] = vals[:8]
        out["tail"] = vals[-8:]
    return out


def draws():
    import torch
    assert torch.__version__.startswith("1.13"), torch.__version__
    cases = []
    for seed in SEEDS:
        case = {"seed": seed, "randperm": {}, "randn32": {}, "randn64": {}}
        for n in [0, 1, 2, 3, 10, 100, 1000, 5000, 65537]:
            g = torch.Generator().manual_seed(seed)
            case["randperm"][str(n)] = summary(torch.randperm(n, generator=g))
        for n in [1, 2, 5, 15, 16, 17, 31, 32, 33, 48, 100, 1000, 4096 + 7]:
            g = torch.Generator().manual_seed(seed)
            case["randn32"][str(n)] = summary(torch.randn(n, generator=g, dtype=torch.float32))
            g = torch.Generator().manual_seed(seed)
            case["randn64"][str(n)] = summary(torch.randn(n, generator=g, dtype=torch.float64))
        # One generator through a sequence of calls: the serial path's cached second normal (shared by float32 and
        # float64 calls below 16 elements), then vectorised fills and a permutation in between.
        g = torch.Generator().manual_seed(seed)
        seq = [
            ("randn32", 5, torch.randn(5, generator=g, dtype=torch.float32)),
            ("randn64", 3, torch.randn(3, generator=g, dtype=torch.float64)),
            ("randn32", 20, torch.randn(4, 5, generator=g, dtype=torch.float32)),
            ("randperm", 1200, torch.randperm(1200, generator=g)),
            ("randn32", 1, torch.randn(1, generator=g, dtype=torch.float32)),
            ("randn64", 40, torch.randn(40, generator=g, dtype=torch.float64)),
            ("randn32", 3, torch.randn(3, generator=g, dtype=torch.float32)),
        ]
        case["sequence"] = [{"op": op, "n": n, **summary(t.reshape(-1))} for op, n, t in seq]
        cases.append(case)
    # MIND's draws with torch-fidelity's defaults: randperm of the larger set, then randn(1000, 2048).
    g = torch.Generator().manual_seed(2020)
    perm = torch.randperm(12000, generator=g)[:10000]
    dirs = torch.randn(1000, 2048, generator=g, dtype=torch.float32)
    mind = {"seed": 2020, "randperm_12000_first_10000": summary(perm), "randn_1000_2048": summary(dirs.reshape(-1))}
    return {"torch": torch.__version__, "cases": cases, "mind_default": mind}


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        json.dump(draws(), sys.stdout)
        return
    out = {"reference": "torch 1.13.1 (Debian python3-torch) CPU generator", "capabilities": {}}
    for cap in CAPABILITIES:
        env = dict(os.environ, ATEN_CPU_CAPABILITY=cap)
        res = subprocess.run([sys.executable, os.path.abspath(__file__), "--child"], env=env, check=True,
                             capture_output=True, text=True)
        out["capabilities"][cap] = json.loads(res.stdout)
    assert out["capabilities"]["avx512"] == out["capabilities"]["avx2"], "avx512 draws differ from avx2"
    del out["capabilities"]["avx512"]
    path = os.path.join(ROOT, "tests", "fixtures", "torch_rng", "draws.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print("wrote", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
