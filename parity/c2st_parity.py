"""Regenerates tests/fixtures/c2st: the classifier two-sample test against scikit-learn's own classifiers.

GenMetrics' c2st is defined as this recipe on scikit-learn 1.2 (Debian's python3-sklearn), float64 throughout:
  X = [real; generated], y = [0] * N + [1] * M
  rs = numpy.random.RandomState(seed); perm = rs.permutation(N + M)
  train = perm[:(N + M) // 2], test = perm[(N + M) // 2:]   (in permutation order)
  StandardScaler fitted on X[train], applied to both halves
  critic 1: LogisticRegression(C=1, lbfgs) solved to its optimum (newton-cg, tol 1e-10; the
            gradient of the mean objective below 1e-8 is checked and stored), scores = decision_function
  critic 2: MLPClassifier(hidden_layer_sizes=(hidden,), relu, adam, alpha, batch_size, learning_rate_init,
            max_iter=epochs, shuffle=False, random_state=seed, no early stop), scores = predict_proba[:, 1]
  each critic: ROC AUC (sklearn.metrics.roc_auc_score) and accuracy (predict) on the test half
  statistic T = max(AUC_logistic, AUC_mlp); p = (1 + #{T_b >= T}) / (1 + B), T_b the same statistic with the test
  labels permuted by rs.permutation(y_test) (the same RandomState, after the split), b = 1 .. B
Features from parity/synthetic.py (C# makes the same float32 values).
    /usr/bin/python3 parity/c2st_parity.py
"""
import json
import os
import sys
import warnings

import numpy as np
from scipy.stats import rankdata
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synthetic import features  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "c2st")


def recipe(seed, n, d, shift=0.0, factor=0.5):
    return {"seed": seed, "n": n, "d": d, "shift": shift, "factor": factor}


def rank_auc(y, s):
    r = rankdata(s)
    n1 = int(y.sum())
    n0 = len(y) - n1
    return (r[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)


def c2st(real, gen, o):
    X = np.vstack([real, gen]).astype(np.float64)
    y = np.r_[np.zeros(len(real)), np.ones(len(gen))].astype(np.int64)
    rs = np.random.RandomState(o["seed"])
    perm = rs.permutation(len(y))
    half = len(y) // 2
    tr, te = perm[:half], perm[half:]
    sc = StandardScaler().fit(X[tr])
    xtr, xte = sc.transform(X[tr]), sc.transform(X[te])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        lr = LogisticRegression(C=o["c"], solver="newton-cg", tol=1e-10, max_iter=300).fit(xtr, y[tr])
        mlp = MLPClassifier(hidden_layer_sizes=(o["hidden"],), activation="relu", solver="adam", alpha=o["alpha"],
                            batch_size=o["batch_size"], learning_rate_init=o["learning_rate"], max_iter=o["epochs"],
                            shuffle=False, random_state=o["seed"], n_iter_no_change=o["epochs"] + 1).fit(xtr, y[tr])
    # The objective GenMetrics minimises: mean log-loss + ||w||^2 / (2 C n); newton-cg ends at its optimum.
    z = xtr @ lr.coef_[0] + lr.intercept_[0]
    r = 1 / (1 + np.exp(-z)) - y[tr]
    grad = np.r_[xtr.T @ r / len(tr) + lr.coef_[0] / (o["c"] * len(tr)), r.mean()]
    assert np.abs(grad).max() < 1e-8, np.abs(grad).max()
    yte = y[te]
    grad_max = float(np.abs(grad).max())
    s_lr = lr.decision_function(xte)
    s_mlp = mlp.predict_proba(xte)[:, 1]
    out = {"test": int(len(te)), "train": int(len(tr)), "lr_gradient": grad_max}
    stats = []
    for name, s, model in (("logistic", s_lr, lr), ("mlp", s_mlp, mlp)):
        auc = rank_auc(yte, s)
        assert abs(auc - roc_auc_score(yte, s)) < 1e-12
        out[name] = {"auc": auc, "accuracy": float((model.predict(xte) == yte).mean()), "scores": s.tolist()}
        stats.append(s)
    t = max(out["logistic"]["auc"], out["mlp"]["auc"])
    null = []
    for _ in range(o["permutations"]):
        yp = rs.permutation(yte)
        null.append(max(rank_auc(yp, stats[0]), rank_auc(yp, stats[1])))
    null = np.array(null)
    out["c2st_auc"] = t
    out["c2st_p"] = float((1 + (null >= t).sum()) / (1 + len(null)))
    out["null_mean"] = float(null.mean())
    out["mlp_loss"] = float(mlp.loss_)
    return out


CASES = {
    # A shifted mean: both critics find it.
    "shift_d16": (recipe(1, 300, 16), recipe(2, 260, 16, shift=0.15), {}),
    # The same mean, another covariance (a stronger shared component): a linear critic sees little, the MLP more.
    "cov_d32": (recipe(3, 500, 32, factor=0.2), recipe(4, 500, 32, factor=1.5), {"hidden": 16, "epochs": 60}),
    # One distribution: chance.
    "same_d24": (recipe(5, 350, 24), recipe(6, 330, 24), {"permutations": 200, "seed": 7}),
    # Small batches, more than one per epoch with a short last one.
    "batches_d8": (recipe(8, 150, 8), recipe(9, 170, 8, shift=0.3), {"batch_size": 37, "epochs": 12, "seed": 11}),
}

DEFAULTS = {"seed": 0, "permutations": 100, "hidden": 64, "epochs": 20, "batch_size": 256, "learning_rate": 1e-3,
            "alpha": 1e-4, "c": 1.0}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, (real, gen, over) in CASES.items():
        o = dict(DEFAULTS, **over)
        r = c2st(features(**real), features(**gen), o)
        doc = {"reference": "scikit-learn 1.2.1 (LogisticRegression, MLPClassifier, roc_auc_score) via parity/c2st_parity.py",
               "real": real, "generated": gen, "options": o, **r}
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(doc, f, indent=1)
        print(name, "lr auc %.6f acc %.4f | mlp auc %.6f acc %.4f | p %.4f| lr |g| %.1e" % (
            r["logistic"]["auc"], r["logistic"]["accuracy"], r["mlp"]["auc"], r["mlp"]["accuracy"], r["c2st_p"], r["lr_gradient"]))


if __name__ == "__main__":
    main()
