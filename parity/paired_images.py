"""Seeded synthetic uint8 RGB test images for the paired metrics (SSIM, MS-SSIM, PSNR, LPIPS) that C# reproduces
bit for bit (tests/GenMetrics.Tests/Paired/PairedImages.cs): integer arithmetic and SplitMix64 only, so a fixture
stores the recipe of each image and the reference's numbers, not the pixels.

An image is named by a spec string, HxW:KIND (row-major HWC, channels RGB):
  scene:SEED        flat 24 x 20 blocks (value ((bx*37 + by*101 + c*53)*97) % 256), blended 2:1 with a diagonal ramp
                    ((x + 2y)*255) // (w + 2h), plus texture noise z >> 59 (0..31, one SplitMix64(SEED) draw per
                    element in HWC order) in the blocks where (bx + by) % 3 == 0; clipped to 0..255
  grey:SEED         channel 0 of scene:SEED copied to all three channels
  const:V           every value V
  noisy:SEED:NSEED  scene:SEED plus (z >> 60) - 8 (in -8..7, one SplitMix64(NSEED) draw per element), clipped
  shift:SEED        scene:SEED moved by 1 row and 2 columns: out[y, x] = in[min(y+1, h-1), min(x+2, w-1)]
  quant:SEED        scene:SEED with (v & 0xE0) | 0x10
"""
import numpy as np

from synthetic import splitmix64


def scene(seed, h, w):
    y = np.arange(h, dtype=np.int64)[:, None, None]
    x = np.arange(w, dtype=np.int64)[None, :, None]
    c = np.arange(3, dtype=np.int64)[None, None, :]
    bx, by = x // 24, y // 20
    block = ((bx * 37 + by * 101 + c * 53) * 97) % 256
    ramp = ((x + 2 * y) * 255) // (w + 2 * h)
    tex = (splitmix64(seed, h * w * 3) >> np.uint64(59)).astype(np.int64).reshape(h, w, 3)
    textured = ((bx + by) % 3) == 0
    v = (2 * block + ramp) // 3 + np.where(textured, tex, 0)
    return np.clip(v, 0, 255).astype(np.uint8)


def image(spec):
    size, kind = spec.split(":", 1)
    h, w = (int(s) for s in size.split("x"))
    parts = kind.split(":")
    name, args = parts[0], [int(a) for a in parts[1:]]
    if name == "scene":
        return scene(args[0], h, w)
    if name == "grey":
        g = scene(args[0], h, w)[:, :, :1]
        return np.repeat(g, 3, axis=2)
    if name == "const":
        return np.full((h, w, 3), args[0], dtype=np.uint8)
    if name == "noisy":
        d = (splitmix64(args[1], h * w * 3) >> np.uint64(60)).astype(np.int64).reshape(h, w, 3) - 8
        return np.clip(scene(args[0], h, w).astype(np.int64) + d, 0, 255).astype(np.uint8)
    if name == "shift":
        s = scene(args[0], h, w)
        ys = np.minimum(np.arange(h) + 1, h - 1)
        xs = np.minimum(np.arange(w) + 2, w - 1)
        return s[ys][:, xs]
    if name == "quant":
        return (scene(args[0], h, w) & 0xE0) | 0x10
    raise ValueError(spec)


def digest(a):
    """A checksum the C# test compares first: sum of (index+1) * value over the flat HWC array, mod 2**61 - 1."""
    flat = a.reshape(-1).astype(np.int64)
    idx = np.arange(1, flat.size + 1, dtype=np.int64)
    return int(np.sum((idx % 1000003) * flat) % (2 ** 61 - 1))
