"""Regenerates tests/fixtures/ct, tests/fixtures/alpha_precision and tests/fixtures/copies: the data-copying test C_T,
alpha-precision / beta-recall / authenticity and the copies list, on the seeded synthetic features of
parity/synthetic.py (C# rebuilds the same float32 features bit for bit).

References, loaded from temporary checkouts (never copied into this repository):
  casey-meehan/data-copying @ a0ba2db                 data_copying_tests.py: C_T, Zu_cells, Zu
  layer6ai-labs/dgm-eval @ 74c79f7                     dgm_eval/metrics/ct.py: compute_CTscore (PCA 64, KMeans 3 x 10)
  ahmedmalaa/evaluating-generative-models @ 937f757    metrics/evaluation.py: compute_alpha_precision
      (branch DrShushen: the corrected authenticity; main 093910e indexes the wrong array, issues #4 and #5;
      main's metrics/evaluation.py, `git show 093910e:metrics/evaluation.py`, gives the authenticity_main_* numbers)
dgm-eval's PCA and KMeans are unseeded (PCA's 'auto' solver is randomized above 500 x 500), so its C_T changes from
run to run; here its module's PCA and KMeans are replaced by PCA(svd_solver='full') and KMeans(random_state=SEED),
otherwise its code runs as is. The cells (sklearn's labels) are stored so that the C# test can check its own
k-means partition and run C_T on exactly the reference's cells. The copies list has no reference project: it is a
brute-force float64 NumPy computation of its definition.

Run with Debian's python (numpy 1.24, scipy 1.10, scikit-learn 1.2.1, torch 1.13):
  DATA_COPYING_REPO=/tmp/refs/data-copying DGM_EVAL_REPO=/tmp/refs/dgm-eval \
  AGM_REPO=/tmp/refs/evaluating-generative-models AGM_MAIN_EVALUATION=/tmp/refs/agm-main/evaluation.py \
  /usr/bin/python3 parity/make_memorization_fixtures_2.py
"""
import importlib.util
import json
import os
import sys

import numpy as np
import sklearn.cluster
import sklearn.decomposition
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from synthetic import features  # noqa: E402

FIXTURES = os.path.join(HERE, "..", "tests", "fixtures")
SEED = 2020


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


meehan = load("data_copying_tests", os.path.join(os.environ["DATA_COPYING_REPO"], "data_copying_tests.py"))
dgm_ct = load("dgm_eval_ct", os.path.join(os.environ["DGM_EVAL_REPO"], "dgm_eval", "metrics", "ct.py"))
agm = load("agm_evaluation", os.path.join(os.environ["AGM_REPO"], "metrics", "evaluation.py"))
agm_main = load("agm_evaluation_main", os.environ["AGM_MAIN_EVALUATION"])


def main_authenticity(reference, gen):
    """main 093910e's authenticity (a mean over the reference points; it needs len(gen) <= len(reference))."""
    if len(gen) > len(reference):
        return None
    return float(agm_main.compute_alpha_precision(reference, gen, reference.astype(np.float64).mean(axis=0))[5])


class SeededKMeans(sklearn.cluster.KMeans):
    """dgm-eval's KMeans(n_clusters=3, n_init=10) with random_state fixed; records the fitted model."""
    last = None

    def __init__(self, n_clusters=8, n_init=10):
        super().__init__(n_clusters=n_clusters, n_init=n_init, random_state=SEED)
        SeededKMeans.last = self


def full_pca(n_components):
    return sklearn.decomposition.PCA(n_components=n_components, svd_solver="full")


dgm_ct.KMeans = SeededKMeans
dgm_ct.PCA = full_pca


def spec(seed, n, d, shift=0.0, factor=0.5):
    return {"seed": seed, "n": n, "d": d, "shift": shift, "factor": factor}


def make(s):
    return features(s["seed"], s["n"], s["d"], s["shift"], s["factor"])


def with_copies(base, noise, count, scale):
    """The first `count` rows are base rows plus scale * noise rows (float32 ops, in this order); the rest are noise."""
    out = noise.copy()
    out[:count] = base[:count] + noise[:count] * np.float32(scale)
    assert out.dtype == np.float32
    return out


def generated(case):
    g = make(case["generated"])
    c = case.get("copies")
    if c is None:
        return g
    return with_copies(make(case[c["of"]]), g, c["count"], c["scale"])


def digits(labels):
    assert labels.max() < 10
    return "".join(str(int(v)) for v in labels)


