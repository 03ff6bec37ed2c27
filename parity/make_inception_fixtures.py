#!/usr/bin/python3
"""Parity fixtures for the FID InceptionV3 ONNX graph (tests/fixtures/inception).

Builds deterministic pseudo-random weights in the real state_dict layout (the formula of
src/GenMetrics/Encoders/RandomInceptionWeights.cs, reproduced bit for bit), loads them into pytorch-fid's FID
Inception in eval mode and saves pool3, logits_unbiased and logits for three pseudo-random 3x299x299 images.

Reference: mseitzer/pytorch-fid@b9c1811, src/pytorch_fid/inception.py (not vendored: pass its path), run on
Debian's python3-torch 1.13 / torchvision 0.14:

    /usr/bin/python3 parity/make_inception_fixtures.py PATH/TO/pytorch_fid/inception.py [--pth /tmp/inception_random.pth]
        [--torch-fidelity PATH/TO/torch-fidelity-checkout]   (optional cross-check, toshas/torch-fidelity@5e211a9)

pytorch-fid's InceptionV3(output_blocks=[3], resize_input=False, normalize_input=False) gives pool3; the logits
follow torch-fidelity's taps: pool3 @ fc.weight.T (logits_unbiased) and F.linear(pool3, fc.weight, fc.bias).
"""
import argparse
import collections
import importlib.util
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "inception")
GOLDEN = np.uint64(0x9E3779B97F4A7C15)
M1 = np.uint64(0xBF58476D1CE4E5B9)
M2 = np.uint64(0x94D049BB133111EB)
N_IMAGES = 3


def fnv1a64(key):
    h = 0xCBF29CE484222325
    for c in key.encode("utf-8"):
        h ^= c
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def uniform(key, n):
    """u = (splitmix64(state) >> 40) * 2**-24 as float32, state seeded by FNV-1a(key), one draw per element."""
    state = np.uint64(fnv1a64(key)) + np.arange(1, n + 1, dtype=np.uint64) * GOLDEN
    z = state
    z = (z ^ (z >> np.uint64(30))) * M1
    z = (z ^ (z >> np.uint64(27))) * M2
    z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(40)).astype(np.float32) * np.float32(1.0 / 16777216.0)


def sym(key, n):
    return np.float32(2) * uniform(key, n) + np.float32(-1)


def tensor(key, shape):
    n = int(np.prod(shape))
    if key.endswith(".conv.weight") or key == "fc.weight":
        fan_in = n // shape[0]
        k = 3.0 if key == "fc.weight" else 6.0
        s = np.float32(math.sqrt(k / fan_in))
        v = sym(key, n) * s
    elif key.endswith(".bn.weight"):
        v = np.float32(0.1) * sym(key, n) + np.float32(1)
    elif key.endswith(".bn.running_var"):
        v = np.float32(1) * uniform(key, n) + np.float32(0.5)
    else:  # bn.bias, bn.running_mean, fc.bias
        v = np.float32(0.1) * sym(key, n) + np.float32(0)
    assert v.dtype == np.float32
    return v.reshape(shape)


