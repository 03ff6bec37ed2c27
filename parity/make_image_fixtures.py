"""Writes the image-decoding fixtures for tests/GenMetrics.Tests/Samples (Debian's /usr/bin/python3: Pillow 9.4,
numpy 1.24, libjpeg-turbo 2.1.5, libwebp 1.2.4).

    /usr/bin/python3 parity/make_image_fixtures.py

Everything goes to tests/fixtures/images/:
  decode/*           small images (37 x 23, varied content) in every format and mode GenMetrics decodes, written by
                     PIL (or by the small PNG writer below where PIL cannot write the mode: 16-bit RGB/RGBA/LA)
  decode.json        per file: PIL's mode, the shape and the SHA-256 of np.asarray(Image.open(f).convert('RGB'))
  decode_pil.npz     the same decoded arrays (uint8 H x W x 3), one per file, so a test can measure a difference
  bad/*              corrupt, truncated and empty files that must be rejected naming the file
  arrays/*           uint8 image arrays as .npy/.npz in the layouts the array source accepts, and some it rejects
  idx/*              tiny IDX files (raw and .gz) in the MNIST format
  tree/              a folder with a sub-folder, mixed-case extensions and a non-image file (folder source order)
  tree.zip           the same files in a zip archive
  sources.json       per array / IDX / folder source: count, names and SHA-256 of every decoded RGB image
"""
import gzip
import hashlib
import io
import json
import os
import shutil
import struct
import zipfile
import zlib

import numpy as np
from PIL import Image

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "images")
W, H = 37, 23


