"""End-to-end parity: uint8 images -> torch-fidelity's FeatureExtractorInceptionV3 (TF1 bilinear resize,
(x-128)/128, FID Inception) -> pool3 ('2048') and 'logits_unbiased', with the seeded random weights that
tests/GenMetrics.Tests reproduces in-process (RandomInceptionWeights; written to a .pth by
parity/make_inception_fixtures.py). The C# test runs the same images through Protocol.Tf and our ONNX graph.

Reference: torch-fidelity 5e211a9 (toshas/torch-fidelity), imported from a temporary checkout, not committed.
Usage: TORCH_FIDELITY_REPO=/tmp/tfid PYTORCH_FID_REPO=/tmp/pfid CLEAN_FID_REPO=/tmp/cfid \
       /usr/bin/python3 parity/make_e2e_inception_fixtures.py /tmp/inception_random.pth
Images: the first 4 Fashion-MNIST training images of samples/fashion-mnist (28x28 grey, replicated to RGB) and two
formula images, 299x299 and 320x310: pixel (y, x, c) = (31*y + 17*x + 7*c + 3*y*x) mod 256.
"""
import gzip
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.environ.get("TORCH_FIDELITY_REPO", "/tmp/tfid"))
from torch_fidelity.feature_extractor_inceptionv3 import FeatureExtractorInceptionV3  # noqa: E402

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(root, "tests", "fixtures", "e2e")


def idx_images(path):
    b = gzip.open(path).read()
    n = int.from_bytes(b[4:8], "big")
    return np.frombuffer(b[16:], np.uint8).reshape(n, 28, 28)


def formula(h, w):
    y, x, c = np.meshgrid(np.arange(h), np.arange(w), np.arange(3), indexing="ij")
    return ((31 * y + 17 * x + 7 * c + 3 * y * x) % 256).astype(np.uint8)


torch.set_num_threads(2)
fe = FeatureExtractorInceptionV3("inception-v3-compat", ["2048", "logits_unbiased"], feature_extractor_weights_path=sys.argv[1])
fm = idx_images(os.path.join(root, "samples", "fashion-mnist", "train-images-idx3-ubyte.gz"))[:4]
images = [np.repeat(im[:, :, None], 3, axis=2) for im in fm] + [formula(299, 299), formula(320, 310)]
pool, logits = [], []
with torch.no_grad():
    for im in images:   # one at a time: sizes differ
        f = fe(torch.from_numpy(im).permute(2, 0, 1).unsqueeze(0).contiguous())
        pool.append(f[0].numpy()[0])
        logits.append(f[1].numpy()[0])
np.save(os.path.join(out, "tf_pool3.npy"), np.stack(pool).astype(np.float32))
np.save(os.path.join(out, "tf_logits_unbiased.npy"), np.stack(logits).astype(np.float32))
print("pool3 range", float(np.min(pool)), float(np.max(pool)), "logits range", float(np.min(logits)), float(np.max(logits)))

# The pytorch-fid protocol end to end: pytorch-fid b9c1811's InceptionV3 (resize_input=True, normalize_input=True:
# torch bilinear to 299, then 2x - 1) on ToTensor()-scaled images, pool3 only (its block 3). Imported from
# PYTORCH_FID_REPO/src at generation time; not committed.
sys.path.insert(0, os.path.join(os.environ.get("PYTORCH_FID_REPO", "/tmp/pfid"), "src"))
import pytorch_fid.inception as pf_inception  # noqa: E402

pf_inception.load_state_dict_from_url = lambda *a, **k: torch.load(sys.argv[1])
pf = pf_inception.InceptionV3([pf_inception.InceptionV3.BLOCK_INDEX_BY_DIM[2048]]).eval()
pf_pool = []
with torch.no_grad():
    for im in images:
        x = torch.from_numpy(im).permute(2, 0, 1).unsqueeze(0).float().div(255)
        pf_pool.append(pf(x)[0].reshape(-1).numpy())
np.save(os.path.join(out, "pytorch_fid_pool3.npy"), np.stack(pf_pool).astype(np.float32))
print("pytorch-fid pool3 range", float(np.min(pf_pool)), float(np.max(pf_pool)))

# The clean protocol end to end: clean-fid e88c4d6's own resizer (build_resizer("clean"): PIL bicubic per channel on
# float32, clip, no quantization; imported from CLEAN_FID_REPO at generation time, not committed), then
# (x - 128) / 128 as its TorchScript Inception does, through pytorch-fid's network without its own resize or
# normalisation (the TorchScript file is the same network; it can't be fetched here). pool3 only.
sys.path.insert(0, os.environ.get("CLEAN_FID_REPO", "/tmp/cfid"))
from cleanfid.resize import build_resizer  # noqa: E402

clean_resize = build_resizer("clean")
pf_raw = pf_inception.InceptionV3([pf_inception.InceptionV3.BLOCK_INDEX_BY_DIM[2048]], resize_input=False, normalize_input=False).eval()
clean_pool = []
with torch.no_grad():
    for im in images:
        x = torch.from_numpy(np.ascontiguousarray(clean_resize(im))).permute(2, 0, 1).unsqueeze(0).float()
        clean_pool.append(pf_raw((x - 128) / 128)[0].reshape(-1).numpy())
np.save(os.path.join(out, "clean_pool3.npy"), np.stack(clean_pool).astype(np.float32))
print("clean pool3 range", float(np.min(clean_pool)), float(np.max(clean_pool)))
