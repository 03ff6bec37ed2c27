"""Regenerates tests/fixtures/bootstrap/*.json: bootstrap replicates and percentile intervals as documented for
GenMetrics' `eval --bootstrap B` (BootstrapOptions), computed the plain way with NumPy on copied rows.

No reference project has a bootstrap (torch-fidelity issue #7 asks for one), so the reference is the documented
recipe itself:
    rng = numpy.random.RandomState(seed)
    for each replicate: ig = rng.randint(0, n_generated, n_generated)
                        ir = rng.randint(0, n_real, n_real)            (only when the real set is resampled)
    value = metric(generated[ig], real[ir] or real)
    interval = numpy.percentile(values, [2.5, 97.5])                   (linear)
FID of each resample is computed exactly in float64 on the copied rows: tr sqrt(S1 S2) as the sum of the singular
values of B L, S1 = L L^T (Cholesky of the real covariance, ddof 1), B the centred resample / sqrt(N - 1), so a
resample with fewer distinct rows than dimensions (a singular S2) is exact too. GenMetrics computes the same FIDs
from multiplicity weights without copying rows. precision and density are prdc's (clovaai/generative-evaluation-prdc
e320c1d compute_prdc, k = 5, strict <), with float64 Euclidean distances, on the copied generated rows.
Features from parity/synthetic.py. Run: /usr/bin/python3 parity/bootstrap_parity.py (Debian's numpy 1.24).
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synthetic import features  # noqa: E402
from frechet import exact_fid  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def recipe(seed, n, d, shift, factor):
    return {"seed": seed, "n": n, "d": d, "shift": shift, "factor": factor}


CASES = [
    # name, real, generated, replicates, seed, resample real, prdc
    ("gen_d16", recipe(501, 400, 16, 0.0, 0.5), recipe(502, 300, 16, 0.05, 0.6), 50, 2020, False, True),
    ("both_d32", recipe(511, 500, 32, 0.0, 0.5), recipe(512, 400, 32, 0.1, 0.5), 30, 7, True, False),
    ("gen_singular_d64", recipe(521, 600, 64, 0.0, 0.5), recipe(522, 90, 64, 0.05, 0.5), 20, 3, False, False),
    ("gen_d128", recipe(531, 1500, 128, 0.0, 0.5), recipe(532, 1000, 128, 0.02, 0.55), 20, 11, False, False),
]


def distances(a, b):
    a, b = a.astype(np.float64), b.astype(np.float64)
    return np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2))


def precision_density(real, fake, k=5):
    radii = np.partition(distances(real, real), k, axis=1)[:, k]   # k-th neighbour, the point itself at 0
    inside = distances(real, fake) < radii[:, None]
    return float(inside.any(axis=0).mean()), float(inside.sum(axis=0).mean() / k)


def main():
    for name, real_r, gen_r, replicates, seed, resample_real, prdc in CASES:
        real, gen = features(**real_r), features(**gen_r)
        rng = np.random.RandomState(seed)
        fids, precision, density, first = [], [], [], None
        for b in range(replicates):
            ig = rng.randint(0, len(gen), len(gen))
            ir = rng.randint(0, len(real), len(real)) if resample_real else None
            if first is None:
                first = {"generated": ig[:10].tolist(), "real": None if ir is None else ir[:10].tolist()}
            r = real[ir] if resample_real else real
            fids.append(exact_fid(r, gen[ig]))
            if prdc:
                p, dn = precision_density(r, gen[ig])
                precision.append(p)
                density.append(dn)
        out = {
            "reference": "the documented bootstrap recipe in NumPy 1.24 on copied rows; FID exact (SVD trace); prdc e320c1d precision/density",
            "real": real_r, "generated": gen_r,
            "options": {"replicates": replicates, "seed": seed, "resample_real": resample_real},
            "first_draw": first,
            "fid": {"values": fids, "interval": np.percentile(fids, [2.5, 97.5]).tolist(), "point": exact_fid(real, gen)},
        }
        if prdc:
            out["precision"] = {"values": precision, "interval": np.percentile(precision, [2.5, 97.5]).tolist()}
            out["density"] = {"values": density, "interval": np.percentile(density, [2.5, 97.5]).tolist()}
        print(f"{name}: FID {out['fid']['point']:.6g}, interval {out['fid']['interval']}")
        path = os.path.join(ROOT, "tests", "fixtures", "bootstrap", name + ".json")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            json.dump(out, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
