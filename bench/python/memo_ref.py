"""Times references of the memorisation/diversity metrics on float32 .npy features; prints "SECONDS VALUE CPU_S".
Usage: memo_ref.py mind REAL.npy FAKE.npy TORCH_FIDELITY_DIR   torch-fidelity 5e211a9 mind_features_to_metric
                                                                (cuda=False, torch.set_num_threads(2))
       memo_ref.py vendi FAKE.npy VENDI_DIR                     Vendi-Score c791c30 score_dual on float64 features
"""
import resource
import sys
import time

import numpy as np

what = sys.argv[1]
u0 = resource.getrusage(resource.RUSAGE_SELF)
if what == "mind":
    sys.path.insert(0, sys.argv[4])
    import torch
    from torch_fidelity.metric_mind import KEY_METRIC_MIND, mind_features_to_metric
    torch.set_num_threads(2)
    real, fake = torch.from_numpy(np.load(sys.argv[2])), torch.from_numpy(np.load(sys.argv[3]))
    t = time.perf_counter()
    v = mind_features_to_metric(fake, real, mind_num_projections=1000, cuda=False, rng_seed=2020, verbose=False)[KEY_METRIC_MIND]
    s = time.perf_counter() - t
else:
    sys.path.insert(0, sys.argv[3])
    from vendi_score import vendi
    x = np.load(sys.argv[2]).astype(np.float64)
    t = time.perf_counter()
    v = vendi.score_dual(x, q=1)
    s = time.perf_counter() - t
u1 = resource.getrusage(resource.RUSAGE_SELF)
print(f"{s:.3f} {v!r} {(u1.ru_utime - u0.ru_utime) + (u1.ru_stime - u0.ru_stime):.2f}")
