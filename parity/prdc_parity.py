"""Regenerates tests/fixtures/prdc/*.json: PRDC from clovaai prdc and precision/recall from torch-fidelity, run on the
seeded synthetic features of parity/synthetic.py (C# rebuilds the same float32 features bit for bit).

References, imported from temporary checkouts (never copied into this repository):
  clovaai/generative-evaluation-prdc @ e320c1d2811d33081361a08f595b43830b78641c  (prdc/prdc.py: compute_prdc)
  toshas/torch-fidelity @ 5e211a950a7b45206bd4976813ffd6aed6cf4ccc  (torch_fidelity/metric_prc.py)
Run with Debian's python (numpy 1.24, scikit-learn 1.2.1, torch 1.13):
  PRDC_REPO=/tmp/prdc TORCH_FIDELITY_REPO=/tmp/torch-fidelity /usr/bin/python3 parity/prdc_parity.py
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.environ["PRDC_REPO"])
sys.path.insert(0, os.environ["TORCH_FIDELITY_REPO"])
from synthetic import features  # noqa: E402
from prdc import compute_prdc  # noqa: E402
from torch_fidelity.metric_prc import calculate_precision_recall_full  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "prdc")

CASES = [
    # name, real (seed, n, d, shift, factor), fake (seed, n, d, shift, factor)
    ("d64_n1000", (11, 1000, 64, 0.0, 0.5), (12, 1000, 64, 0.1, 0.7)),
    ("d2048_n1500", (21, 1500, 2048, 0.0, 0.5), (22, 1500, 2048, 0.02, 0.6)),
    ("d512_n300_m400", (31, 300, 512, 0.0, 0.5), (32, 400, 512, 0.05, 0.4)),
]


def references(real, fake, k_prdc=5, k_tf=3):
    p = compute_prdc(real, fake, nearest_k=k_prdc)
    # torch-fidelity convention: features_1 is GENERATED, features_2 is REAL.
    tp, tr = calculate_precision_recall_full(torch.from_numpy(fake), torch.from_numpy(real), neighborhood=k_tf)
    tf = 2 * tp * tr / max(1e-5, tp + tr)
    return (
        {"k": k_prdc, **{key: float(v) for key, v in p.items()}},
        {"k": k_tf, "precision": float(tp), "recall": float(tr), "f_score": float(tf)},
    )


def write(name, doc):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")


def main():
    torch.set_num_threads(2)
    for name, r, g in CASES:
        real = features(*r)
        fake = features(*g)
        p, tf = references(real, fake)
        keys = ("seed", "n", "d", "shift", "factor")
        write(name, {"real": dict(zip(keys, r)), "fake": dict(zip(keys, g)), "prdc": p, "torch_fidelity": tf})
        print(name, p, tf)
    # REFERENCES.md section 11 test vector, k = 2. prdc itself raises here (argpartition needs kth = k + 1 < M = 3),
    # so the numbers come from prdc's formulas written out with radius = sorted(row)[k] (float64 distances).
    real = np.array([[0, 0], [1, 0], [0, 1], [1, 1], [5, 5]], dtype=np.float32)
    fake = np.array([[0.5, 0.5], [5, 5.2], [10, 10]], dtype=np.float32)
    p = plain_prdc(real.astype(np.float64), fake.astype(np.float64), 2)
    write("small_k2", {"real_rows": real.tolist(), "fake_rows": fake.tolist(), "prdc": {"k": 2, **p}})
    print("small_k2", p)


def plain_prdc(real, fake, k):
    def dist(a, b):
        return np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(-1))
    r = np.sort(dist(real, real), axis=1)[:, k]
    s = np.sort(dist(fake, fake), axis=1)[:, k]
    d = dist(real, fake)
    inside = d < r[:, None]
    return {"precision": float(inside.any(0).mean()), "recall": float((d < s[None, :]).any(1).mean()),
            "density": float(inside.sum(0).mean() / k), "coverage": float((d.min(1) < r).mean())}


if __name__ == "__main__":
    main()
