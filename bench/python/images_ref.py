"""Reference side of the "images" benchmark.

make DIR N:   writes N PNGs of 256x256 (seeded smooth + noisy content) into DIR with PIL.
fid DIR WEIGHTS: times pytorch-fid's get_activations (pytorch-fid b9c1811, imported from PYTORCH_FID_REPO/src;
              not committed) on DIR's PNGs with the given FID-Inception state dict (the seeded random weights:
              same graph and cost as the real ones), batch 50 (its default), 2 loader workers, torch 2 threads.
              Prints "seconds images".
"""
import os
import sys
import time

import numpy as np

if sys.argv[1] == "make":
    from PIL import Image
    out, n = sys.argv[2], int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    rng = np.random.RandomState(0)
    y, x = np.mgrid[0:256, 0:256]
    for i in range(n):
        base = (np.sin(x / (9 + i % 7)) + np.cos(y / (11 + i % 5))) * 60 + 128
        img = np.clip(base[:, :, None] + rng.randint(-40, 40, (256, 256, 3)), 0, 255).astype(np.uint8)
        Image.fromarray(img).save(os.path.join(out, f"{i:05d}.png"))
    sys.exit(0)

import torch  # noqa: E402

sys.path.insert(0, os.path.join(os.environ.get("PYTORCH_FID_REPO", "/tmp/pfid"), "src"))
import pytorch_fid.inception as inception  # noqa: E402
from pytorch_fid.fid_score import get_activations  # noqa: E402

torch.set_num_threads(2)
weights = sys.argv[3]
inception.load_state_dict_from_url = lambda *a, **k: torch.load(weights)
model = inception.InceptionV3([inception.InceptionV3.BLOCK_INDEX_BY_DIM[2048]]).eval()
files = sorted(os.path.join(sys.argv[2], f) for f in os.listdir(sys.argv[2]) if f.endswith(".png"))
t = time.perf_counter()
act = get_activations(files, model, batch_size=50, dims=2048, device="cpu", num_workers=2)
s = time.perf_counter() - t
print(s, len(files), float(act.sum()))
