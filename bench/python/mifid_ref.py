"""Times torchmetrics' MiFID formula on two float32 .npy feature files (real, generated), as
MemorizationInformedFrechetInceptionDistance.compute() runs it: features .double(), mean and cov, _mifid_compute.
Prints "TOTAL_S COSINE_S FID_S MIFID DISTANCE FID PEAK_RSS_GB CPU_S".
Usage: mifid_ref.py REAL.npy FAKE.npy torch TORCHMETRICS_DIR   (torchmetrics dab0333's image/mifid.py and image/fid.py:
           their functions are taken out with ast and run on Debian's torch, torch.set_num_threads(2))
       mifid_ref.py REAL.npy FAKE.npy numpy                    (the same formula in numpy float64 on OpenBLAS)
"""
import ast
import os
import resource
import sys
import time

import numpy as np

real = np.load(sys.argv[1])
fake = np.load(sys.argv[2])
mode = sys.argv[3]
u0 = resource.getrusage(resource.RUSAGE_SELF)

if mode == "torch":
    import torch
    torch.set_num_threads(2)
    ns = {"torch": torch, "Tensor": torch.Tensor}
    for file, names in (("fid.py", ["_compute_fid"]), ("mifid.py", ["_compute_cosine_distance", "_mifid_compute"])):
        tree = ast.parse(open(os.path.join(sys.argv[4], file)).read())
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name in names:
                exec(compile(ast.Module([node], []), file, "exec"), ns)
    r64, f64 = torch.from_numpy(real).double(), torch.from_numpy(fake).double()
    t = time.perf_counter()
    mu_r, mu_f = r64.mean(dim=0), f64.mean(dim=0)
    cov_r, cov_f = torch.cov(r64.t()), torch.cov(f64.t())
    fid = float(ns["_compute_fid"](mu_r, cov_r, mu_f, cov_f))
    t_fid = time.perf_counter() - t
    t = time.perf_counter()
    dist = float(ns["_compute_cosine_distance"](r64, f64, 2.0))
    t_cos = time.perf_counter() - t
    # compute() = statistics + _mifid_compute = statistics + _compute_fid + _compute_cosine_distance, timed in parts.
    mifid = float(ns["_mifid_compute"](mu_r, cov_r, r64, mu_f, cov_f, f64, cosine_distance_eps=0.1))
    total = t_fid + t_cos
else:
    def cosine(a, b):
        a = a[a.sum(axis=1) != 0]
        b = b[b.sum(axis=1) != 0]
        a = a / np.linalg.norm(a, axis=1, keepdims=True)
        b = b / np.linalg.norm(b, axis=1, keepdims=True)
        return float((1.0 - np.abs(a @ b.T)).min(axis=1).mean())

    r64, f64 = real.astype(np.float64), fake.astype(np.float64)
    t = time.perf_counter()
    mu_r, mu_f = r64.mean(axis=0), f64.mean(axis=0)
    cov_r, cov_f = np.cov(r64, rowvar=False), np.cov(f64, rowvar=False)
    tr = np.sqrt(np.linalg.eigvals(cov_r @ cov_f).astype(complex)).real.sum()
    fid = float(((mu_r - mu_f) ** 2).sum() + np.trace(cov_r) + np.trace(cov_f) - 2 * tr)
    t_fid = time.perf_counter() - t
    t = time.perf_counter()
    dist = cosine(r64, f64)
    t_cos = time.perf_counter() - t
    mifid = fid / ((dist if dist < 0.1 else 1.0) + 10e-15) if fid > 1e-8 else 0.0
    total = t_fid + t_cos

u1 = resource.getrusage(resource.RUSAGE_SELF)
cpu = (u1.ru_utime - u0.ru_utime) + (u1.ru_stime - u0.ru_stime)
peak = u1.ru_maxrss / 1e6
print(f"{total:.3f} {t_cos:.3f} {t_fid:.3f} {mifid!r} {dist!r} {fid!r} {peak:.2f} {cpu:.2f}")
