"""Regenerates tests/fixtures/kid/*.json and tests/fixtures/is/*.json (and tests/fixtures/kid/random_state.json).

Reference: torch-fidelity, github.com/toshas/torch-fidelity @ 5e211a9 (v0.4.0+, torch_fidelity/metric_kid.py and
metric_isc.py). Its code is not part of this repository: export a checkout and pass its folder, e.g.
    git -C <clone> archive 5e211a9 torch_fidelity | tar -x -C /tmp/tf
    OPENBLAS_NUM_THREADS=2 /usr/bin/python3 parity/kid_is_parity.py --torch-fidelity /tmp/tf
Runs with Debian's numpy 1.24 / torch 1.13 (numpy's legacy RandomState is frozen, so the draws do not depend on it).

Feature sets come from parity/synthetic.py (bit-identical in C#), so the fixtures store only recipes and numbers:
- KID: torch-fidelity's kid_features_to_metric (float32 numpy) on (input1 = generated, input2 = real), and the same
  algorithm (same RandomState draws, generated first) recomputed entirely in float64, per-subset values included.
- IS: torch-fidelity's isc_features_to_metric on float32 logits = scale * features(...).
- RandomState: numpy's legacy permutation / choice / random_sample / randn for several seeds and sizes.
"""
import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synthetic import features  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TF_COMMIT = "5e211a9"


