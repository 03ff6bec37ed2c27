"""Regenerates tests/fixtures/cfid: conditional FID, the repository's formula transcribed to numpy.

Reference: Michael-Soloveitchik/CFID @ f23d361, metrics.py (cfid, sample_covariance, trace_sqrt_product,
symmetric_matrix_square_root). It is TensorFlow 2 code and Debian has no TensorFlow, so it could not be run; this
script transcribes it line by line to numpy (float64): tf.reduce_mean -> mean, sample_covariance -> a^T b / N,
tf.linalg.pinv -> numpy pinv with TensorFlow's default rcond = 10 * max(rows, cols) * eps, tf.linalg.svd ->
numpy svd (TensorFlow returns v, numpy v^T), and symmetric_matrix_square_root's quirk (singular values below 1e-10
kept unrooted). The repository asserts that X, Y and Y_hat have one dimension; the formula does not need it, and
the case "dx12_dy6" uses different ones. "float32" is the same transcription run in float32, as the repository
runs on float32 features, to show that precision's effect. The sets are written as float32 .npy files beside the
JSON. Also "exact": the same terms with tr sqrt from eigenvalues, as GenMetrics computes it.
    /usr/bin/python3 parity/cfid_parity.py
"""
import json
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "cfid")


def symmetric_matrix_square_root(mat, eps=1e-10):
    u, s, vt = np.linalg.svd(mat)
    si = np.where(s < eps, s, np.sqrt(s))
    return (u * si) @ vt


def trace_sqrt_product(sigma, sigma_v):
    sqrt_sigma = symmetric_matrix_square_root(sigma)
    sqrt_a_sigmav_a = sqrt_sigma @ (sigma_v @ sqrt_sigma)
    return np.trace(symmetric_matrix_square_root(sqrt_a_sigmav_a))


def sample_covariance(a, b, invert=False):
    c = a.T @ b / a.shape[0]
    if invert:
        rcond = 10.0 * max(c.shape) * np.finfo(c.dtype).eps
        return np.linalg.pinv(c, rcond=rcond, hermitian=False)
    return c


def cfid(y_true, y_predict, x_true):
    m_y_true = y_true.mean(axis=0)
    m_y_predict = y_predict.mean(axis=0)
    m_x_true = x_true.mean(axis=0)
    c_y_predict_x_true = sample_covariance(y_predict - m_y_predict, x_true - m_x_true)
    c_y_true_x_true = sample_covariance(y_true - m_y_true, x_true - m_x_true)
    c_x_true_y_true = sample_covariance(x_true - m_x_true, y_true - m_y_true)
    c_x_true_y_predict = sample_covariance(x_true - m_x_true, y_predict - m_y_predict)
    c_y_predict_y_predict = sample_covariance(y_predict - m_y_predict, y_predict - m_y_predict)
    c_y_true_y_true = sample_covariance(y_true - m_y_true, y_true - m_y_true)
    inv_c_x_true_x_true = sample_covariance(x_true - m_x_true, x_true - m_x_true, invert=True)
    c_y_true_given_x_true = c_y_true_y_true - c_y_true_x_true @ (inv_c_x_true_x_true @ c_x_true_y_true)
    c_y_predict_given_x_true = c_y_predict_y_predict - c_y_predict_x_true @ (inv_c_x_true_x_true @ c_x_true_y_predict)
    d1 = c_y_true_x_true - c_y_predict_x_true
    d2 = c_x_true_y_true - c_x_true_y_predict
    m_dist = np.einsum("...k,...k->...", m_y_true - m_y_predict, m_y_true - m_y_predict)
    c_dist1 = np.trace((d1 @ inv_c_x_true_x_true) @ d2)
    c_dist2 = np.trace(c_y_true_given_x_true + c_y_predict_given_x_true) - 2 * trace_sqrt_product(
        c_y_predict_given_x_true, c_y_true_given_x_true)
    exact_root = np.sqrt(np.linalg.eigvals(c_y_predict_given_x_true @ c_y_true_given_x_true).astype(complex)).real.sum()
    exact = m_dist + c_dist1 + np.trace(c_y_true_given_x_true + c_y_predict_given_x_true) - 2 * exact_root
    return float(m_dist + c_dist1 + c_dist2), float(m_dist), float(c_dist1), float(c_dist2), float(exact)


# name, N, dx, dy, seed, duplicated x columns, generated equals real
CASES = [
    ("d8", 600, 8, 8, 31, 0, False),
    ("dx12_dy6", 500, 12, 6, 32, 0, False),
    ("singular_x", 400, 10, 6, 33, 2, False),
    ("d64", 1000, 64, 64, 34, 0, False),
    ("same", 300, 6, 6, 35, 0, True),
]


def sets(n, dx, dy, seed, dup, same):
    rs = np.random.RandomState(seed)
    x = rs.randn(n, dx).astype(np.float32)
    if dup:
        x[:, -dup:] = x[:, :dup]
    w1 = rs.randn(dx, dy).astype(np.float32) * np.float32(0.5)
    w2 = w1 + rs.randn(dx, dy).astype(np.float32) * np.float32(0.2)
    y = (x @ w1 + rs.randn(n, dy).astype(np.float32) * np.float32(0.3)).astype(np.float32)
    yh = y.copy() if same else (x @ w2 + rs.randn(n, dy).astype(np.float32) * np.float32(0.4) + np.float32(0.05)).astype(np.float32)
    return x, y, yh


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, n, dx, dy, seed, dup, same in CASES:
        x, y, yh = sets(n, dx, dy, seed, dup, same)
        for tag, a in (("x", x), ("y", y), ("yhat", yh)):
            np.save(os.path.join(OUT, f"{name}_{tag}.npy"), a)
        value, m, c1, c2, exact = cfid(y.astype(np.float64), yh.astype(np.float64), x.astype(np.float64))
        f32 = cfid(y, yh, x)[0]
        out = {"reference": "Michael-Soloveitchik/CFID f23d361 metrics.py cfid, transcribed to numpy " + np.__version__ + " (float64)",
               "cfid": value, "mean_term": m, "cross_term": c1, "conditional_term": c2, "cfid_exact_trace": exact,
               "cfid_float32": f32, "condition_rank": int(np.linalg.matrix_rank(np.cov(x.T.astype(np.float64), bias=True)))}
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump(out, f, indent=1)
        print(name, value, exact, f32, out["condition_rank"])


if __name__ == "__main__":
    main()
