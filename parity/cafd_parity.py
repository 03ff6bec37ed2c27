"""Regenerates tests/fixtures/cafd: CAFD and its KL from the CAFD repository's own functions.

Reference: B1ueber2y/CAFD @ 729d3c7 (cafd.py). Its module imports TensorFlow 1 (tf.gfile, the MNIST tutorial
reader) and scipy.misc.imread, none of which Debian has, so the script takes calculate_activation_statistics,
calculate_CAFD and calculate_kl out of the file (ast) and runs them unchanged with numpy 1.24 and scipy 1.10.
get_activations (the network) is replaced by a function returning the given features and probabilities, which is
what the repository's own is_feature=1 path does with the network's softmax; N is a multiple of its batch size 50,
so its dropping of the last N mod 50 samples does not apply. calculate_activation_statistics fixes class_number =
10; the case "k4" substitutes 4 for that constant (the only edit), the others have 10 classes.
    git -C <clone> show 729d3c7:cafd.py > /tmp/cafd/cafd.py
    /usr/bin/python3 parity/cafd_parity.py --cafd /tmp/cafd/cafd.py

Features come from parity/synthetic.py (C# regenerates them); the probabilities are a seeded softmax of a random
linear map of the features (float64), written as .npy files beside the JSON, so C# reads exactly what the reference
read. "exact" is the same CAFD with tr sqrt(S_r S_g) from eigenvalues (sum sqrt(eigvals(S_r S_g)).real, as
torch-fidelity's FID), to show how far sqrtm is from it.
"""
import argparse
import ast
import json
import os
import sys
import warnings

import numpy as np
import scipy
import scipy.linalg

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synthetic import features  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "cafd")


def recipe(seed, n, d, shift, factor):
    return {"seed": seed, "n": n, "d": d, "shift": shift, "factor": factor}


CASES = [
    # name, real, generated, classes, seed of the linear map, its scale, hard (one-hot) probabilities
    ("d16", recipe(701, 600, 16, 0.0, 0.5), recipe(702, 500, 16, 0.05, 0.6), 10, 11, 1.0, False),
    ("d64", recipe(711, 1500, 64, 0.0, 0.5), recipe(712, 1000, 64, 0.1, 0.5), 10, 12, 0.5, False),
    ("k4", recipe(721, 400, 8, 0.0, 1.0), recipe(722, 350, 8, 0.0, 1.2), 4, 13, 2.0, False),
    ("onehot_d8", recipe(731, 800, 8, 0.0, 1.0), recipe(732, 700, 8, 0.2, 1.0), 10, 14, 3.0, True),
    ("same_d12", recipe(741, 500, 12, 0.0, 0.5), recipe(741, 500, 12, 0.0, 0.5), 10, 15, 1.0, False),
]


def probabilities(x, k, seed, scale, hard):
    rs = np.random.RandomState(seed)
    w = rs.randn(x.shape[1], k) * scale
    b = rs.randn(k) * 0.1
    z = x.astype(np.float64) @ w + b
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    if hard:
        p = np.eye(k)[p.argmax(axis=1)]
        # every class on both sides: the repository divides by each class's mass
        assert (p.sum(axis=0) > 0).all()
    return p


def load(path, classes):
    tree = ast.parse(open(path).read())
    wanted = {"calculate_activation_statistics", "calculate_CAFD", "calculate_kl"}
    body = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in wanted]
    assert len(body) == 3, "functions not found"
    for fn in body:
        for node in ast.walk(fn):
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "class_number":
                node.value = ast.Constant(classes)
    module = ast.fix_missing_locations(ast.Module(body=body, type_ignores=[]))
    ns = {"np": np, "sp": scipy, "warnings": warnings, "print": lambda *a, **k: None}
    exec(compile(module, path, "exec"), ns)
    return ns


def exact_fd(mu1, s1, mu2, s2):
    diff = mu1 - mu2
    tr = np.sqrt(np.linalg.eigvals(s1 @ s2).astype(complex)).real.sum()
    return float(diff @ diff + np.trace(s1) + np.trace(s2) - 2 * tr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cafd", required=True, help="cafd.py of B1ueber2y/CAFD @ 729d3c7")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    for name, real, gen, k, seed, scale, hard in CASES:
        ns = load(args.cafd, k)
        xr = features(**real)
        xg = features(**gen)
        pr = probabilities(xr, k, seed, scale, hard)
        pg = probabilities(xg, k, seed, scale, hard)
        np.save(os.path.join(OUT, f"{name}_real_probs.npy"), pr)
        np.save(os.path.join(OUT, f"{name}_fake_probs.npy"), pg)
        results = []
        for x, p in ((xr, pr), (xg, pg)):
            ns["get_activations"] = lambda data, sess, batch_size=50, is_feature=0, p=p: (data, p)
            results.append(ns["calculate_activation_statistics"](x, None, 50, 1))
        (m1, s1, sm1), (m2, s2, sm2) = results
        cafd = float(ns["calculate_CAFD"](m1, s1, m2, s2))
        kl = float(ns["calculate_kl"](sm1, sm2))
        exact = [exact_fd(m1[i], s1[i], m2[i], s2[i]) for i in range(k)]
        out = {
            "reference": "B1ueber2y/CAFD 729d3c7 cafd.py calculate_activation_statistics, calculate_CAFD, calculate_kl; numpy "
                         + np.__version__ + ", scipy " + scipy.__version__,
            "real": real, "generated": gen, "classes": k, "hard": hard,
            "cafd": cafd, "cafd_kl": kl,
            "cafd_exact_trace": float(np.mean(exact)), "per_class_exact_trace": exact,
            "real_shares": [float(v) for v in sm1], "generated_shares": [float(v) for v in sm2],
        }
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump(out, f, indent=1)
        print(name, cafd, kl, abs(cafd - out["cafd_exact_trace"]) / abs(out["cafd_exact_trace"]) if cafd else 0)


if __name__ == "__main__":
    main()
