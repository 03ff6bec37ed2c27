"""Writes the preprocessing parity fixtures for tests/GenMetrics.Tests/Encoders/OnnxFile*.cs.

    /usr/bin/python3 parity/make_onnx_encoder_fixtures.py

Run with Debian's /usr/bin/python3 (torchvision 0.14, PIL 9.4, numpy). The reference is torchvision's own transform
on a PIL RGB image, as OpenAI CLIP's _transform and clean-fid's CLIP-FID build it:
    Compose([Resize(S, interpolation), CenterCrop(S), ToTensor(), Normalize(mean, std)])
(crop "none": Resize((S, S)) instead of the first two). torchvision hands the 8-bit image to PIL's resize, so the
resized image is uint8.

Inputs are computed from a formula that C# reproduces bit for bit (OnnxFileFixtures.cs in the tests):
    v[y, x, c] = (x * x * 3 + y * 7 + x * y + c * 85 + ((x * 131 + y * 71) ^ (x * y)) % 64) % 256   (HWC uint8)

Written to tests/fixtures/onnxenc/preprocess.json, per case: the SHA-256 of the resized-and-cropped uint8 image
(HWC, before ToTensor) and of the float32 output (CHW, little-endian bytes), the float64 sum, and the float32 bit
patterns at 300 fixed positions (index k -> (k * 1000003) % N).
"""
import hashlib
import json
import os

import numpy as np
import torchvision
from PIL import Image
from torchvision import transforms as T
from torchvision.transforms import InterpolationMode

IMAGENET = ((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))
CLIP = ((0.48145466, 0.4578275, 0.40821073), (0.26862954, 0.26130258, 0.27577711))
STRIDE = 1000003
SAMPLES = 300


def image(w, h):
    y, x, c = np.meshgrid(np.arange(h, dtype=np.int64), np.arange(w, dtype=np.int64), np.arange(3, dtype=np.int64), indexing="ij")
    v = (x * x * 3 + y * 7 + x * y + c * 85 + ((x * 131 + y * 71) ^ (x * y)) % 64) % 256
    return v.astype(np.uint8)


def case(w, h, size, interp, crop, norm, norm_name):
    im = Image.fromarray(image(w, h), "RGB")
    mode = {"bicubic": InterpolationMode.BICUBIC, "bilinear": InterpolationMode.BILINEAR}[interp]
    geo = [T.Resize(size, interpolation=mode), T.CenterCrop(size)] if crop == "center" else [T.Resize((size, size), interpolation=mode)]
    pil = T.Compose(geo)(im)
    u8 = np.asarray(pil, dtype=np.uint8)
    assert u8.shape == (size, size, 3), u8.shape
    x = T.Compose([T.ToTensor(), T.Normalize(*norm)])(pil).numpy().astype(np.float32)
    flat = x.reshape(-1)
    idx = [(k * STRIDE) % flat.size for k in range(SAMPLES)]
    return {
        "width": w, "height": h, "size": size, "resize": interp, "crop": crop, "norm": norm_name,
        "uint8_sha256": hashlib.sha256(np.ascontiguousarray(u8).tobytes()).hexdigest(),
        "float_sha256": hashlib.sha256(np.ascontiguousarray(flat).astype("<f4").tobytes()).hexdigest(),
        "sum": repr(float(flat.astype(np.float64).sum())),
        "bits": [int(b) for b in flat[idx].view(np.uint32)],
    }


def main():
    cases = [
        case(300, 200, 224, "bicubic", "center", CLIP, "clip"),      # landscape, upscale short side
        case(180, 260, 224, "bicubic", "center", CLIP, "clip"),      # portrait, upscale
        case(517, 389, 224, "bicubic", "center", IMAGENET, "imagenet"),  # downscale (antialiased), odd crop offset
        case(224, 229, 224, "bicubic", "center", IMAGENET, "imagenet"),  # short side already S: no resize, crop 2.5 -> 2
        case(300, 200, 224, "bilinear", "center", IMAGENET, "imagenet"),
        case(97, 150, 64, "bicubic", "none", CLIP, "clip"),          # squash to S x S
        case(640, 480, 96, "bilinear", "center", CLIP, "clip"),
        case(64, 150, 64, "bicubic", "none", IMAGENET, "imagenet"),   # only the vertical pass
        case(150, 64, 64, "bilinear", "none", IMAGENET, "imagenet"),  # only the horizontal pass
        case(1000, 700, 224, "bicubic", "center", CLIP, "clip"),      # strong downscale, wide antialiasing support
    ]
    out = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "onnxenc", "preprocess.json")
    with open(out, "w") as f:
        json.dump({"torchvision": torchvision.__version__, "pillow": Image.__version__, "stride": STRIDE, "cases": cases}, f, indent=1)
    print("wrote", os.path.normpath(out), len(cases), "cases")


if __name__ == "__main__":
    main()
