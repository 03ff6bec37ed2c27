"""Regenerates tests/fixtures/vendi/*.json: the Vendi Score from Vendi-Score's own code.

Reference: vertaix/Vendi-Score @ c791c30, vendi_score/vendi.py (score_dual, score_K, score_X); for the float32
comparison also layer6ai-labs/dgm-eval @ 74c79f7, dgm_eval/metrics/vendi.py (compute_vendi_score). Their code is not
part of this repository: export them and pass the folders, e.g.
    git -C <Vendi-Score clone> archive c791c30 vendi_score | tar -x -C /tmp/vendi
    git -C <dgm-eval clone> show 74c79f7:dgm_eval/metrics/vendi.py > /tmp/dgm/vendi.py
    OPENBLAS_NUM_THREADS=2 /usr/bin/python3 parity/vendi_parity.py --vendi /tmp/vendi --dgm-eval /tmp/dgm
with Debian's numpy 1.24, scipy 1.10.1, sklearn 1.2.1.

Per case and order q, on the features cast to float64 (GenMetrics works in float64):
- n > d: score_dual(X, q) (the d x d dual X^T X / n; it honours q);
- n <= d: score_K(normalize(X) @ normalize(X).T, q) (score_X would ignore q: it calls score_K(K, q=1));
- score_X(X, q) is recorded too, to show that it returns the q = 1 value whatever q;
- dgm_eval: compute_vendi_score(X, q) on the float32 features as given (float32 normalisation, Gram and eigvalsh).
q = "inf" is passed as the string the reference expects. Features from parity/synthetic.py; "zero_rows" lists rows
set to 0 after generation (sklearn's normalize leaves them 0); "repeat" stacks the rows that many times.
"""
import argparse
import importlib.util
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synthetic import features  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CASES = [
    # name, (seed, n, d, shift, factor), zero rows, times the rows are repeated, orders
    ("dual_d64_n2000", (301, 2000, 64, 0.0, 0.5), [], 1, [0, 0.5, 1, 2, "inf"]),
    ("dual_d2048_n2500", (302, 2500, 2048, 0.3, 0.5), [], 1, [1, 2]),
    ("kernel_d512_n300", (303, 300, 512, 0.0, 0.5), [], 1, [0.5, 1, 2, "inf"]),
    ("square_d128_n128", (304, 128, 128, 0.0, 0.8), [], 1, [1, 3]),
    ("zero_rows_d32_n500", (305, 500, 32, 0.1, 0.5), [0, 17, 499], 1, [1, 0.5]),
    ("dual_d8_n40", (306, 40, 8, 1.0, 3.0), [], 1, [1, "inf"]),
    # K of rank 20 (each row twice): the reference counts its rounding-noise eigenvalues as positive at q = 0.
    ("repeated_d64_n20x2", (307, 20, 64, 0.0, 0.5), [], 2, [0, 1, 2, "inf"]),
]


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vendi", required=True, help="folder holding the vendi_score package")
    ap.add_argument("--dgm-eval", required=True, help="folder holding dgm-eval's metrics/vendi.py")
    a = ap.parse_args()
    sys.path.insert(0, a.vendi)
    from vendi_score import vendi
    from sklearn import preprocessing
    dgm = load(os.path.join(a.dgm_eval, "vendi.py"), "dgm_vendi")

    for name, (seed, n, d, shift, factor), zero, repeat, orders in CASES:
        x = features(seed, n, d, shift, factor)
        x[zero] = 0
        x = np.concatenate([x] * repeat)
        n = len(x)
        x64 = x.astype(np.float64)
        scores = []
        for q in orders:
            if n > d:
                ref = vendi.score_dual(x64, q=q)
                how = "score_dual"
            else:
                xn = preprocessing.normalize(x64, axis=1)
                ref = vendi.score_K(xn @ xn.T, q=q)
                how = "score_K"
            scores.append({
                "q": q, "reference": float(ref), "via": how,
                "score_x": float(vendi.score_X(x64, q=q)),
                "dgm_eval_float32": float(dgm.compute_vendi_score(x, q=q)),
            })
            print(f"{name} q={q}: {how} {ref!r}, score_X {scores[-1]['score_x']!r}, "
                  f"dgm-eval float32 {scores[-1]['dgm_eval_float32']!r}")
        path = os.path.join(ROOT, "tests", "fixtures", "vendi", name + ".json")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            json.dump({
                "reference": "Vendi-Score@c791c30 score_dual / score_K on float64 features; "
                             "dgm-eval@74c79f7 compute_vendi_score on float32",
                "features": {"seed": seed, "n": n // repeat, "d": d, "shift": shift, "factor": factor},
                "zero_rows": zero, "repeat": repeat, "scores": scores,
            }, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
