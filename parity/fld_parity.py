"""Regenerates tests/fixtures/fld: FLD from the fld package's own code.

Reference: marcojira/fld @ ffbbf20 (fld/metrics/FLD.py, fld/MoG.py, fld/utils.py), run with Debian's torch 1.13 on the
CPU; seaborn (imported for plots only, not in Debian) is stubbed. Put the package's folder on the path:
    git -C <clone> archive ffbbf20 fld | tar -x -C /tmp/fld
    /usr/bin/python3 parity/fld_parity.py --fld /tmp/fld
fld draws from NumPy's global np.random: np.random.seed(seed) runs before each compute_metric, which GenMetrics
reproduces with RandomState(seed). Each case runs twice: as fld ships (float32 tensors: "fld_float32") and with
torch's default dtype set to float64 and float64 features ("fld_float64"), GenMetrics' precision. The training set
fits in one batch of 10000. Features come from parity/synthetic.py; "edits" as in mifid_parity.py:
  {"copy_of_train": [r0, r1], "noise": recipe, "scale": s}: generated rows [0, r1 - r0) become train[r0:r1] + s * noise.
"""
import argparse
import json
import os
import sys
import types

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synthetic import features  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "fld")


def recipe(seed, n, d, shift, factor):
    return {"seed": seed, "n": n, "d": d, "shift": shift, "factor": factor}


CASES = [
    # name, train, test, generated, edits, seed
    ("d16", recipe(401, 1200, 16, 0.0, 0.5), recipe(402, 600, 16, 0.0, 0.5), recipe(403, 800, 16, 0.05, 0.6), [], 0),
    ("d32_shift", recipe(411, 1500, 32, 0.0, 0.5), recipe(412, 700, 32, 0.0, 0.5), recipe(413, 900, 32, 0.3, 0.5), [], 7),
    ("d24_copies", recipe(421, 1000, 24, 0.0, 0.5), recipe(422, 500, 24, 0.0, 0.5), recipe(423, 600, 24, 0.0, 0.5),
     [{"copy_of_train": [0, 400], "noise": recipe(424, 400, 24, 0.0, 0.5), "scale": 0.01}], 3),
]


def build(r):
    return features(r["seed"], r["n"], r["d"], r["shift"], r["factor"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fld", required=True, help="folder holding the fld package of marcojira/fld @ ffbbf20")
    args = ap.parse_args()
    sys.modules["seaborn"] = types.ModuleType("seaborn")
    sys.path.insert(0, args.fld)
    import torch
    from fld.metrics.FLD import FLD

    os.makedirs(OUT, exist_ok=True)
    for name, tr, te, ge, edits, seed in CASES:
        train, test, gen = build(tr), build(te), build(ge)
        for e in edits:
            r0, r1 = e["copy_of_train"]
            gen[: r1 - r0] = train[r0:r1] + np.float32(e["scale"]) * build(e["noise"])
        out = {"reference": f"marcojira/fld ffbbf20 FLD('test').compute_metric, torch {torch.__version__}",
               "train": tr, "test": te, "generated": ge, "edits": edits, "seed": seed}
        for dtype, tag in ((torch.float32, "fld_float32"), (torch.float64, "fld_float64")):
            torch.set_default_dtype(dtype)
            np.random.seed(seed)
            value = FLD("test").compute_metric(torch.tensor(train, dtype=dtype), torch.tensor(test, dtype=dtype), torch.tensor(gen, dtype=dtype))
            out[tag] = float(value)
        torch.set_default_dtype(torch.float32)
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump(out, f, indent=1)
        print(name, out["fld_float32"], out["fld_float64"])


if __name__ == "__main__":
    main()
