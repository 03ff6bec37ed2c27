#!/usr/bin/python3
"""Parity fixtures for SSIM, MS-SSIM and PSNR (tests/fixtures/paired/ssim_psnr.json).

Runs the references' own code on seeded synthetic image pairs (parity/paired_images.py; C# rebuilds the same
pixels) and stores their numbers:
  piq_ssim      piq.ssim(x, y, data_range=1.)                     (piq 9948a52 = v0.8.0: its defaults, = MATLAB ssim.m)
  ms_ssim       piq.multi_scale_ssim(x, y, data_range=1.)
  piq_psnr      piq.psnr(x, y, data_range=1.)                     per pair; the set value is the mean over pairs
  skimage_ssim  skimage.metrics.structural_similarity(a, b, channel_axis=2, data_range=1.0)   (scikit-image 0.19.3)
  tm_ssim       torchmetrics structural_similarity_index_measure(x, y, data_range=1.0)       (torchmetrics dab0333)
  tm_psnr       torchmetrics _psnr_update per pair, summed over the set, then _psnr_compute (what its
                PeakSignalNoiseRatio(data_range=1.0) accumulates with dim=None)
Inputs: uint8 HWC -> float64 x / 255 (NCHW for piq and torchmetrics). "grey" values use Y = 0.299 R + 0.587 G +
0.114 B computed as piq.psnr's convert_to_greyscale does (torch.sum(x * [0.299, 0.587, 0.114], dim=1)), as one
channel. A reference that raises records the error instead of a number.

The references run in float64. The same references in float32 (their usual dtype) differ from float64 by the amounts
printed at the end and stored under "float32_deviation": that is why GenMetrics computes in float64.

    /usr/bin/python3 parity/make_paired_fixtures.py --refs /tmp/refs-paired    (see parity/paired_refs.py)
"""
import argparse
import json
import math
import os

import numpy as np
import torch
from skimage.metrics import structural_similarity

import paired_images
import paired_refs

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "paired")

CASES = [
    ("64x80:scene:1", "64x80:noisy:1:101"),
    ("64x80:scene:1", "64x80:shift:1"),
    ("67x53:scene:2", "67x53:quant:2"),
    ("67x53:scene:2", "67x53:scene:3"),
    ("40x40:const:128", "40x40:const:100"),
    ("40x40:const:77", "40x40:const:77"),
    ("64x80:scene:1", "64x80:scene:1"),
    ("11x11:scene:4", "11x11:noisy:4:104"),      # exactly piq's window
    ("9x12:scene:5", "9x12:noisy:5:105"),        # below piq's 11 x 11 window; skimage (7) and torchmetrics (6) run
    ("7x7:scene:6", "7x7:noisy:6:106"),          # skimage's minimum
    ("6x8:scene:6", "6x8:noisy:6:106"),          # torchmetrics' minimum (reflect padding needs 5 < size)
    ("5x9:scene:6", "5x9:noisy:6:106"),          # below every window
    ("48x64:grey:7", "48x64:noisy:7:107"),
    ("380x400:scene:11", "380x400:quant:11"),    # f = round(380 / 256) = 1
    ("512x384:scene:8", "512x384:noisy:8:108"),  # f = round(1.5) = 2
    ("640x700:scene:9", "640x700:shift:9"),      # f = round(2.5) = 2 (Python rounds half to even)
    ("768x770:scene:10", "768x770:noisy:10:110"),  # f = 3, 770 / 3 pools to 256 (floor)
    ("161x161:scene:12", "161x161:noisy:12:112"),  # MS-SSIM's minimum; odd at every scale
    ("161x190:scene:13", "161x190:shift:13"),
    ("175x203:scene:14", "175x203:quant:14"),
    ("256x256:scene:15", "256x256:noisy:15:115"),
    ("200x333:scene:16", "200x333:scene:17"),
    ("170x180:const:50", "170x180:const:60"),
    ("160x200:scene:18", "160x200:noisy:18:118"),  # below MS-SSIM's 161
]
# Pairs pooled by torchmetrics' PSNR (indices into CASES): mixed sizes, as its accumulating metric allows.
PSNR_SET = [0, 1, 2, 3, 12, 13]