def load_pytorch_fid(path):
    spec = importlib.util.spec_from_file_location("pf_inception", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inception_py", help="pytorch-fid's src/pytorch_fid/inception.py (b9c1811)")
    ap.add_argument("--pth", default="/tmp/inception_random.pth", help="where to torch.save the random state_dict")
    ap.add_argument("--torch-fidelity", help="optional: a torch-fidelity checkout (5e211a9) to cross-check; "
                                             "loads the saved .pth strictly and compares its taps on uint8 images")
    args = ap.parse_args()
    torch.set_num_threads(2)
    pf = load_pytorch_fid(args.inception_py)

    # The layout (key names, shapes, order) from torchvision's Inception3 with pytorch-fid's patched blocks.
    template = pf._inception_v3(num_classes=1008, aux_logits=False, weights=None).state_dict()
    state = collections.OrderedDict()
    for key, t in template.items():
        if key.endswith("num_batches_tracked"):
            state[key] = torch.tensor(0, dtype=torch.long)
        else:
            state[key] = torch.from_numpy(tensor(key, tuple(t.shape)))
    n_float = sum(1 for k in state if not k.endswith("num_batches_tracked"))
    print("tensors:", n_float, "parameters:", sum(v.numel() for k, v in state.items() if v.dtype == torch.float32))
    torch.save(state, args.pth)

    pf.load_state_dict_from_url = lambda *a, **k: state   # fid_inception_v3() loads "the weights" from here
    model = pf.InceptionV3([3], resize_input=False, normalize_input=False).eval()

    images = sym("images", N_IMAGES * 3 * 299 * 299).reshape(N_IMAGES, 3, 299, 299)
    images[1] = np.float32(0.5) * images[1]                    # vary the statistics between images
    images[2] = images[2] * images[2] + np.float32(-0.5)
    with torch.no_grad():
        pool3 = model(torch.from_numpy(images))[0].squeeze(3).squeeze(2)
        w, b = state["fc.weight"], state["fc.bias"]
        logits_unbiased = torch.mm(pool3, w.T)
        logits = F.linear(pool3, w, b)
    os.makedirs(OUT, exist_ok=True)
    outs = {"pool3": pool3, "logits_unbiased": logits_unbiased, "logits": logits}
    for name, t in outs.items():
        a = t.numpy().astype(np.float32)
        np.save(os.path.join(OUT, name + ".npy"), a)
        print(f"{name}: shape {a.shape} min {a.min():.4g} max {a.max():.4g} mean {a.mean():.4g} std {a.std():.4g}")
    p = outs["pool3"].numpy()
    print("pool3 distance between images / norm:", np.linalg.norm(p[0] - p[1]) / np.linalg.norm(p[0]))
    # Probes that pin the generator itself (the C# test checks them bit for bit).
    np.save(os.path.join(OUT, "probe_conv1a_weight.npy"), state["Conv2d_1a_3x3.conv.weight"].numpy())
    np.save(os.path.join(OUT, "probe_7c_pool_bn.npy"), np.stack([state["Mixed_7c.branch_pool.bn." + k].numpy()
                                                                for k in ("weight", "bias", "running_mean", "running_var")]))
    np.save(os.path.join(OUT, "probe_fc_bias.npy"), state["fc.bias"].numpy())
    np.save(os.path.join(OUT, "probe_images_head.npy"), images.reshape(-1)[:1000])
    if args.torch_fidelity:
        cross_check_torch_fidelity(args.torch_fidelity, args.pth, model, state)


def cross_check_torch_fidelity(repo, pth, model, state):
    """torch-fidelity's extractor takes uint8 images (TF1 resize, the identity at 299, then (x-128)/128)."""
    import sys
    sys.path.insert(0, repo)
    from torch_fidelity.feature_extractor_inceptionv3 import FeatureExtractorInceptionV3
    fe = FeatureExtractorInceptionV3("inception-v3-compat", ["2048", "logits_unbiased", "logits"],
                                     feature_extractor_weights_path=pth)
    u8 = torch.from_numpy((np.float32(255.99) * uniform("uint8 images", 2 * 3 * 299 * 299)).astype(np.uint8))
    u8 = u8.reshape(2, 3, 299, 299)
    with torch.no_grad():
        tf_pool3, tf_unbiased, _ = fe(u8)
        pf_pool3 = model((u8.float() - 128) / 128)[0].squeeze(3).squeeze(2)
    print("torch-fidelity vs pytorch-fid: pool3 max |diff|", (tf_pool3 - pf_pool3).abs().max().item(),
          "logits_unbiased max |diff|", (tf_unbiased - pf_pool3.mm(state["fc.weight"].T)).abs().max().item())


if __name__ == "__main__":
    main()
