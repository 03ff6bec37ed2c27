"""Writes the preprocessing parity fixtures for tests/GenMetrics.Tests/Protocols and Imaging.

    /usr/bin/python3 parity/make_protocol_fixtures.py

Run with Debian's /usr/bin/python3 (torch 1.13, PIL 9.4, numpy 1.24). The outputs come from the reference code:
  tf           torch-fidelity's interpolate_bilinear_2d_like_tensorflow1x (method="slow"), imported from
               toshas/torch-fidelity@5e211a950a7b45206bd4976813ffd6aed6cf4ccc torch_fidelity/interpolate_compat_tensorflow.py
               (extracted into a temporary folder at run time, never committed; set TORCH_FIDELITY_INTERPOLATE to the
               file, or the script reads it from the fetched mirror), then (x - 128) / 128 as
               feature_extractor_inceptionv3.py does.
  pytorch-fid  ToTensor's x / 255, F.interpolate(bilinear, align_corners=False), 2 * x - 1 (pytorch-fid inception.py).
  clean        clean-fid's "clean" resizer (GaParmar/clean-fid@e88c4d6269a4bbf04c04deeb578475b57719acee
               cleanfid/resize.py, make_resizer("PIL", False, "bicubic", (299, 299))), restated here in three lines:
               Image.fromarray(ch.astype(float32), mode='F').resize((299, 299), BICUBIC), clip(0, 255); then
               (x - 128) / 128 as cleanfid/inception_torchscript.py does.

Inputs are computed from formulas that C# reproduces bit for bit (ProtocolInputs.cs in the tests):
  noise     SplitMix64 bytes in HWC order, seed = width * 65536 + height
  gradient  r = x * 255 // (w - 1), g = y * 255 // (h - 1), b = (x + y) * 255 // (w + h - 2)

Written to tests/fixtures/protocols/:
  protocols.json   per (protocol, image, size): float64 sum, sum of squares and max |x| of the 3 x 299 x 299 output,
                   and the float32 bit patterns at 512 fixed positions (index k -> (k * 1000003) % N)
  kernels.json     the three bare resize kernels on one float plane at odd sizes (up and down, not 299), full outputs
                   as float32 bit patterns
  full_*.npy       channel 0 of two protocol outputs (float32, 299 x 299) for one-to-one comparison
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

TF_REPO = "toshas/torch-fidelity"
TF_COMMIT = "5e211a950a7b45206bd4976813ffd6aed6cf4ccc"
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "protocols")
SIZES = [(28, 28), (32, 32), (64, 48), (299, 299), (300, 301), (512, 384)]
SAMPLES = 512
MASK = (1 << 64) - 1


def load_tf_interpolate():
    path = os.environ.get("TORCH_FIDELITY_INTERPOLATE")
    tmp = tempfile.mkdtemp()
    if not path:
        mirror = "/work/.mirror/toshas+torch-fidelity/repo"
        src = subprocess.check_output(
            ["git", f"--git-dir={mirror}", "show", f"{TF_COMMIT}:torch_fidelity/interpolate_compat_tensorflow.py"])
        path = os.path.join(tmp, "interpolate_compat_tensorflow.py")
        with open(path, "wb") as f:
            f.write(src)
    sys.path.insert(0, os.path.dirname(path))
    mod = __import__(os.path.splitext(os.path.basename(path))[0])
    return mod.interpolate_bilinear_2d_like_tensorflow1x


def splitmix_bytes(n, seed):
    out = np.empty(n, dtype=np.uint8)
    state = seed & MASK
    for i in range(n):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z ^= z >> 31
        out[i] = z >> 56
    return out


def make_image(kind, w, h):
    if kind == "noise":
        return splitmix_bytes(w * h * 3, w * 65536 + h).reshape(h, w, 3)
    y, x = np.mgrid[0:h, 0:w].astype(np.int64)
    r = x * 255 // (w - 1)
    g = y * 255 // (h - 1)
    b = (x + y) * 255 // (w + h - 2)
    return np.stack([r, g, b], axis=2).astype(np.uint8)


def proto_tf(img, interp):
    x = torch.from_numpy(img.transpose(2, 0, 1).copy())[None].to(torch.float32)
    x = interp(x, size=(299, 299), align_corners=False)
    x = (x - 128) / 128
    return x[0].numpy()


def proto_pytorch_fid(img):
    x = torch.from_numpy(img.transpose(2, 0, 1).copy()).to(torch.float32).div(255)[None]
    x = F.interpolate(x, size=(299, 299), mode="bilinear", align_corners=False)
    x = 2 * x - 1
    return x[0].numpy()


def pil_bicubic(plane, w, h):
    im = Image.fromarray(plane.astype(np.float32), mode="F").resize((w, h), resample=Image.BICUBIC)
    return np.asarray(im)


def proto_clean(img):
    chans = [pil_bicubic(img[:, :, c], 299, 299).clip(0, 255).reshape(299, 299, 1) for c in range(3)]
    x = np.concatenate(chans, axis=2).astype(np.float32)
    x = torch.from_numpy(x.transpose(2, 0, 1).copy())
    x = (x - 128) / 128
    return x.numpy()


def bits(a):
    return [int(v) for v in np.ascontiguousarray(a, dtype=np.float32).view(np.uint32).ravel()]


def evidence(out):
    assert out.shape == (3, 299, 299) and out.dtype == np.float32
    flat = out.ravel()
    n = flat.size
    idx = [(k * 1000003) % n for k in range(SAMPLES)]
    d = flat.astype(np.float64)
    return {"sum": repr(float(d.sum())), "sumsq": repr(float((d * d).sum())),
            "maxabs": repr(float(np.abs(d).max())), "bits": bits(flat[idx])}


def dump(f, head, cases):
    # One case per line: compact, and diffs stay readable.
    f.write("{\n")
    for k, v in head.items():
        f.write(f"{json.dumps(k)}: {json.dumps(v)},\n")
    f.write('"cases": [\n')
    f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
    f.write("\n]}\n")


def main():
    torch.set_num_threads(1)
    interp = load_tf_interpolate()
    os.makedirs(ROOT, exist_ok=True)
    cases = []
    fulls = {("tf", "noise", 28, 28): "full_tf_noise_28x28.npy",
             ("clean", "noise", 64, 48): "full_clean_noise_64x48.npy"}
    protos = {"tf": lambda im: proto_tf(im, interp), "pytorch-fid": proto_pytorch_fid, "clean": proto_clean}
    for kind in ("noise", "gradient"):
        for (w, h) in SIZES:
            img = make_image(kind, w, h)
            for name, fn in protos.items():
                out = fn(img)
                case = {"protocol": name, "image": kind, "width": w, "height": h}
                case.update(evidence(out))
                cases.append(case)
                key = (name, kind, w, h)
                if key in fulls:
                    np.save(os.path.join(ROOT, fulls[key]), out[0].astype(np.float32))
    with open(os.path.join(ROOT, "protocols.json"), "w") as f:
        dump(f, {"generator": f"parity/make_protocol_fixtures.py; {TF_REPO}@{TF_COMMIT}; torch {torch.__version__}; "
                              f"PIL {Image.__version__}", "samples": SAMPLES}, cases)

    # Bare kernels on one float plane (the noise image's first channel as float32), odd sizes both ways.
    kcases = []
    for (iw, ih, ow, oh) in [(40, 30, 17, 23), (13, 7, 50, 41), (100, 100, 33, 33), (5, 9, 5, 20), (40, 30, 17, 30),
                             (700, 500, 50, 40), (64, 48, 64, 48),
                             (1, 1, 3, 2), (300, 2, 7, 1)]:
        img = make_image("noise", iw, ih)
        plane = img[:, :, 0].astype(np.float32)
        t = torch.from_numpy(plane)[None, None]
        # torch runs as on an RGB image (1 x 3 x H x W): with N * C = 1 torch 1.13 takes another CPU path whose
        # result can differ by 1 ulp, and no image goes through that one.
        t3 = torch.from_numpy(img.transpose(2, 0, 1).astype(np.float32).copy())[None]
        outs = {
            "tf1-bilinear": interp(t, size=(oh, ow), align_corners=False)[0, 0].numpy(),
            "torch-bilinear": F.interpolate(t3, size=(oh, ow), mode="bilinear", align_corners=False)[0, 0].numpy(),
            "pil-bicubic": pil_bicubic(plane, ow, oh),
        }
        for k, v in outs.items():
            assert v.shape == (oh, ow), (k, v.shape)
            kcases.append({"filter": k, "in_width": iw, "in_height": ih, "out_width": ow, "out_height": oh,
                           "bits": bits(v)})
    with open(os.path.join(ROOT, "kernels.json"), "w") as f:
        dump(f, {"input": "noise image channel 0 as float32"}, kcases)


if __name__ == "__main__":
    main()
