"""LPIPS reference timing: the lpips package (PerceptualSimilarity 082bb24) LPIPS(net='alex') with the real v0.1
linear weights and a backbone of the same architecture (the random torchvision file BACKBONE when it exists, as
written by parity/make_lpips_fixtures.py, else torchvision's random init: same cost), torch.set_num_threads(2),
batches of BATCH pairs, lpips.im2tensor inputs (conversion included in the time).
Usage: lpips_ref.py A.npy B.npy BATCH REFS_DIR LIN.pth BACKBONE.pth
Prints JSON: seconds (best of 3 after a warm-up), pairs, mean distance."""
import json
import os
import sys
import time
import types

import numpy as np
import torch
import torchvision

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "parity"))
import paired_refs  # noqa: E402


def main():
    a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
    batch, refs, lin, backbone = int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
    torch.set_num_threads(2)
    lpips = paired_refs.load_lpips(refs)

    def alexnet(pretrained=False, **kwargs):
        m = torchvision.models.alexnet()
        if os.path.exists(backbone):
            m.load_state_dict(torch.load(backbone), strict=True)
        return m
    lpips.pretrained_networks.tv = types.SimpleNamespace(alexnet=alexnet)
    model = lpips.LPIPS(net="alex", pnet_rand=True, model_path=lin, verbose=False).eval()

    def run():
        values = []
        with torch.no_grad():
            for s in range(0, len(a), batch):
                x0 = torch.cat([lpips.im2tensor(im) for im in a[s:s + batch]])
                x1 = torch.cat([lpips.im2tensor(im) for im in b[s:s + batch]])
                values.append(model(x0, x1).reshape(-1))
        return float(torch.cat(values).double().mean())
    mean = run()
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t)
    print(json.dumps({"seconds": best, "pairs": len(a), "mean": mean, "same_weights": os.path.exists(backbone)}))


if __name__ == "__main__":
    main()