GREY = torch.tensor([0.299, 0.587, 0.114], dtype=torch.float64).view(1, -1, 1, 1)


def to_tensor(a, dtype):
    return torch.from_numpy(a.astype(np.float64) / 255.0).permute(2, 0, 1).unsqueeze(0).to(dtype).contiguous()


def grey(t):
    return torch.sum(t * GREY.to(t.dtype), dim=1, keepdim=True)


def run(f):
    try:
        return float(f())
    except Exception as e:   # the reference's own error, recorded
        return "error: " + type(e).__name__ + ": " + str(e).splitlines()[0][:200]


def number(v):
    if isinstance(v, float) and not math.isfinite(v):
        return "inf" if v > 0 else ("-inf" if v < 0 else "nan")
    return v


def metrics(piq, tm, a, b, greyscale, dtype):
    x, y = to_tensor(a, dtype), to_tensor(b, dtype)
    if greyscale:
        x, y = grey(x), grey(y)
    xs = x[0].permute(1, 2, 0).numpy()
    ys = y[0].permute(1, 2, 0).numpy()
    if greyscale:
        sk = lambda: structural_similarity(xs[:, :, 0], ys[:, :, 0], data_range=1.0)
    else:
        sk = lambda: structural_similarity(xs, ys, channel_axis=2, data_range=1.0)
    sse, n = tm.psnr_update(x, y)
    return {
        "piq_ssim": run(lambda: piq.ssim(x, y, data_range=1.)),
        "ms_ssim": run(lambda: piq.multi_scale_ssim(x, y, data_range=1.)),
        "piq_psnr": run(lambda: piq.psnr(x, y, data_range=1.)),
        "skimage_ssim": run(sk),
        "tm_ssim": run(lambda: tm.ssim(x, y, data_range=1.0)),
        "tm_psnr": run(lambda: tm.psnr(x, y, data_range=1.0)),
    }, (sse, n)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--refs", default="/tmp/refs-paired", help="folder holding the reference checkouts")
    args = ap.parse_args()
    torch.set_num_threads(2)
    piq = paired_refs.load_piq(args.refs)
    tm = paired_refs.load_torchmetrics(args.refs)

    cases, deviation = [], {}
    pooled = {False: [], True: []}
    for index, (sa, sb) in enumerate(CASES):
        a, b = paired_images.image(sa), paired_images.image(sb)
        case = {"a": sa, "b": sb, "digest_a": paired_images.digest(a), "digest_b": paired_images.digest(b)}
        for greyscale in (False, True):
            values, (sse, n) = metrics(piq, tm, a, b, greyscale, torch.float64)
            f32, _ = metrics(piq, tm, a, b, greyscale, torch.float32)
            for k, v in values.items():
                if isinstance(v, float) and isinstance(f32[k], float) and math.isfinite(v) and math.isfinite(f32[k]):
                    deviation[k] = max(deviation.get(k, 0.0), abs(v - f32[k]))
            case["grey" if greyscale else "rgb"] = {k: number(v) for k, v in values.items()}
            if index in PSNR_SET:
                pooled[greyscale].append((sse, n))
        cases.append(case)
        print(sa, sb, {k: (round(v, 6) if isinstance(v, float) else v[:40]) for k, v in case["rgb"].items()})

    sets = []
    for greyscale in (False, True):
        sse = sum(s for s, _ in pooled[greyscale])
        n = sum(c for _, c in pooled[greyscale])
        value = float(tm.psnr_compute(sse, n, torch.tensor(1.0)))
        sets.append({"cases": PSNR_SET, "greyscale": greyscale, "tm_psnr": number(value)})
    out = {
        "references": {"piq": "9948a52", "torchmetrics": "dab0333", "skimage": "0.19.3", "torch": torch.__version__},
        "float32_deviation": deviation,
        "cases": cases,
        "psnr_sets": sets,
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "ssim_psnr.json"), "w") as f:
        json.dump(out, f, indent=1)
    print("float32 vs float64 reference, max |diff|:", {k: f"{v:.2e}" for k, v in deviation.items()})
    print("pooled torchmetrics PSNR:", sets)


if __name__ == "__main__":
    main()
