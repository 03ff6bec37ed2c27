"""Regenerates tests/fixtures/fd_inf/*.json: FID-infinity from dgm-eval's own compute_FD_infinity, with seeded draws.

Reference: layer6ai-labs/dgm-eval @ 74c79f7, dgm_eval/metrics/fd.py (compute_FD_infinity, compute_statistics,
compute_FD_with_stats). Its code is not part of this repository: export the file and pass its folder, e.g.
    git -C <clone> show 74c79f7:dgm_eval/metrics/fd.py > /tmp/dgm/fd.py
    OPENBLAS_NUM_THREADS=2 /usr/bin/python3 parity/fd_inf_parity.py --dgm-eval /tmp/dgm
with Debian's numpy 1.24, scipy 1.10.1, sklearn 1.2.1 (and tqdm, which fd.py imports).

compute_FD_infinity(reps1 = real, reps2 = generated) draws its subsets from an unseeded np.random.default_rng(); for
a reproducible reference the script replaces that generator, while the function runs, by one whose
choice(reps2, n, replace=False) returns reps2[RandomState(seed).choice(len(reps2), n, replace=False)] from a single
RandomState: the draws GenMetrics makes. Everything else is dgm-eval's code (linspace sizes, np.mean / np.cov
statistics, scipy sqrtm FID with its eps retry, sklearn LinearRegression). Per case the fixture holds its sample
sizes, its FID at each size and its intercept on the float32 features as given ("dgm_eval": np.mean of float32
features is a float32 mean, which moves small FIDs by ~1e-6 relative) and on the features cast to float64
("dgm_eval_float64"), and the same FIDs computed exactly ("exact": tr sqrt(S1 S2) as the
sum of singular values of B L, with S1 = L L^T (Cholesky; the real set has N > d) and S2 = B^T B the centred,
scaled subset), with the intercept of sklearn's LinearRegression on those. Features from parity/synthetic.py.
"""
import argparse
import importlib.util
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


def build(r):
    return features(r["seed"], r["n"], r["d"], r["shift"], r["factor"])


CASES = [
    # name, real, generated, options
    ("gen3000_d64", recipe(401, 4000, 64, 0.0, 0.5), recipe(402, 3000, 64, 0.05, 0.6), {}),
    ("gen1200_d512", recipe(411, 2000, 512, 0.0, 0.5), recipe(412, 1200, 512, 0.02, 0.5), {}),
    ("gen60000_d16_capped", recipe(421, 5000, 16, 0.0, 0.5), recipe(422, 60000, 16, 0.1, 0.5), {"seed": 7}),
    ("gen25_d4_points5", recipe(431, 300, 4, 0.0, 0.5), recipe(432, 25, 4, 0.3, 0.5), {"points": 5, "seed": 3}),
    ("gen10_d3_repeats", recipe(441, 200, 3, 0.0, 0.5), recipe(442, 10, 3, 0.2, 0.5), {}),
]


class SeededChoice:
    """Stands in for np.random.default_rng(): choice(a, n, replace=False) with numpy's legacy RandomState."""

    def __init__(self, seed):
        self.rs = np.random.RandomState(seed)

    def choice(self, a, size, replace=True):
        assert replace is False
        return a[self.rs.choice(len(a), size, replace=False)]


def run(fd, real, gen, o):
    """compute_FD_infinity(real, gen) with seeded draws; records each subset and each FID it computes."""
    fids, subsets = [], []
    original_fd, original_rng = fd.compute_FD_with_stats, np.random.default_rng
    chooser = SeededChoice(o["seed"])

    class Recorder:
        @staticmethod
        def choice(arr, size, replace=True):
            out = chooser.choice(arr, size, replace)
            subsets.append(out)
            return out

    def recording_fd(*args, **kwargs):
        v = original_fd(*args, **kwargs)
        fids.append(float(v))
        return v

    fd.compute_FD_with_stats = recording_fd
    np.random.default_rng = lambda *args, **kwargs: Recorder()
    try:
        value = float(fd.compute_FD_infinity(real, gen, num_points=o["points"]))
    finally:
        fd.compute_FD_with_stats, np.random.default_rng = original_fd, original_rng
    return {"fd_inf": value, "fids": fids, "subsets": subsets}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dgm-eval", required=True, help="folder holding dgm-eval's metrics/fd.py")
    a = ap.parse_args()
    spec = importlib.util.spec_from_file_location("dgm_fd", os.path.join(a.dgm_eval, "fd.py"))
    fd = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fd)
    from sklearn.linear_model import LinearRegression

    for name, real_r, gen_r, opt in CASES:
        o = {"points": 15, "seed": 2020}
        o.update(opt)
        real, gen = build(real_r), build(gen_r)
        runs = {}
        for label, r, g in (("dgm_eval", real, gen), ("dgm_eval_float64", real.astype(np.float64), gen.astype(np.float64))):
            runs[label] = run(fd, r, g, o)
        subsets = runs["dgm_eval"]["subsets"]
        sizes = [len(s) for s in subsets]
        exact = [exact_fid(real, s) for s in subsets]
        x = 1 / np.array(sizes, dtype=np.float64).reshape(-1, 1)
        reg = LinearRegression().fit(x, np.array(exact).reshape(-1, 1))
        exact_value = float(reg.predict(np.array([[0]]))[0, 0])
        for label, res in runs.items():
            worst = max(abs(f - e) / abs(e) for f, e in zip(res["fids"], exact))
            print(f"{name}: {label} {res['fd_inf']!r} (rel {abs(res['fd_inf'] - exact_value) / abs(exact_value):.2e}), "
                  f"exact {exact_value!r}; sizes {sizes[0]}..{sizes[-1]}; worst per-point FID rel {worst:.2e}")
        path = os.path.join(ROOT, "tests", "fixtures", "fd_inf", name + ".json")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            json.dump({
                "reference": "dgm-eval@74c79f7 compute_FD_infinity with RandomState(seed).choice draws; "
                             "exact = same subsets, SVD trace",
                "real": real_r, "generated": gen_r, "options": o, "sizes": sizes,
                "dgm_eval": {"fd_inf": runs["dgm_eval"]["fd_inf"], "fids": runs["dgm_eval"]["fids"]},
                "dgm_eval_float64": {"fd_inf": runs["dgm_eval_float64"]["fd_inf"], "fids": runs["dgm_eval_float64"]["fids"]},
                "exact": {"fd_inf": exact_value, "slope": float(reg.coef_[0, 0]), "fids": exact},
            }, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
