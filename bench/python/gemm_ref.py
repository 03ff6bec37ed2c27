"""Times numpy float32 A @ B.T (OpenBLAS sgemm); prints the best of 3 in seconds. Usage: gemm_ref.py M N K"""
import sys
import time

import numpy as np

m, n, k = (int(v) for v in sys.argv[1:4])
rng = np.random.default_rng(1)
a = rng.random((m, k), dtype=np.float32) - 0.5
b = rng.random((n, k), dtype=np.float32) - 0.5
a @ b.T
best = 1e9
for _ in range(3):
    t = time.perf_counter()
    a @ b.T
    best = min(best, time.perf_counter() - t)
print(best)
