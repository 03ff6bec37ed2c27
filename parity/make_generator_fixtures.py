#!/usr/bin/python3
"""Tiny ONNX generators and torch-fidelity's numbers on them (tests/fixtures/generator/).

Two generators with seeded random weights, written with Debian's torch 1.13.1 and exported with torch.onnx.export
(opset 14, dynamic batch): tiny_uncond.onnx (latents z=16 -> uint8 3 x 32 x 32) and tiny_cond.onnx (z=12 and 5
classes -> uint8 3 x 80 x 72). They compute with elementwise float32 operations only (an unrolled z-term sum, a
label embedding looked up by Gather, nearest upsampling, clamp, truncation to uint8), which ONNX Runtime and torch
evaluate to the same bits, so the tests compare the metrics, not two runtimes' convolution rounding; the fixture
records torch's images for a few latents so the C# test checks that too.

Then torch-fidelity 5e211a9 (toshas/torch-fidelity, a temporary checkout, not committed) is run on the same torch
modules through GenerativeModelModuleWrapper, on the CPU:
  * calculate_ppl(1, input1=wrapper, input1_model_num_samples=N, ...) for the unconditional model (lerp, epsilon 1e-4,
    the defaults; and slerp_unit at epsilon 1e-2) and the conditional one (lerp, 1e-4): ppl mean and std, and every
    distance before the percentile filter, computed again with its SampleSimilarityLPIPS on the recorded batches;
  * calculate_metrics(input1=conditional wrapper, input2=the first 80 Fashion-MNIST training images of
    samples/fashion-mnist as uint8 3 x 28 x 28, isc=True, fid=True, input1_model_num_samples=80): IS and FID.
LPIPS-VGG16 gets the seeded random VGG16 backbone of parity/make_lpips_fixtures.py (torchvision layout) and the real
linear layers tests/fixtures/lpips/vgg.pth (lpips v0.1, whose SHA-256 a78928a0... is also that of torch-fidelity's
weights-vgg16-lpips.pth); the FID Inception gets the seeded random weights of parity/make_inception_fixtures.py
(/tmp/inception_random.pth, written by that script). A recorder in front of each module keeps the latents and labels
torch-fidelity fed it (SHA-256 of their bytes go in the fixture), and torch-fidelity's LPIPS input preparation
(normalize, then resize to 64) of one image per model.

numpy >= 1.24 removed np.int, which torch-fidelity's get_featuresdict_from_generative_model still passes to randint
for a conditional model (an AttributeError): np.int = int (the builtin it aliased) is restored before calling it.

    /usr/bin/python3 parity/make_inception_fixtures.py /tmp/pfid/src/pytorch_fid/inception.py --pth /tmp/inception_random.pth
    TORCH_FIDELITY_REPO=/tmp/tfid /usr/bin/python3 parity/make_generator_fixtures.py [--inception /tmp/inception_random.pth]
"""
import argparse
import gzip
import hashlib
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
import torchvision

sys.path.insert(0, os.environ.get("TORCH_FIDELITY_REPO", "/tmp/tfid"))
import torch_fidelity  # noqa: E402
import torch_fidelity.sample_similarity_lpips as tf_lpips  # noqa: E402
from torch_fidelity.metric_ppl import calculate_ppl  # noqa: E402
from torch_fidelity import GenerativeModelModuleWrapper  # noqa: E402

from make_lpips_fixtures import tensor as lpips_tensor  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "tests", "fixtures", "generator")
LPIPS_VGG = os.path.join(ROOT, "tests", "fixtures", "lpips", "vgg.pth")