def path(*parts):
    p = os.path.join(ROOT, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def sha(a):
    return hashlib.sha256(np.ascontiguousarray(a, dtype=np.uint8).tobytes()).hexdigest()


def content(seed, w=W, h=H):
    """RGB test content: smooth gradients (JPEG's easy case), hard edges and saturated blocks (its hard case) and
    noise, so chroma subsampling, IDCT rounding and upsampling all show."""
    rng = np.random.RandomState(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 255 * x / (w - 1)
    g = 255 * y / (h - 1)
    b = 127.5 + 127.5 * np.sin(x / 3.0 + y / 5.0)
    img = np.stack([r, g, b], axis=-1)
    img[(x // 6 + y // 6) % 2 == 0, 0] = 250          # checkerboard on red
    img[5:12, 20:30] = [255, 0, 0]                     # saturated blocks with hard edges
    img[14:20, 3:11] = [0, 0, 255]
    img[2:6, 2:6] = [255, 255, 255]
    img[17:22, 28:36] = [0, 0, 0]
    img += rng.normal(0, 12, img.shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def alpha(seed, w=W, h=H):
    rng = np.random.RandomState(seed)
    a = rng.randint(0, 256, (h, w)).astype(np.uint8)
    a[:, :4] = 0                                      # fully transparent columns keep their colour in PIL
    a[:, -4:] = 255
    return a


# --- a minimal PNG writer for the 16-bit modes PIL cannot save ------------------------------------------------------
def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def write_png16(p, a, color_type):
    """a: uint16 H x W x C (C = 1, 2, 3 or 4 for colour types 0, 4, 2, 6), big-endian samples, filter 0."""
    h, w = a.shape[:2]
    raw = b"".join(b"\x00" + a[i].astype(">u2").tobytes() for i in range(h))
    data = (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, color_type, 0, 0, 0))
            + png_chunk(b"IDAT", zlib.compress(raw, 9)) + png_chunk(b"IEND", b""))
    with open(p, "wb") as f:
        f.write(data)


ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


def write_png_interlaced(p, a, bit_depth, color_type):
    """Adam7-interlaced PNG (PIL reads but cannot write these); a: H x W x C of uint8 or uint16."""
    h, w = a.shape[:2]
    dtype = ">u2" if bit_depth == 16 else "u1"
    raw = b""
    for x0, y0, dx, dy in ADAM7:
        sub = a[y0::dy, x0::dx]
        if sub.size:
            raw += b"".join(b"\x00" + row.astype(dtype).tobytes() for row in sub)
    data = (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bit_depth, color_type, 0, 0, 1))
            + png_chunk(b"IDAT", zlib.compress(raw, 9)) + png_chunk(b"IEND", b""))
    with open(p, "wb") as f:
        f.write(data)


def wide16(seed, channels):
    rng = np.random.RandomState(seed)
    a = rng.randint(0, 65536, (H, W, channels)).astype(np.uint16)
    a[0, :8, 0] = [0, 1, 127, 128, 255, 256, 32767, 65535]  # the low end matters for PIL's I;16 -> RGB clipping
    return a


decode_manifest = {}
decoded = {}


def record(name, writer):
    p = path("decode", name)
    writer(p)
    with Image.open(p) as im:
        mode = im.mode
        rgb = np.asarray(im.convert("RGB"))
    decode_manifest[name] = {"mode": mode, "shape": list(rgb.shape), "sha256": sha(rgb)}
    decoded[name.replace(".", "_")] = rgb


def make_decode():
    rgb = Image.fromarray(content(1))
    rgba = Image.fromarray(np.dstack([content(2), alpha(3)]), "RGBA")
    grey = Image.fromarray(content(4)[..., 1])
    la = Image.fromarray(np.dstack([content(5)[..., 0], alpha(6)]), "LA")
    palette = rgb.convert("P", palette=Image.ADAPTIVE, colors=37)
    palette_trns = palette.copy()
    palette_trns.info["transparency"] = 3

    # PNG: every colour type and bit depth PIL reads, plus an interlaced-free odd size
    record("rgb.png", lambda p: rgb.save(p))
    record("rgba.png", lambda p: rgba.save(p))
    record("grey.png", lambda p: grey.save(p))
    record("grey_alpha.png", lambda p: la.save(p))
    record("palette.png", lambda p: palette.save(p))
    record("palette_trns.png", lambda p: palette_trns.save(p, transparency=3))
    record("bilevel.png", lambda p: grey.convert("1").save(p))
    record("grey16.png", lambda p: write_png16(p, wide16(7, 1), 0))
    record("grey16_small.png", lambda p: write_png16(p, (wide16(8, 1) >> 8), 0))  # values 0..255 in 16 bits
    record("grey_alpha16.png", lambda p: write_png16(p, wide16(9, 2), 4))
    record("rgb16.png", lambda p: write_png16(p, wide16(10, 3), 2))
    record("rgba16.png", lambda p: write_png16(p, wide16(11, 4), 6))
    record("interlaced_rgb.png", lambda p: write_png_interlaced(p, content(14), 8, 2))
    record("interlaced_grey16.png", lambda p: write_png_interlaced(p, wide16(16, 1), 16, 0))
    record("interlaced_rgba16.png", lambda p: write_png_interlaced(p, wide16(15, 4), 16, 6))
    record("with_gamma.png", lambda p: rgb.save(p, pnginfo=gamma_info()))
    record("upper.PNG", lambda p: rgb.save(p, format="PNG"))

    # JPEG: baseline and progressive, qualities, 4:2:0 / 4:2:2 / 4:4:4, greyscale, a size that is a block multiple
    for q in (50, 75, 90, 95, 100):
        for sub, tag in ((2, "420"), (0, "444")):
            record(f"q{q}_{tag}.jpg", lambda p, q=q, sub=sub: rgb.save(p, quality=q, subsampling=sub))
            record(f"q{q}_{tag}_progressive.jpg",
                   lambda p, q=q, sub=sub: rgb.save(p, quality=q, subsampling=sub, progressive=True))
    record("q90_422.jpg", lambda p: rgb.save(p, quality=90, subsampling=1))
    record("q75_420_optimized.jpeg", lambda p: rgb.save(p, quality=75, optimize=True))
    record("grey_q90.jpg", lambda p: grey.save(p, quality=90))
    record("grey_q90_progressive.jpg", lambda p: grey.save(p, quality=90, progressive=True))
    record("cmyk_q90.jpg", lambda p: rgb.convert("CMYK").save(p, quality=90))
    record("exif_rotated_q90.jpg", lambda p: rgb.save(p, quality=90, exif=exif_orientation(6)))
    record("block_multiple_q90_420.jpg",
           lambda p: Image.fromarray(content(12, 64, 48)).save(p, quality=90, subsampling=2))

    # BMP, WebP, GIF, TIFF
    record("rgb.bmp", lambda p: rgb.save(p))
    record("palette.bmp", lambda p: palette.save(p))
    record("grey.bmp", lambda p: grey.save(p))
    record("lossless.webp", lambda p: rgb.save(p, lossless=True))
    record("lossless_alpha.webp", lambda p: rgba.save(p, lossless=True, exact=True))
    record("lossy_q80.webp", lambda p: rgb.save(p, quality=80))
    record("lossy_alpha_q80.webp", lambda p: rgba.save(p, quality=80))
    record("palette.gif", lambda p: palette.save(p))
    record("palette_trns.gif", lambda p: palette.save(p, transparency=3))
    record("animated.gif", lambda p: palette.save(p, save_all=True, append_images=[
        Image.fromarray(content(13)).convert("P", palette=Image.ADAPTIVE, colors=37)], duration=100, loop=0))
    record("offset_frame.gif", lambda p: write_offset_gif(p, palette, None))
    record("offset_frame_trns.gif", lambda p: write_offset_gif(p, palette, 7))
    record("rgb.tif", lambda p: rgb.save(p))

    with open(path("decode.json"), "w") as f:
        json.dump(decode_manifest, f, indent=1, sort_keys=True)
    np.savez_compressed(path("decode_pil.npz"), **decoded)


def exif_orientation(value):
    # PIL does not apply the EXIF orientation on open (only ImageOps.exif_transpose does): neither may we
    exif = Image.Exif()
    exif[0x0112] = value
    return exif


def write_offset_gif(p, im, transparency):
    """A GIF whose only frame is smaller than the logical screen and offset on it (PIL writes full-screen first
    frames, so the screen size and the frame position are patched in), with background index 5."""
    buf = io.BytesIO()
    im.crop((0, 0, 30, 18)).save(buf, format="GIF", background=5,
                                 **({} if transparency is None else {"transparency": transparency}))
    b = bytearray(buf.getvalue())
    b[6:10] = struct.pack("<HH", W, H)
    at = 13 + (3 << ((b[10] & 7) + 1) if b[10] & 0x80 else 0)
    while b[at] == 0x21:
        at += 2
        while b[at]:
            at += b[at] + 1
        at += 1
    assert b[at] == 0x2C
    b[at + 1:at + 5] = struct.pack("<HH", 4, 3)
    with open(p, "wb") as f:
        f.write(b)


def gamma_info():
    from PIL import PngImagePlugin
    info = PngImagePlugin.PngInfo()
    # a gAMA chunk PIL ignores when decoding; a colour-managing decoder would change the pixels
    info.add(b"gAMA", struct.pack(">I", 100000))
    return info


def make_bad():
    good = open(path("decode", "rgb.png"), "rb").read()
    jpg = open(path("decode", "q90_420.jpg"), "rb").read()
    with open(path("bad", "truncated.png"), "wb") as f:
        f.write(good[: len(good) // 2])
    with open(path("bad", "truncated.jpg"), "wb") as f:
        f.write(jpg[: len(jpg) // 2])
    g16 = open(path("decode", "grey16.png"), "rb").read()
    with open(path("bad", "truncated_grey16.png"), "wb") as f:
        f.write(g16[: len(g16) // 2])
    with open(path("bad", "garbage.png"), "wb") as f:
        f.write(np.random.RandomState(0).randint(0, 256, 400).astype(np.uint8).tobytes())
    with open(path("bad", "empty.jpg"), "wb") as f:
        pass
    # PIL refuses each of them
    for name in ("truncated.png", "truncated.jpg", "truncated_grey16.png", "garbage.png", "empty.jpg"):
        try:
            with Image.open(path("bad", name)) as im:
                im.convert("RGB")
        except Exception:
            continue
        raise SystemExit(f"PIL decodes bad/{name}")


sources = {}


def record_source(name, images, names=None):
    sources[name] = {"count": len(images), "shape": list(images[0].shape),
                     "sha256": [sha(i) for i in images]}
    if names is not None:
        sources[name]["names"] = names


def to_rgb(a):
    return np.repeat(a[..., None], 3, axis=-1) if a.ndim == 2 else (np.repeat(a, 3, axis=-1) if a.shape[-1] == 1 else a)


def make_arrays():
    rng = np.random.RandomState(20)
    nhwc = rng.randint(0, 256, (4, 5, 7, 3)).astype(np.uint8)
    grey = rng.randint(0, 256, (3, 6, 4)).astype(np.uint8)
    np.save(path("arrays", "nhwc.npy"), nhwc)
    record_source("arrays/nhwc.npy", list(nhwc))
    np.save(path("arrays", "nchw.npy"), np.ascontiguousarray(nhwc.transpose(0, 3, 1, 2)))
    record_source("arrays/nchw.npy", list(nhwc))
    np.save(path("arrays", "nhwc_fortran.npy"), np.asfortranarray(nhwc))
    record_source("arrays/nhwc_fortran.npy", list(nhwc))
    np.save(path("arrays", "nhw.npy"), grey)
    record_source("arrays/nhw.npy", [to_rgb(g) for g in grey])
    np.save(path("arrays", "nhw1.npy"), grey[..., None])
    record_source("arrays/nhw1.npy", [to_rgb(g) for g in grey])
    np.save(path("arrays", "n1hw.npy"), grey[:, None])
    record_source("arrays/n1hw.npy", [to_rgb(g) for g in grey])
    # ambiguous: 3 x 3 spatial with 3 channels last and first (N x 3 x 5 x 3): the last axis wins (NHWC)
    amb = rng.randint(0, 256, (2, 3, 5, 3)).astype(np.uint8)
    np.save(path("arrays", "ambiguous.npy"), amb)
    record_source("arrays/ambiguous.npy", list(amb))
    np.savez(path("arrays", "images.npz"), images=nhwc)
    record_source("arrays/images.npz", list(nhwc))
    np.savez_compressed(path("arrays", "two.npz"), labels=np.arange(4), x=nhwc)
    np.save(path("arrays", "float32.npy"), nhwc.astype(np.float32))
    np.save(path("arrays", "four_channels.npy"), rng.randint(0, 256, (2, 5, 7, 4)).astype(np.uint8))
    np.save(path("arrays", "two_d.npy"), rng.randint(0, 256, (5, 7)).astype(np.uint8))
    np.save(path("arrays", "empty.npy"), np.zeros((0, 5, 7, 3), np.uint8))


def idx_bytes(a):
    dims = struct.pack(">" + "I" * a.ndim, *a.shape)
    return struct.pack(">BBBB", 0, 0, 0x08, a.ndim) + dims + a.astype(np.uint8).tobytes()


def make_idx():
    rng = np.random.RandomState(30)
    imgs = rng.randint(0, 256, (5, 6, 4)).astype(np.uint8)
    with open(path("idx", "images-idx3-ubyte"), "wb") as f:
        f.write(idx_bytes(imgs))
    with gzip.GzipFile(path("idx", "images-idx3-ubyte.gz"), "wb", mtime=0) as f:
        f.write(idx_bytes(imgs))
    record_source("idx/images-idx3-ubyte", [to_rgb(i) for i in imgs])
    record_source("idx/images-idx3-ubyte.gz", [to_rgb(i) for i in imgs])
    with open(path("idx", "labels-idx1-ubyte"), "wb") as f:
        f.write(idx_bytes(np.arange(5, dtype=np.uint8)))
    with open(path("idx", "truncated-idx3-ubyte"), "wb") as f:
        f.write(idx_bytes(imgs)[:-7])


def make_tree():
    tree = os.path.join(ROOT, "tree")
    shutil.rmtree(tree, ignore_errors=True)
    files = {
        "b.png": content(40)[:9, :11],
        "a.PNG": content(41)[:9, :11],
        "B2.jpg": content(42)[:9, :11],
        "c.bmp": content(43)[:9, :11],
        "sub/d.png": content(44)[:9, :11],
        "sub/deeper/e.webp": content(45)[:9, :11],
        "a_sub/f.gif": content(46)[:9, :11],
    }
    for rel, a in files.items():
        p = path("tree", *rel.split("/"))
        im = Image.fromarray(a)
        if rel.endswith(".webp"):
            im.save(p, lossless=True)
        elif rel.endswith(".gif"):
            im.convert("P", palette=Image.ADAPTIVE, colors=64).save(p)
        else:
            im.save(p, format="JPEG" if rel.endswith(".jpg") else None, quality=95)
    with open(path("tree", "notes.txt"), "w") as f:
        f.write("not an image\n")

    def decode_all(names):
        out = []
        for n in names:
            with Image.open(path("tree", *n.split("/"))) as im:
                out.append(np.asarray(im.convert("RGB")))
        return out

    top = sorted(n for n in files if "/" not in n)          # ordinal: upper case sorts before lower case
    deep = sorted(files)
    record_source("tree", decode_all(top), top)
    record_source("tree (recursive)", decode_all(deep), deep)
    zp = path("tree.zip")
    with zipfile.ZipFile(zp, "w") as z:
        for rel in sorted(files, reverse=True):              # archive order is not sorted order
            info = zipfile.ZipInfo(rel, date_time=(1980, 1, 1, 0, 0, 0))
            z.writestr(info, open(path("tree", *rel.split("/")), "rb").read())
        z.writestr(zipfile.ZipInfo("notes.txt", date_time=(1980, 1, 1, 0, 0, 0)), b"not an image\n")
        z.writestr(zipfile.ZipInfo("sub/", date_time=(1980, 1, 1, 0, 0, 0)), b"")
    # Like folders, archives are searched below their top level only with recursion.
    record_source("tree.zip", decode_all(top), top)
    record_source("tree.zip (recursive)", decode_all(deep), deep)


def main():
    for d in ("decode", "bad", "arrays", "idx", "tree"):
        shutil.rmtree(os.path.join(ROOT, d), ignore_errors=True)
    make_decode()
    make_bad()
    make_arrays()
    make_idx()
    make_tree()
    with open(path("sources.json"), "w") as f:
        json.dump(sources, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
