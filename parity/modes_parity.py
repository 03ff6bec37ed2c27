"""Regenerates tests/fixtures/modes: mode counting with scikit-learn's classifiers as the assignment reference.

There is no reference implementation of mode counting itself; what can be checked against a reference is how the
generated samples get their classes, and the histogram arithmetic (transcribed here in numpy):
  - labelled real set: sklearn 1.2.1 KNeighborsClassifier(n_neighbors=k, algorithm="brute").fit(real, labels)
    .predict(generated) (majority of the k nearest; a tie between classes goes to the smallest label);
  - no labels: sklearn KMeans(n_clusters=K, n_init=10, random_state=seed).fit(real) (labels_ are the real modes)
    and .predict(generated) (the nearest centre).
Both on float64 copies of the float32 features of parity/synthetic.py; the real labels (argmax of a seeded random
linear map) are written as .npy beside the JSON. Then per class: shares, dropped when generated share < threshold x
real share, KL(real || generated) with generated shares floored at 1e-12.
    /usr/bin/python3 parity/modes_parity.py
"""
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.neighbors import KNeighborsClassifier

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synthetic import features  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "modes")


def recipe(seed, n, d, shift, factor):
    return {"seed": seed, "n": n, "d": d, "shift": shift, "factor": factor}


# name, real, generated, classes (0: k-means), k or K, threshold, seed (labels map or k-means)
CASES = [
    ("knn10", recipe(801, 900, 16, 0.0, 0.5), recipe(802, 700, 16, 0.15, 0.8), 6, 10, 0.25, 21),
    ("knn4_ties", recipe(811, 500, 8, 0.0, 1.0), recipe(812, 400, 8, 0.3, 1.0), 8, 4, 0.5, 22),
    ("kmeans5", recipe(821, 600, 8, 0.0, 2.0), recipe(822, 500, 8, 0.4, 2.0), 0, 5, 0.25, 3),
]


def labels_of(x, k, seed):
    rs = np.random.RandomState(seed)
    w = rs.randn(x.shape[1], k)
    return (x.astype(np.float64) @ w).argmax(axis=1)


def summary(real_codes, gen_codes, k, threshold):
    nr, ng = len(real_codes), len(gen_codes)
    rc = np.bincount(real_codes, minlength=k)
    gc = np.bincount(gen_codes, minlength=k)
    pr, pg = rc / nr, gc / ng
    dropped = [int(c) for c in range(k) if pg[c] < threshold * pr[c]]
    kl = float(sum(pr[c] * np.log(pr[c] / max(pg[c], 1e-12)) for c in range(k) if pr[c] > 0))
    return {"real_counts": rc.tolist(), "generated_counts": gc.tolist(), "dropped": dropped,
            "modes_total": k, "modes_covered": k - len(dropped), "mode_kl": kl}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, real, gen, classes, k, threshold, seed in CASES:
        xr = features(**real).astype(np.float64)
        xg = features(**gen).astype(np.float64)
        out = {"reference": "scikit-learn " + sklearn.__version__ + ", numpy " + np.__version__,
               "real": real, "generated": gen, "threshold": threshold}
        if classes:
            y = labels_of(xr, classes, seed)
            np.save(os.path.join(OUT, f"{name}_real_labels.npy"), y.astype(np.int64))
            pred = KNeighborsClassifier(n_neighbors=k, algorithm="brute").fit(xr, y).predict(xg)
            # how often the vote was a tie (the rule decides)
            nb = KNeighborsClassifier(n_neighbors=k, algorithm="brute").fit(xr, y).kneighbors(xg, return_distance=False)
            counts = np.stack([np.bincount(y[row], minlength=classes) for row in nb])
            ties = int(((counts == counts.max(axis=1, keepdims=True)).sum(axis=1) > 1).sum())
            out.update({"mode_k": k, "classes": classes, "ties": ties, "predicted": pred.tolist()})
            out.update(summary(y, pred, classes, threshold))
        else:
            km = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(xr)
            pred = km.predict(xg)
            out.update({"modes": k, "mode_seed": seed, "real_modes": km.labels_.tolist(), "predicted": pred.tolist()})
            out.update(summary(km.labels_, pred, k, threshold))
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump(out, f)
        print(name, out["dropped"], out["modes_covered"], out["mode_kl"], out.get("ties"))


if __name__ == "__main__":
    main()
