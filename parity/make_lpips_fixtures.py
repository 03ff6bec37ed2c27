#!/usr/bin/python3
"""Parity fixtures for LPIPS v0.1 and LPIPS diversity (tests/fixtures/paired/lpips.json).

For each backbone (alex, vgg, squeeze): seeded pseudo-random weights for torchvision's `features` (the formula of
src/GenMetrics/Encoders/LpipsRandomWeights.cs, bit for bit; `classifier.*` zero) are loaded strictly into
torchvision 0.14's model and written with torch.save in torchvision's key layout to --out (not committed: alexnet
is 233 MB, vgg16 528 MB). lpips' own LPIPS module (richzhang/PerceptualSimilarity 082bb24, lpips/lpips.py and
pretrained_networks.py, unmodified) is then built with pnet_rand=True, its torchvision constructor returning that
model, and the REAL v0.1 linear weights from tests/fixtures/lpips/{net}.pth (model_path=...). The whole module's
state_dict is written too ({net}_module.pth) and its key layout recorded. Distances: lpips.im2tensor(uint8 image)
(x / 127.5 - 1) for both images, model(in0, in1) on the batch of pairs of one size, float32 on the CPU.

LPIPS diversity: mean LPIPS over pairs of distinct samples drawn as
    rs = numpy.random.RandomState(seed); i = rs.randint(0, n, size=pairs); j = rs.randint(0, n - 1, size=pairs)
    j = j + (j >= i)
(all i first, then all j; uniform over ordered pairs i != j; pairs may repeat), the mean taken in float64 over the
float32 distances in draw order.

    /usr/bin/python3 parity/make_lpips_fixtures.py --refs /tmp/refs-paired [--out /tmp/lpips-paired]
"""
import argparse
import json
import math
import os
import types

import numpy as np
import torch
import torchvision

import paired_images
import paired_refs
from synthetic import splitmix64

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "tests", "fixtures", "paired")
TV = {"alex": "alexnet", "vgg": "vgg16", "squeeze": "squeezenet1_1"}

PAIRS = [
    ("64x64:scene:1", "64x64:noisy:1:101"),
    ("64x64:scene:1", "64x64:shift:1"),
    ("64x64:scene:2", "64x64:quant:2"),
    ("64x64:scene:3", "64x64:scene:4"),
    ("64x64:const:128", "64x64:scene:5"),
    ("64x64:scene:1", "64x64:scene:1"),
    ("64x64:noisy:1:101", "64x64:scene:1"),      # pair 0 swapped: symmetry
    ("67x83:scene:6", "67x83:noisy:6:106"),      # odd, non-square
    ("67x83:noisy:6:106", "67x83:scene:6"),
]
DIVERSITY = {"net": "alex", "set": [f"64x64:scene:{s}" for s in range(10, 16)] + ["64x64:noisy:10:20", "64x64:quant:11"],
             "pairs": 40, "seed": 2020}


