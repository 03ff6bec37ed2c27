"""Times clovaai prdc's compute_prdc on two float32 .npy feature files; prints
"SECONDS P R D C PEAK_RSS_GB CPU_SECONDS" (CPU seconds: user + system of this process, all threads).
Usage: PRDC_REPO=<checkout of clovaai/generative-evaluation-prdc> prdc_ref.py REAL.npy FAKE.npy K
(e.g. git clone https://github.com/clovaai/generative-evaluation-prdc /tmp/prdc; reviewed at e320c1d)."""
import contextlib
import io
import os
import resource
import sys
import time

import numpy as np

sys.path.insert(0, os.environ.get("PRDC_REPO", "/tmp/prdc"))
from prdc import compute_prdc  # noqa: E402

real = np.load(sys.argv[1])
fake = np.load(sys.argv[2])
k = int(sys.argv[3])
u0 = resource.getrusage(resource.RUSAGE_SELF)
t = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):   # compute_prdc prints the sample counts
    r = compute_prdc(real, fake, nearest_k=k)
s = time.perf_counter() - t
u1 = resource.getrusage(resource.RUSAGE_SELF)
cpu = (u1.ru_utime - u0.ru_utime) + (u1.ru_stime - u0.ru_stime)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
print(s, r["precision"], r["recall"], r["density"], r["coverage"], f"{peak:.2f}", f"{cpu:.2f}")
