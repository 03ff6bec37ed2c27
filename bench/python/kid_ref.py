"""KID reference timing: torch-fidelity's algorithm (metric_kid.py @ 5e211a9: RandomState(seed).choice for input1 then
input2 per subset, float32 numpy polynomial kernel (X @ Y.T / d + 1) ** 3, unbiased MMD², mean and np.std), reimplemented
here in the same numpy operations so the benchmark needs no torch. Usage: kid_ref.py REAL.npy GENERATED.npy SUBSETS SIZE
Prints JSON: seconds, mean, std."""
import json
import sys
import time

import numpy as np


def kernel(x, y):
    return (np.matmul(x, y.T) * (1.0 / x.shape[1]) + 1) ** 3


def mmd2(kxx, kxy, kyy):
    m = kxx.shape[0]
    diag_x, diag_y = np.diagonal(kxx), np.diagonal(kyy)
    kt_xx_sum = (kxx.sum(axis=1) - diag_x).sum()
    kt_yy_sum = (kyy.sum(axis=1) - diag_y).sum()
    k_xy_sum = kxy.sum(axis=0).sum()
    return (kt_xx_sum + kt_yy_sum) / (m * (m - 1)) - 2 * k_xy_sum / (m * m)


def kid(f1, f2, subsets, size, seed=2020):
    rng = np.random.RandomState(seed)
    mmds = np.zeros(subsets)
    for i in range(subsets):
        a = f1[rng.choice(len(f1), size, replace=False)]
        b = f2[rng.choice(len(f2), size, replace=False)]
        mmds[i] = mmd2(kernel(a, a), kernel(a, b), kernel(b, b))
    return float(np.mean(mmds)), float(np.std(mmds))


if __name__ == "__main__":
    real = np.load(sys.argv[1])
    gen = np.load(sys.argv[2])
    subsets, size = int(sys.argv[3]), int(sys.argv[4])
    t = time.perf_counter()
    mean, std = kid(gen, real, subsets, size)  # torch-fidelity: input1 = generated is drawn first
    print(json.dumps({"seconds": time.perf_counter() - t, "mean": mean, "std": std}))