def fnv1a64(key):
    h = 0xCBF29CE484222325
    for c in key.encode("utf-8"):
        h ^= c
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def tensor(net, key, shape):
    n = int(np.prod(shape))
    z = splitmix64(fnv1a64(f"lpips/{net}/{key}"), n)
    u = (z >> np.uint64(40)).astype(np.float32) * np.float32(1.0 / 16777216.0)
    v = np.float32(2) * u + np.float32(-1)
    if len(shape) > 1:
        v = v * np.float32(math.sqrt(6.0 / (n // shape[0])))
    else:
        v = np.float32(0.1) * v
    assert v.dtype == np.float32
    return v.reshape(shape)


def bits_sum(a):
    return int(np.sum(a.astype(np.float32).reshape(-1).view(np.uint32).astype(np.uint64)) & 0xFFFFFFFFFFFFFFFF)


def backbone(net, out):
    model = getattr(torchvision.models, TV[net])()
    state = model.state_dict()
    probes = {}
    for key, t in state.items():
        if key.startswith("features."):
            v = tensor(net, key, tuple(t.shape))
            state[key] = torch.from_numpy(v)
            probes[key] = bits_sum(v)
        else:
            state[key] = torch.zeros_like(t)
    path = os.path.join(out, f"{TV[net]}_random.pth")
    torch.save(state, path)
    keys = [[k, list(t.shape)] for k, t in state.items()]
    return path, keys, probes


def lpips_model(lpips, net, backbone_path):
    # pretrained_networks.py calls tv.<name>(pretrained=False) when pnet_rand=True: hand it the saved random model.
    # (pn.tv is torchvision.models itself: give pn a stand-in namespace rather than patching torchvision.)
    def loaded(pretrained=False, **kwargs):
        m = getattr(torchvision.models, TV[net])()
        m.load_state_dict(torch.load(backbone_path), strict=True)
        return m
    lpips.pretrained_networks.tv = types.SimpleNamespace(**{TV[net]: loaded})
    lin = os.path.join(ROOT, "tests", "fixtures", "lpips", f"{net}.pth")
    return lpips.LPIPS(net=net, pnet_rand=True, model_path=lin, verbose=False).eval()


def distances(lpips, model, pairs):
    result = [None] * len(pairs)
    by_size = {}
    for i, (a, b) in enumerate(pairs):
        by_size.setdefault(a.split(":")[0], []).append(i)
    with torch.no_grad():
        for idx in by_size.values():
            x0 = torch.cat([lpips.im2tensor(paired_images.image(pairs[i][0])) for i in idx])
            x1 = torch.cat([lpips.im2tensor(paired_images.image(pairs[i][1])) for i in idx])
            d = model(x0, x1).reshape(-1)
            for k, i in enumerate(idx):
                result[i] = float(d[k])
    return result


def smallest(lpips, model):
    with torch.no_grad():
        for n in range(1, 80):
            x = torch.zeros(1, 3, n, n)
            try:
                model(x, x)
                return n
            except RuntimeError:
                pass


def draw_pairs(n, pairs, seed):
    rs = np.random.RandomState(seed)
    i = rs.randint(0, n, size=pairs)
    j = rs.randint(0, n - 1, size=pairs)
    j = j + (j >= i)
    return [[int(a), int(b)] for a, b in zip(i, j)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--refs", default="/tmp/refs-paired", help="folder holding the reference checkouts")
    ap.add_argument("--out", default="/tmp/lpips-paired", help="where the random .pth files go (not committed)")
    args = ap.parse_args()
    torch.set_num_threads(2)
    os.makedirs(args.out, exist_ok=True)
    lpips = paired_refs.load_lpips(args.refs)
    result = {"references": {"lpips": "082bb24", "torch": torch.__version__, "torchvision": torchvision.__version__},
              "pairs": [list(p) for p in PAIRS], "nets": {}}
    models = {}
    for net in ("alex", "vgg", "squeeze"):
        path, keys, probes = backbone(net, args.out)
        model = lpips_model(lpips, net, path)
        models[net] = model
        module_path = os.path.join(args.out, f"lpips_{net}_module.pth")
        torch.save(model.state_dict(), module_path)
        d = distances(lpips, model, PAIRS)
        single = [float(model(lpips.im2tensor(paired_images.image(a)), lpips.im2tensor(paired_images.image(b))))
                  for a, b in PAIRS]
        result["nets"][net] = {
            "torchvision_keys": keys,
            "module_keys": [[k, list(t.shape)] for k, t in model.state_dict().items()],
            "feature_bits": probes,
            "distances": d,
            "batch_vs_single_max_diff": max(abs(x - y) for x, y in zip(d, single)),
            "minimum_size": smallest(lpips, model),
        }
        print(net, "min size", result["nets"][net]["minimum_size"], "distances", [round(x, 6) for x in d],
              "batch/single", result["nets"][net]["batch_vs_single_max_diff"])
    div = dict(DIVERSITY)
    drawn = draw_pairs(len(div["set"]), div["pairs"], div["seed"])
    values = distances(lpips, models[div["net"]], [(div["set"][i], div["set"][j]) for i, j in drawn])
    div["drawn"] = drawn
    div["value"] = float(np.mean(np.array(values, dtype=np.float64)))
    result["diversity"] = div
    print("diversity", div["value"], drawn[:5])
    with open(os.path.join(OUT, "lpips.json"), "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
