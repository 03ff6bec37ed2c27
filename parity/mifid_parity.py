"""Regenerates tests/fixtures/mifid/*.json: MiFID from torchmetrics' own functions.

Reference: Lightning-AI/torchmetrics @ dab0333 (2026-08-20), src/torchmetrics/image/mifid.py
(_compute_cosine_distance, _mifid_compute) and src/torchmetrics/image/fid.py (_compute_fid). Its code is not part of
this repository, and importing the torchmetrics package needs lightning_utilities, which Debian lacks: the script
takes the three functions' source out of the two files (ast) and runs it with Debian's torch 1.13, e.g.
    git -C <clone> show dab0333:src/torchmetrics/image/mifid.py > /tmp/tm/mifid.py
    git -C <clone> show dab0333:src/torchmetrics/image/fid.py > /tmp/tm/fid.py
    /usr/bin/python3 parity/mifid_parity.py --torchmetrics /tmp/tm

As MemorizationInformedFrechetInceptionDistance.compute() does: features .double(), mean and torch.cov per set, then
_mifid_compute(mu_real, sigma_real, real, mu_fake, sigma_fake, fake, eps) (float64; compute() then casts to the
features' dtype, recorded as "mifid_float32"). The Kaggle direction is _compute_cosine_distance(fake, real).
Features from parity/synthetic.py; "edits" describe changes made to them after generation, which C# repeats:
  {"set": "generated", "copy_of_real": [r0, r1], "noise": recipe, "scale": s}: generated rows [0, r1 - r0) become
      real[r0:r1] + s * noise (float32 arithmetic);
  {"set": ..., "zero_rows": [...]}: rows set to 0;
  {"set": ..., "cancelling_rows": [...]}: row r becomes [a, -a, 0, ...] with a = its first value (sum 0, norm > 0).
"""
import argparse
import ast
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synthetic import features  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def recipe(seed, n, d, shift, factor):
    return {"seed": seed, "n": n, "d": d, "shift": shift, "factor": factor}


def build(r):
    return features(r["seed"], r["n"], r["d"], r["shift"], r["factor"])


CASES = [
    # name, real, generated, edits, eps
    ("d2048", recipe(501, 2600, 2048, 0.0, 0.5), recipe(502, 2200, 2048, 0.02, 0.6), [], 0.1),
    # Fewer samples than dimensions: torchmetrics' eigvals(S1 S2) then adds ~1e-7 relative to FID (its zero
    # eigenvalues come out as +-1e-16 and their square roots count), as torch-fidelity's does.
    ("n_lt_d_d512", recipe(506, 400, 512, 0.0, 0.5), recipe(507, 300, 512, 0.05, 0.5), [], 1.0),
    ("d64_eps1", recipe(511, 3000, 64, 0.0, 3.0), recipe(512, 2500, 64, 0.1, 3.0), [], 1.0),
    ("copies_d256", recipe(521, 1200, 256, 0.0, 0.5), recipe(522, 1000, 256, 0.0, 0.5),
     [{"set": "generated", "copy_of_real": [0, 800], "noise": recipe(523, 800, 256, 0.0, 0.5), "scale": 0.02}], 0.3),
    ("all_copies_d128", recipe(551, 1000, 128, 0.0, 0.5), recipe(552, 1000, 128, 0.0, 0.5),
     [{"set": "generated", "copy_of_real": [0, 1000], "noise": recipe(553, 1000, 128, 0.0, 0.5), "scale": 0.001}], 0.1),
    ("zero_sum_rows_d32", recipe(531, 600, 32, 0.5, 0.5), recipe(532, 500, 32, 0.5, 0.5),
     [{"set": "real", "zero_rows": [0, 5, 599]}, {"set": "generated", "zero_rows": [3]},
      {"set": "real", "cancelling_rows": [7, 8]}, {"set": "generated", "cancelling_rows": [499]}], 0.1),
    ("same_set_d16", recipe(541, 500, 16, 0.0, 0.5), recipe(541, 500, 16, 0.0, 0.5), [], 0.1),
]


def apply(real, gen, edits):
    sets = {"real": real, "generated": gen}
    for e in edits:
        x = sets[e["set"]]
        if "copy_of_real" in e:
            r0, r1 = e["copy_of_real"]
            x[: r1 - r0] = real[r0:r1] + np.float32(e["scale"]) * build(e["noise"])
        for r in e.get("zero_rows", []):
            x[r] = 0
        for r in e.get("cancelling_rows", []):
            a = x[r, 0]
            x[r] = 0
            x[r, 0], x[r, 1] = a, -a
    return real, gen


def load_functions(folder):
    import torch
    ns = {"torch": torch, "Tensor": torch.Tensor}
    for file, names in (("fid.py", ["_compute_fid"]), ("mifid.py", ["_compute_cosine_distance", "_mifid_compute"])):
        tree = ast.parse(open(os.path.join(folder, file)).read())
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name in names:
                exec(compile(ast.Module([node], []), file, "exec"), ns)
    return ns


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--torchmetrics", required=True, help="folder holding torchmetrics' image/mifid.py and image/fid.py")
    a = ap.parse_args()
    import torch
    f = load_functions(a.torchmetrics)
    for name, real_r, gen_r, edits, eps in CASES:
        real, gen = apply(build(real_r), build(gen_r), edits)
        r64, g64 = torch.from_numpy(real).double(), torch.from_numpy(gen).double()
        mu_r, mu_g = r64.mean(dim=0), g64.mean(dim=0)
        cov_r, cov_g = torch.cov(r64.t()), torch.cov(g64.t())
        mifid = f["_mifid_compute"](mu_r, cov_r, r64, mu_g, cov_g, g64, cosine_distance_eps=eps)
        fid = f["_compute_fid"](mu_r, cov_r, mu_g, cov_g)
        # The distance before thresholding: _compute_cosine_distance with eps above any distance (1 - |cos| <= 1).
        dist = f["_compute_cosine_distance"](r64, g64, cosine_distance_eps=2.0)
        dist_kaggle = f["_compute_cosine_distance"](g64, r64, cosine_distance_eps=2.0)
        thr_kaggle = dist_kaggle if dist_kaggle < eps else torch.ones_like(dist_kaggle)
        mifid_kaggle = fid / (thr_kaggle + 10e-15) if fid > 1e-8 else torch.zeros_like(fid)
        out = {
            "reference": "torchmetrics@dab0333 _mifid_compute / _compute_cosine_distance / _compute_fid (float64, "
                         f"torch {torch.__version__})",
            "real": real_r, "generated": gen_r, "edits": edits, "eps": eps,
            "fid": float(fid), "distance": float(dist), "mifid": float(mifid),
            "mifid_float32": float(mifid.float()),
            "kaggle": {"distance": float(dist_kaggle), "mifid": float(mifid_kaggle)},
        }
        path = os.path.join(ROOT, "tests", "fixtures", "mifid", name + ".json")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            json.dump(out, fh, indent=1)
            fh.write("\n")
        print(f"{name}: fid {out['fid']!r}, d {out['distance']!r}, mifid {out['mifid']!r}; "
              f"kaggle d {out['kaggle']['distance']!r}, mifid {out['kaggle']['mifid']!r}")


if __name__ == "__main__":
    main()
