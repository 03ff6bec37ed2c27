"""Shared by the parity scripts: FID computed exactly in float64 on two feature sets."""
import numpy as np


def exact_fid(real, sub):
    """FID with tr sqrt(S1 S2) as the sum of the singular values of B L: S1 = L L^T (Cholesky of the real covariance,
    ddof 1), B the centred second set / sqrt(N - 1); exact also when the second set has fewer rows than dimensions."""
    real, sub = real.astype(np.float64), sub.astype(np.float64)
    mu1, mu2 = real.mean(axis=0), sub.mean(axis=0)
    s1, s2 = np.cov(real, rowvar=False), np.cov(sub, rowvar=False)
    l1 = np.linalg.cholesky(s1)
    b = (sub - mu2) / np.sqrt(len(sub) - 1)
    tr = np.linalg.svd(b @ l1, compute_uv=False).sum()
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * tr)
