"""SSIM reference timing: piq 9948a52 `ssim` (its defaults: the f = 2 average pool at 512 px, 11 x 11 Gaussian,
'valid') on the same uint8 pairs as GenMetrics, in batches of the whole file, torch.set_num_threads(2).
Usage: ssim_ref.py A.npy B.npy PASSES REFS_DIR   (A, B: N x H x W x 3 uint8; REFS_DIR as parity/paired_refs.py)
Prints JSON: seconds_float32 (best of 3 after a warm-up, for PASSES passes over the N pairs, including the x / 255
conversion), seconds_float64 (torch's float64 conv2d is ~25x slower on the CPU: one pass timed once, after the
warm-up, and scaled to PASSES), mean_float32 / mean_float64 (the mean SSIM of one pass)."""
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "parity"))
import paired_refs  # noqa: E402


def main():
    a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
    passes, refs = int(sys.argv[3]), sys.argv[4]
    torch.set_num_threads(2)
    piq = paired_refs.load_piq(refs)
    out = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    for dtype, name in ((torch.float32, "float32"), (torch.float64, "float64")):
        runs = passes if dtype == torch.float32 else 1

        def run():
            total = 0.0
            for _ in range(runs):
                x = torch.from_numpy(a).permute(0, 3, 1, 2).to(dtype) / 255.0
                y = torch.from_numpy(b).permute(0, 3, 1, 2).to(dtype) / 255.0
                total = float(piq.ssim(x, y, data_range=1.0))
            return total
        out["mean_" + name] = run()
        best = float("inf")
        for _ in range(3 if dtype == torch.float32 else 1):
            t = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - t)
        out["seconds_" + name] = best * passes / runs
    print(json.dumps(out))


if __name__ == "__main__":
    main()
