"""Times the memorization references on float32 .npy features; prints "SECONDS VALUES... CPU_SECONDS PEAK_RSS_GB".
  ct:    dgm-eval's compute_CTscore exactly as it runs (PCA 64 with sklearn's default solver, KMeans(3, n_init=10),
         both unseeded). Usage: DGM_EVAL_REPO=<layer6ai-labs/dgm-eval @ 74c79f7> memorization_ref.py ct TRAIN TEST GEN
  alpha: the authors' compute_alpha_precision (ahmedmalaa/evaluating-generative-models, branch DrShushen 937f757),
         centre = float64 real mean; prints alpha_precision, beta_recall, authenticity.
         Usage: AGM_REPO=<checkout> memorization_ref.py alpha REAL GEN
The references' code is loaded from the checkouts, never copied here."""
import contextlib
import importlib.util
import io
import os
import resource
import sys
import time

import numpy as np


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    what = sys.argv[1]
    arrays = [np.load(p) for p in sys.argv[2:]]
    if what == "ct":
        ct = load("dgm_eval_ct", os.path.join(os.environ["DGM_EVAL_REPO"], "dgm_eval", "metrics", "ct.py"))
        run = lambda: [ct.compute_CTscore(*arrays)]  # noqa: E731
    else:
        import torch
        torch.set_num_threads(2)
        agm = load("agm_evaluation", os.path.join(os.environ["AGM_REPO"], "metrics", "evaluation.py"))
        center = arrays[0].astype(np.float64).mean(axis=0)
        run = lambda: list(agm.compute_alpha_precision(arrays[0], arrays[1], center)[3:])  # noqa: E731
    u0 = resource.getrusage(resource.RUSAGE_SELF)
    t = time.perf_counter()
    with contextlib.redirect_stderr(io.StringIO()):
        values = run()
    s = time.perf_counter() - t
    u1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (u1.ru_utime - u0.ru_utime) + (u1.ru_stime - u0.ru_stime)
    peak = u1.ru_maxrss / 1e6
    print(s, *[float(np.ravel(v)[0]) for v in values], f"{cpu:.2f}", f"{peak:.2f}")


if __name__ == "__main__":
    main()