def write(folder, name, doc):
    os.makedirs(os.path.join(FIXTURES, folder), exist_ok=True)
    with open(os.path.join(FIXTURES, folder, name + ".json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


CT_CASES = [
    # name, train, test, generated (+ copies of the first rows of a set: rows + scale * noise)
    ("d8_copying", {"train": spec(101, 2000, 8), "test": spec(102, 1000, 8), "generated": spec(103, 1000, 8),
                    "copies": {"of": "train", "count": 400, "scale": 0.05}}),
    ("d32_fresh", {"train": spec(111, 2000, 32), "test": spec(112, 1000, 32), "generated": spec(113, 1200, 32, 0.05, 0.6)}),
    ("d64_copying", {"train": spec(121, 1500, 64), "test": spec(122, 800, 64), "generated": spec(123, 900, 64),
                     "copies": {"of": "train", "count": 600, "scale": 0.2}}),
    ("d128_pca", {"train": spec(131, 1500, 128), "test": spec(132, 700, 128), "generated": spec(133, 800, 128, 0.0, 0.8)}),
]


def ct_case(name, case):
    train, test, gen = make(case["train"]), make(case["test"]), generated(case)
    value = dgm_ct.compute_CTscore(train, test, gen)
    km = SeededKMeans.last
    # The same steps by hand, to store the cells and per-cell Z (dgm-eval's code path, its module's functions).
    t, p, q = dgm_ct.preprcoess_ct(train, test, gen)
    km2 = SeededKMeans(n_clusters=3, n_init=10).fit(t)
    assert np.array_equal(km2.labels_, km.labels_)
    tl, pl, ql = km2.predict(t), km2.predict(p), km2.predict(q)
    tau = 20 / len(q)
    z = dgm_ct.Zu_cells(p, pl, q, ql, t, tl)
    by_hand = dgm_ct.C_T(p, pl, q, ql, t, tl, tau=tau)
    original = meehan.C_T(p, pl, q, ql, t, tl, tau)
    assert by_hand == value and original == value, (by_hand, original, value)
    doc = {"reference": "dgm-eval 74c79f7 compute_CTscore (PCA svd_solver='full', KMeans random_state=2020); "
                        "casey-meehan/data-copying a0ba2db C_T on the same cells",
           **{k: v for k, v in case.items()}, "seed": SEED, "pca": t.shape[1] if t.shape[1] != train.shape[1] else None,
           "ct": float(value), "tau": tau, "z": [float(np.ravel(v)[0]) for v in z],
           "counts": {"train": np.bincount(tl, minlength=3).tolist(), "test": np.bincount(pl, minlength=3).tolist(),
                      "generated": np.bincount(ql, minlength=3).tolist()},
           "inertia": float(km2.inertia_), "labels": {"train": digits(tl), "test": digits(pl), "generated": digits(ql)}}
    write("ct", name, doc)
    print("ct", name, value, doc["z"], doc["counts"])


ALPHA_CASES = [
    ("d64_n1000", {"real": spec(201, 1000, 64), "generated": spec(202, 800, 64, 0.1, 0.7), "train": spec(203, 1200, 64)}),
    ("d2048_n1500", {"real": spec(211, 1500, 2048), "generated": spec(212, 1500, 2048, 0.02, 0.6), "train": None}),
    ("d32_copying", {"real": spec(221, 900, 32), "generated": spec(222, 700, 32), "train": spec(223, 1000, 32),
                     "copies": {"of": "train", "count": 500, "scale": 0.02}}),
    ("d16_n30", {"real": spec(231, 30, 16), "generated": spec(232, 59, 16, 0.3, 0.5), "train": None}),
]


def alpha_case(name, case):
    real, gen = make(case["real"]), generated(case)
    center = real.astype(np.float64).mean(axis=0)
    torch.set_num_threads(2)
    alphas, pc, bc, dpa, dcb, auth = agm.compute_alpha_precision(real, gen, center)
    doc = {"reference": "ahmedmalaa/evaluating-generative-models DrShushen 937f757 compute_alpha_precision, "
                        "emb_center = float64 mean of the real features",
           **{k: v for k, v in case.items()},
           "alphas": [float(a) for a in alphas], "precision_curve": [float(v) for v in pc],
           "recall_curve": [float(v) for v in bc], "alpha_precision": float(dpa), "beta_recall": float(dcb),
           "authenticity_real": float(auth), "authenticity_main_real": main_authenticity(real, gen)}
    if case["train"] is not None:
        train = make(case["train"])
        *_, auth_train = agm.compute_alpha_precision(train, gen, train.astype(np.float64).mean(axis=0))
        doc["authenticity_train"] = float(auth_train)
        doc["authenticity_main_train"] = main_authenticity(train, gen)
        if case.get("copies"):
            write("copies", name, {"reference": "brute-force float64 NumPy (no reference project)",
                                   "train": case["train"], "generated": case["generated"], "copies": case["copies"],
                                   **copies_reference(train, gen, 0.5)})
    write("alpha_precision", name, doc)
    print("alpha", name, dpa, dcb, auth, doc.get("authenticity_train"))


def copies_reference(train, gen, threshold):
    """Brute force in float64: nearest training point (lowest index on ties), ratio to its own 1-NN distance."""
    t = train.astype(np.float64)
    g = gen.astype(np.float64)
    d_gt = np.sqrt(((g[:, None, :] - t[None, :, :]) ** 2).sum(-1))
    d_tt = np.sqrt(((t[:, None, :] - t[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(d_tt, np.inf)
    nearest = d_gt.argmin(axis=1)
    dist = d_gt[np.arange(len(g)), nearest]
    own = d_tt.min(axis=1)[nearest]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(dist == 0, 0.0, dist / own)
    listed = [int(j) for j in np.lexsort((np.arange(len(g)), ratio)) if ratio[j] < threshold]
    return {"threshold": threshold, "fraction": len(listed) / len(g),
            "matches": [[j, int(nearest[j]), float(ratio[j]), float(dist[j])] for j in listed],
            "nearest_train": nearest.tolist(), "ratios_sum": float(ratio.sum())}


def main():
    for name, case in CT_CASES:
        ct_case(name, case)
    for name, case in ALPHA_CASES:
        alpha_case(name, case)


if __name__ == "__main__":
    main()
