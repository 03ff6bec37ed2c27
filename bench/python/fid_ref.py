"""Reference timings for bench/GenMetrics.Bench FidBench and StatsBench (run by BenchUtil.RunPython).

fid DIR:   loads mu1, mu2, s1, s2 (.npy float64) and times the Frechet distance
           - as pytorch-fid 0.3 computes it (scipy.linalg.sqrtm(s1.dot(s2), disp=False), eps retry, .real);
           - as torch-fidelity 0.4 computes it (sum(sqrt(eigvals(s1 @ s2).astype(complex128)).real)).
           Prints: "sqrtm_s fid_sqrtm eigvals_s fid_eigvals".
stats DIR: loads x.npy (float32 N x d) and times np.mean(x, axis=0) + np.cov(x, rowvar=False), as torch-fidelity's
           fid_features_to_statistics does. Prints: "seconds trace".
Formulas re-implemented from the references (see parity/fid_parity.py for the commits).
"""
import os
import sys
import time

import numpy as np
import scipy.linalg


def fd(mu1, mu2, s1, s2, trace_sqrt):
    diff = mu1 - mu2
    return float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * trace_sqrt)


def sqrtm_trace(s1, s2, eps=1e-6):
    covmean, _ = scipy.linalg.sqrtm(s1.dot(s2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(s1.shape[0]) * eps
        covmean = scipy.linalg.sqrtm((s1 + offset).dot(s2 + offset))
    return np.trace(covmean.real)


def eigvals_trace(s1, s2):
    return np.sum(np.sqrt(np.linalg.eigvals(s1.dot(s2)).astype("complex128")).real)


def main():
    mode, d = sys.argv[1], sys.argv[2]
    if mode == "fid":
        mu1, mu2, s1, s2 = (np.load(os.path.join(d, f + ".npy")) for f in ("mu1", "mu2", "s1", "s2"))
        t0 = time.perf_counter()
        f_sqrtm = fd(mu1, mu2, s1, s2, sqrtm_trace(s1, s2))
        t1 = time.perf_counter()
        f_eig = fd(mu1, mu2, s1, s2, eigvals_trace(s1, s2))
        t2 = time.perf_counter()
        print(f"{t1 - t0:.4f} {f_sqrtm!r} {t2 - t1:.4f} {f_eig!r}")
    elif mode == "stats":
        x = np.load(os.path.join(d, "x.npy"))
        t0 = time.perf_counter()
        mu = np.mean(x, axis=0)
        sigma = np.cov(x, rowvar=False)
        t1 = time.perf_counter()
        print(f"{t1 - t0:.4f} {float(np.trace(sigma))!r} {float(mu.sum())!r}")
    else:
        raise SystemExit("usage: fid_ref.py fid|stats DIR")


if __name__ == "__main__":
    main()