def write(rel, obj):
    path = os.path.join(ROOT, "tests", "fixtures", *rel.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")
    print("wrote", path)


def recipe(seed, n, d, shift, factor):
    return {"seed": seed, "n": n, "d": d, "shift": shift, "factor": factor}


def build(r):
    return features(r["seed"], r["n"], r["d"], r["shift"], r["factor"])


# ---------------------------------------------------------------- RandomState

def perm_summary(p):
    p = np.asarray(p, dtype=np.int64)
    # A weighted checksum catches any difference without storing 50k numbers.
    w = np.arange(1, len(p) + 1, dtype=np.int64)
    return {"head": p[:20].tolist(), "tail": p[-20:].tolist(), "weighted_sum": int((w * p).sum())}


def random_state_fixture():
    cases = []
    for seed in [0, 1, 2020, 123456789, 4294967295]:
        perms = {}
        for n in [1, 2, 3, 5, 17, 1000, 1025, 50000]:
            p = np.random.RandomState(seed).permutation(n)
            perms[str(n)] = p.tolist() if n <= 1025 else perm_summary(p)
        rs = np.random.RandomState(seed)
        # Consecutive draws from one generator: choices then uniforms then gaussians (caching included).
        c1 = rs.choice(1200, 1000, replace=False)
        c2 = rs.choice(1500, 7, replace=False)
        u = rs.random_sample(5)
        g = rs.randn(7)
        u2 = rs.random_sample(2)
        cases.append({
            "seed": seed,
            "permutation": perms,
            "sequence": {
                "choice_1200_1000": perm_summary(c1),
                "choice_1500_7": c2.tolist(),
                "random_sample_5": [float(v) for v in u],
                "randn_7": [float(v) for v in g],
                "random_sample_2": [float(v) for v in u2],
            },
        })
    write("kid/random_state.json", {"numpy": np.__version__, "cases": cases})


# ---------------------------------------------------------------- KID

def mmd2_float64(kxx, kxy, kyy):
    # torch-fidelity's mmd2 (mmd_est="unbiased"), in float64.
    m = kxx.shape[0]
    kt_xx = kxx.sum() - np.trace(kxx)
    kt_yy = kyy.sum() - np.trace(kyy)
    return (kt_xx + kt_yy) / (m * (m - 1)) - 2 * kxy.sum() / (m * m)


def kid_float64(f1, f2, subsets, subset_size, degree, gamma, coef0, seed):
    f1 = f1.astype(np.float64)
    f2 = f2.astype(np.float64)
    g = 1.0 / f1.shape[1] if gamma is None else gamma
    kern = lambda a, b: (a @ b.T * g + coef0) ** degree  # noqa: E731
    rng = np.random.RandomState(seed)
    mmds = np.zeros(subsets)
    for i in range(subsets):
        a = f1[rng.choice(len(f1), subset_size, replace=False)]
        b = f2[rng.choice(len(f2), subset_size, replace=False)]
        mmds[i] = mmd2_float64(kern(a, a), kern(a, b), kern(b, b))
    return mmds


def kid_fixtures():
    import torch
    from torch_fidelity.metric_kid import kid_features_to_metric, KEY_METRIC_KID_MEAN, KEY_METRIC_KID_STD

    cases = [
        # name, real, generated, options (None = torch-fidelity's default)
        ("default_d2048", recipe(11, 1500, 2048, 0.0, 0.5), recipe(12, 1400, 2048, 0.02, 0.6), {}),
        ("d64", recipe(21, 4000, 64, 0.0, 0.5), recipe(22, 3000, 64, 0.1, 0.5), {}),
        ("diffn_d256", recipe(31, 2500, 256, 0.0, 0.5), recipe(32, 1800, 256, 0.0, 0.8),
         {"subsets": 20, "subset_size": 700, "seed": 7}),
        ("kernel_d128", recipe(41, 900, 128, 0.0, 0.5), recipe(42, 1100, 128, 0.05, 0.5),
         {"subsets": 30, "subset_size": 300, "degree": 2, "gamma": 0.01, "coef0": 0.5, "seed": 99}),
        ("same_dist_d512", recipe(51, 1200, 512, 0.0, 0.5), recipe(52, 1200, 512, 0.0, 0.5),
         {"subsets": 10, "subset_size": 1000}),
    ]
    for name, real_r, gen_r, opt in cases:
        o = {"subsets": 100, "subset_size": 1000, "degree": 3, "gamma": None, "coef0": 1, "seed": 2020}
        o.update(opt)
        real, gen = build(real_r), build(gen_r)
        t = time.time()
        # torch-fidelity convention: input1 = generated, input2 = real; input1 is drawn first.
        tf = kid_features_to_metric(
            torch.from_numpy(gen), torch.from_numpy(real),
            kid_subsets=o["subsets"], kid_subset_size=o["subset_size"], kid_kernel="poly",
            kid_kernel_poly_degree=o["degree"], kid_kernel_poly_gamma=o["gamma"], kid_kernel_poly_coef0=o["coef0"],
            rng_seed=o["seed"], verbose=False)
        t_tf = time.time() - t
        mmds = kid_float64(gen, real, o["subsets"], o["subset_size"], o["degree"], o["gamma"], o["coef0"], o["seed"])
        write(f"kid/{name}.json", {
            "reference": f"torch-fidelity@{TF_COMMIT} kid_features_to_metric (float32 numpy); float64 = same draws in float64",
            "real": real_r, "generated": gen_r, "options": o,
            "torch_fidelity": {"mean": tf[KEY_METRIC_KID_MEAN], "std": tf[KEY_METRIC_KID_STD], "seconds": t_tf},
            "float64": {"mean": float(np.mean(mmds)), "std": float(np.std(mmds)), "subsets": mmds.tolist()},
        })


# ---------------------------------------------------------------- IS

def is_fixtures():
    import torch
    from torch_fidelity.metric_isc import isc_features_to_metric, KEY_METRIC_ISC_MEAN, KEY_METRIC_ISC_STD

    cases = [
        ("n1000", recipe(61, 1000, 1008, 0.0, 4.0), 4.0, {"splits": 10, "shuffle": True, "seed": 2020}),
        ("n1003", recipe(62, 1003, 1008, 0.0, 3.0), 8.0, {"splits": 10, "shuffle": True, "seed": 2020}),
        ("n997_noshuffle_7", recipe(63, 997, 1008, 0.5, 2.0), 2.0, {"splits": 7, "shuffle": False, "seed": 2020}),
        ("n500_seed5_c10", recipe(64, 500, 10, 0.0, 1.0), 4.0, {"splits": 3, "shuffle": True, "seed": 5}),
    ]
    for name, r, scale, o in cases:
        logits = build(r) * np.float32(scale)
        assert logits.dtype == np.float32
        out = isc_features_to_metric(torch.from_numpy(logits), o["splits"], o["shuffle"], o["seed"])
        write(f"is/{name}.json", {
            "reference": f"torch-fidelity@{TF_COMMIT} isc_features_to_metric",
            "logits": r, "scale": scale, "options": o,
            "torch_fidelity": {"mean": out[KEY_METRIC_ISC_MEAN], "std": out[KEY_METRIC_ISC_STD]},
        })


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--torch-fidelity", required=True, help="folder holding the torch_fidelity package")
    ap.add_argument("--only", choices=["rng", "kid", "is"])
    a = ap.parse_args()
    sys.path.insert(0, a.torch_fidelity)
    if a.only in (None, "rng"):
        random_state_fixture()
    if a.only in (None, "is"):
        is_fixtures()
    if a.only in (None, "kid"):
        kid_fixtures()
