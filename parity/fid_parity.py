"""FID parity fixtures: tests/fixtures/fid/<case>.json from seeded synthetic features (parity/synthetic.py).

Run with Debian's python3 (numpy 1.24, scipy 1.10.1):  /usr/bin/python3 parity/fid_parity.py

The reference formulas are re-implemented here (no reference code is imported or copied):
- torch-fidelity 0.4 (toshas/torch-fidelity@5e211a9, torch_fidelity/metric_fid.py): features stay float32;
  mu = np.mean(f, axis=0) (float32), sigma = np.cov(f, rowvar=False) (float64); diff = mu1 - mu2 (float32);
  tr_covmean = sum(sqrt(eigvals(s1 @ s2).astype(complex128)).real); fid = diff.dot(diff) + tr s1 + tr s2 - 2 tr_covmean.
  "tf_fid" is exactly that; "tf_fid_mu64" is the same formula with mu taken in float64 (np.mean of float64
  features), which is what GenMetrics computes (the float32 mean only adds float32 rounding to ||mu1 - mu2||^2).
- pytorch-fid 0.3.0 (mseitzer/pytorch-fid@b9c1811, src/pytorch_fid/fid_score.py calculate_frechet_distance):
  activations are stored in a float64 array; mu = np.mean, sigma = np.cov (ddof 1);
  covmean = scipy.linalg.sqrtm(s1.dot(s2), disp=False); if not finite, retry with eps=1e-6 added to both diagonals;
  if complex and diag.imag is not allclose(0, atol=1e-3) it raises (recorded as null); else .real.
- "exact_fid": the same distance without forming S1 S2: with centred features A = (X1 - mu1)/sqrt(N1 - 1) and
  B likewise, S1 = A^T A, S2 = B^T B, and tr sqrt(S1 S2) = sum of singular values of A B^T (N1 x N2). This is well
  conditioned when N < d, where the exactly-zero eigenvalues of S1 S2 come out of eigvals/sqrtm as ~1e-16 and add
  ~1e-8 each to the references' trace (1e-7 relative on n_lt_d).
"""
import json
import os
import sys

import numpy as np
import scipy
import scipy.linalg

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synthetic import features  # noqa: E402

CASES = [
    # name, (seed, n, d, shift, factor) for set A, then for set B
    ("d2048", (11, 2500, 2048, 0.0, 0.5), (12, 2500, 2048, 0.05, 0.7)),
    ("n_lt_d", (21, 300, 512, 0.0, 0.5), (22, 300, 512, 0.1, 0.6)),
    ("small", (31, 1000, 64, 0.0, 0.5), (32, 1000, 64, 0.2, 0.8)),
]


def tf_fid(f1, f2, mean64):
    mu1 = np.mean(f1.astype(np.float64) if mean64 else f1, axis=0)
    mu2 = np.mean(f2.astype(np.float64) if mean64 else f2, axis=0)
    s1, s2 = np.cov(f1, rowvar=False), np.cov(f2, rowvar=False)
    diff = mu1 - mu2
    tr_covmean = np.sum(np.sqrt(np.linalg.eigvals(s1.dot(s2)).astype("complex128")).real)
    return float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * tr_covmean), float(tr_covmean)


def pf_fid(f1, f2, eps=1e-6):
    a1, a2 = f1.astype(np.float64), f2.astype(np.float64)
    mu1, mu2 = np.mean(a1, axis=0), np.mean(a2, axis=0)
    s1, s2 = np.cov(a1, rowvar=False), np.cov(a2, rowvar=False)
    diff = mu1 - mu2
    covmean, _ = scipy.linalg.sqrtm(s1.dot(s2), disp=False)
    retried = False
    if not np.isfinite(covmean).all():
        retried = True
        offset = np.eye(s1.shape[0]) * eps
        covmean = scipy.linalg.sqrtm((s1 + offset).dot(s2 + offset))
    max_imag = 0.0
    if np.iscomplexobj(covmean):
        max_imag = float(np.max(np.abs(np.diagonal(covmean).imag)))
        if not np.allclose(np.diagonal(covmean).imag, 0, atol=1e-3):
            return None, retried, max_imag
        covmean = covmean.real
    return float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean)), retried, max_imag


def exact_fid(f1, f2):
    a1, a2 = f1.astype(np.float64), f2.astype(np.float64)
    mu1, mu2 = np.mean(a1, axis=0), np.mean(a2, axis=0)
    A = (a1 - mu1) / np.sqrt(len(a1) - 1)
    B = (a2 - mu2) / np.sqrt(len(a2) - 1)
    tr = np.linalg.svd(A @ B.T, compute_uv=False).sum()
    diff = mu1 - mu2
    return float(diff.dot(diff) + (A * A).sum() + (B * B).sum() - 2 * tr)


def checksums(f):
    a = f.astype(np.float64)
    mu = np.mean(a, axis=0)
    cov = np.cov(a, rowvar=False)
    cov0 = np.cov(a, rowvar=False, ddof=0)
    return {
        "mean_sum": float(mu.sum()), "mean_abs_sum": float(np.abs(mu).sum()), "mean_0": float(mu[0]),
        "cov_sum": float(cov.sum()), "cov_abs_sum": float(np.abs(cov).sum()), "cov_trace": float(np.trace(cov)),
        "cov_0_1": float(cov[0, 1]), "cov_last": float(cov[-1, -1]), "cov_ddof0_trace": float(np.trace(cov0)),
    }


def main():
    out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "fid")
    os.makedirs(out_dir, exist_ok=True)
    for name, pa, pb in CASES:
        f1, f2 = features(*pa), features(*pb)
        tf, tr = tf_fid(f1, f2, mean64=False)
        tf64, tr64 = tf_fid(f1, f2, mean64=True)
        pf, retried, max_imag = pf_fid(f1, f2)
        exact = exact_fid(f1, f2)
        keys = ("seed", "n", "d", "shift", "factor")
        doc = {
            "generator": "parity/fid_parity.py",
            "versions": {"numpy": np.__version__, "scipy": scipy.__version__},
            "a": dict(zip(keys, pa)), "b": dict(zip(keys, pb)),
            "exact_fid": exact, "tf_fid": tf, "tf_fid_mu64": tf64, "tf_trace_sqrt": tr64,
            "pf_fid": pf, "pf_eps_retry": retried, "pf_max_diag_imag": max_imag,
            "stats_a": checksums(f1), "stats_b": checksums(f2),
        }
        with open(os.path.join(out_dir, name + ".json"), "w") as fh:
            json.dump(doc, fh, indent=2)
            fh.write("\n")
        print(name, exact, tf, tf64, pf, retried, max_imag)


if __name__ == "__main__":
    main()