class TinyGenerator(torch.nn.Module):
    """z -> bias + sum_k z_k W_k (in k order) [+ embed[label]] -> C x h x w -> nearest x up -> + texture -> clamp -> uint8."""

    def __init__(self, z, c, h, w, up, classes, seed):
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        self.z, self.c, self.h, self.w, self.up = z, c, h, w, up
        d = c * (h // up) * (w // up)
        self.register_buffer("weight", (torch.rand(z, d, generator=g) * 2 - 1) * (70 / math.sqrt(z)))
        self.register_buffer("bias", torch.rand(d, generator=g) * 128 + 64)
        self.register_buffer("texture", (torch.rand(c, h, w, generator=g) * 2 - 1) * 24)
        self.classes = classes
        if classes:
            self.register_buffer("embed", (torch.rand(classes, d, generator=g) * 2 - 1) * 40)

    def forward(self, z, labels=None):
        x = self.bias + z[:, 0:1] * self.weight[0]
        for k in range(1, self.z):
            x = x + z[:, k:k + 1] * self.weight[k]
        if self.classes:
            x = x + self.embed[labels]
        x = x.reshape(-1, self.c, self.h // self.up, self.w // self.up)
        x = F.interpolate(x, scale_factor=self.up, mode="nearest")
        x = x + self.texture
        return x.clamp(0, 255).to(torch.uint8)


class Recorder(torch.nn.Module):
    """Keeps every batch of inputs torch-fidelity gives the generator, and the images it returned."""

    def __init__(self, module):
        super().__init__()
        self.module = module
        self.calls = []

    def forward(self, *args):
        out = self.module(*args)
        self.calls.append(([a.clone() for a in args], out.clone()))
        return out


def sha(a):
    a = a.numpy() if torch.is_tensor(a) else a
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()


def export(model, path, conditional):
    z = torch.zeros(2, model.z)
    args = (z, torch.zeros(2, dtype=torch.int64)) if conditional else (z,)
    names = ["z", "label"] if conditional else ["z"]
    axes = {n: {0: "batch"} for n in names + ["images"]}
    torch.onnx.export(model, args, path, input_names=names, output_names=["images"], dynamic_axes=axes, opset_version=14)


def random_vgg16():
    m = torchvision.models.vgg16()
    state = m.state_dict()
    for key, t in state.items():
        state[key] = torch.from_numpy(lpips_tensor("vgg", key, tuple(t.shape))) if key.startswith("features.") else torch.zeros_like(t)
    m.load_state_dict(state)
    return m


def patch_lpips():
    # torch-fidelity downloads torchvision's VGG16 and its weights-vgg16-lpips.pth: hand it the random backbone and
    # lpips' v0.1 vgg.pth instead (no network here; the same five lin{k}.model.1.weight tensors).
    tf_lpips.torchvision_load_pretrained_vgg16 = lambda **kw: random_vgg16()
    tf_lpips.load_state_dict_from_url = lambda *a, **kw: torch.load(LPIPS_VGG, map_location="cpu")


def ppl_case(name, gen, z, z_type, classes, n, epsilon, interp):
    rec = Recorder(gen).eval()
    wrapper = GenerativeModelModuleWrapper(rec, z, z_type, classes)
    # calculate_ppl decides whether the model is conditional from input1_model_num_classes, not from the wrapper's
    # num_classes (which only sets the label range): without it a conditional model would be run without labels.
    r = calculate_ppl(1, input1=wrapper, input1_model_num_samples=n, input1_model_num_classes=classes, cuda=False, verbose=False,
                                     ppl_epsilon=epsilon, ppl_z_interp_mode=interp, cache=False)
    sim = tf_lpips.SampleSimilarityLPIPS("lpips-vgg16", sample_similarity_resize=64, sample_similarity_dtype="uint8").eval()
    e0, e1, labels, dist = [], [], [], []
    with torch.no_grad():
        for args, out in rec.calls:
            half = args[0].shape[0] // 2
            e0.append(args[0][:half])
            e1.append(args[0][half:])
            if classes:
                labels.append(args[1][:half])
            a, b = out.chunk(2)
            dist.append((sim(a, b) / (epsilon ** 2)).numpy())
    e0, e1 = torch.cat(e0), torch.cat(e1)
    dist = np.concatenate(dist).astype(np.float32)
    case = {
        "name": name, "model": name.split("@")[0], "z_type": z_type, "num_classes": classes, "num_samples": n,
        "epsilon": epsilon, "interp": interp, "batch_size": 64,
        "ppl_mean": r["perceptual_path_length_mean"], "ppl_std": r["perceptual_path_length_std"],
        "e0_sha256": sha(e0), "e1_sha256": sha(e1), "labels_sha256": sha(torch.cat(labels)) if classes else None,
        "distances": [float(x) for x in dist],
    }
    print(f"{name}: ppl {case['ppl_mean']:.8g} +- {case['ppl_std']:.8g}; distances min {dist.min():.4g} max {dist.max():.4g} zeros {(dist == 0).sum()}")
    return case


def lpips_input(gen, z, classes):
    """torch-fidelity's LPIPS input preparation (normalize, then resize to 64) of the image of latent RandomState(7)."""
    lat = torch.from_numpy(np.random.RandomState(7).randn(1, z)).float()
    img = gen(lat, torch.tensor([classes - 1])) if classes else gen(lat)
    x = tf_lpips.SampleSimilarityLPIPS.resize(tf_lpips.SampleSimilarityLPIPS.normalize(img), 64)
    return {"image_sha256": sha(img), "sha256": sha(x.float()), "head": [float(v) for v in x.reshape(-1)[:8]]}


def fashion_mnist(n):
    b = gzip.open(os.path.join(ROOT, "samples", "fashion-mnist", "train-images-idx3-ubyte.gz")).read()
    x = np.frombuffer(b[16:16 + n * 784], np.uint8).reshape(n, 1, 28, 28)
    return torch.from_numpy(np.repeat(x, 3, axis=1).copy())


class Images(torch.utils.data.Dataset):
    def __init__(self, x):
        self.x = x

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return self.x[i]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--inception", default="/tmp/inception_random.pth")
    args = ap.parse_args()
    torch.set_num_threads(2)
    os.makedirs(OUT, exist_ok=True)
    patch_lpips()

    uncond = TinyGenerator(16, 3, 32, 32, 4, 0, seed=11).eval()
    cond = TinyGenerator(12, 3, 80, 72, 4, 5, seed=12).eval()
    export(uncond, os.path.join(OUT, "tiny_uncond.onnx"), False)
    export(cond, os.path.join(OUT, "tiny_cond.onnx"), True)

    # The modules' own images on a few latents (ONNX Runtime must give the same bits).
    probe = {}
    with torch.no_grad():
        for name, gen, z, classes in (("tiny_uncond", uncond, 16, 0), ("tiny_cond", cond, 12, 5)):
            lat = torch.from_numpy(np.random.RandomState(3).randn(6, z)).float()
            lab = torch.tensor([0, 1, 2, 3, 4, 2])
            img = gen(lat, lab) if classes else gen(lat)
            probe[name] = {"latents_seed": 3, "labels": lab.tolist() if classes else None, "images_sha256": sha(img),
                           "shape": list(img.shape), "lpips_input": lpips_input(gen, z, classes)}

    result = {"references": {"torch-fidelity": "5e211a9", "torch": torch.__version__, "numpy": np.__version__},
              "probe": probe, "ppl": []}
    with torch.no_grad():
        result["ppl"].append(ppl_case("tiny_uncond", uncond, 16, "normal", 0, 128, 1e-4, "lerp"))
        result["ppl"].append(ppl_case("tiny_uncond@slerp_unit", uncond, 16, "unit", 0, 128, 1e-2, "slerp_unit"))
        result["ppl"].append(ppl_case("tiny_cond", cond, 12, "normal", 5, 128, 1e-4, "lerp"))

    # FID and IS of the conditional generator's samples against Fashion-MNIST (torch-fidelity's calculate_metrics).
    np.int = int   # removed in numpy 1.24; torch-fidelity's generator path still uses it for conditional labels
    rec = Recorder(cond).eval()
    wrapper = GenerativeModelModuleWrapper(rec, 12, "normal", 5)
    real = Images(fashion_mnist(80))
    m = torch_fidelity.calculate_metrics(input1=wrapper, input2=real, input1_model_num_samples=80, isc=True, fid=True,
                                         cuda=False, verbose=False, cache=False, save_cpu_ram=True,
                                         feature_extractor_weights_path=args.inception)
    lat = torch.cat([a[0] for a, _ in rec.calls])
    lab = torch.cat([a[1] for a, _ in rec.calls])
    result["metrics"] = {
        "model": "tiny_cond", "z_type": "normal", "num_classes": 5, "num_samples": 80, "batch_size": 64,
        "real": "samples/fashion-mnist/train-images-idx3-ubyte.gz, first 80", "latents_sha256": sha(lat), "labels_sha256": sha(lab),
        "labels_head": lab[:8].tolist(), "images_sha256": sha(torch.cat([o for _, o in rec.calls])),
        "fid": m["frechet_inception_distance"], "is_mean": m["inception_score_mean"], "is_std": m["inception_score_std"],
    }
    print("metrics", result["metrics"])
    with open(os.path.join(OUT, "tiny.json"), "w") as f:
        json.dump(result, f, indent=1)
    for name in ("tiny_uncond.onnx", "tiny_cond.onnx"):
        print(name, os.path.getsize(os.path.join(OUT, name)), "bytes")


if __name__ == "__main__":
    main()
