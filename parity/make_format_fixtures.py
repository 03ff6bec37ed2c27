"""Writes the .npy/.npz fixtures for tests/GenMetrics.Tests/Formats (run with Debian's /usr/bin/python3, numpy 1.24).

    /usr/bin/python3 parity/make_format_fixtures.py

Everything goes to tests/fixtures/formats/:
  arrays/*.npy        every dtype x byte order x C/Fortran order, versions 1.0/2.0/3.0, 0-size and odd shapes
  headers/*.npy       hand-written header dicts that numpy still reads (key order, quotes, spaces, no trailing comma)
  npz/*.npz           np.savez / np.savez_compressed archives, statistics files
  bad/*               corrupt inputs that must be rejected with an InputException
  written/*.npy       files written by np.save whose bytes the C# writer must reproduce exactly
  manifest.json       per file: shape, descr, fortran_order, and the values numpy decodes (C order), as float64
                      and float32 (numpy's own astype conversions), written with repr so they parse back exactly
"""
import io
import json
import os
import shutil
import struct
import zipfile

import numpy as np
import numpy.lib.format as fmt

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "formats")


def num(x):
    x = float(x)
    if np.isnan(x):
        return "NaN"
    if np.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return repr(x)


manifest = {"arrays": [], "headers": []}


def path(*parts):
    p = os.path.join(ROOT, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def record(rel, a, version=None):
    """Saves a (keeping its byte order and memory order) and records what numpy reads back."""
    p = path(*rel.split("/"))
    with open(p, "wb") as f:
        fmt.write_array(f, a, version=version, allow_pickle=False)
    b = np.load(p)
    np.seterr(over="ignore")  # float64 max -> float32 is inf, as numpy converts it
    assert b.dtype == a.dtype and b.shape == a.shape
    entry = {
        "file": rel,
        "descr": fmt.dtype_to_descr(b.dtype),
        "shape": list(b.shape),
        "fortran": bool(b.flags.f_contiguous and not b.flags.c_contiguous),
        "f8": [num(v) for v in b.astype(np.float64).ravel(order="C")],
        "f4": [num(v) for v in b.astype(np.float32).ravel(order="C")],
    }
    if b.dtype.kind in "ub" and b.dtype.itemsize == 1:
        entry["u1"] = [int(v) for v in b.astype(np.uint8).ravel(order="C")]
    manifest["arrays"].append(entry)


def values(kind, size):
    """Twelve values per dtype: the extremes first, then ordinary ones."""
    if kind == "f":
        finfo = np.finfo(np.dtype("f%d" % size))
        v = [finfo.max, -finfo.max, finfo.tiny, np.inf, -np.inf, np.nan, -0.0, 1.5, -2.25, 1 / 3, 1e-3, 1024.0]
        return np.array(v, dtype="f%d" % size)
    if kind == "b":
        return np.array([True, False, True, True, False, False, True, False, True, False, False, True])
    iinfo = np.iinfo(np.dtype("%s%d" % (kind, size)))
    v = [iinfo.min, iinfo.max, iinfo.max - 1, iinfo.min + 1, 0, 1, 2, 3, 5, 7, 11, 13]
    if size == 8:  # values float32/float64 must round: 2**53 + 1, 2**24 + 1
        v[6], v[7] = 2 ** 53 + 1, 2 ** 24 + 1
    return np.array(v, dtype="%s%d" % (kind, size))


def main():
    if os.path.isdir(ROOT):
        shutil.rmtree(ROOT)
    os.makedirs(ROOT)

    # Every dtype x byte order x memory order, shape (3, 4).
    for kind, sizes in (("f", (2, 4, 8)), ("i", (1, 2, 4, 8)), ("u", (1, 2, 4, 8)), ("b", (1,))):
        for size in sizes:
            orders = "|" if size == 1 else "<>"
            for bo in orders:
                dt = np.dtype("%s%d" % (kind, size)).newbyteorder("=" if bo == "|" else bo)
                base = values(kind, size).astype(dt).reshape(3, 4)
                tag = {"<": "le", ">": "be", "|": "na"}[bo]
                record("arrays/%s%d_%s_c.npy" % (kind, size, tag), np.ascontiguousarray(base))
                record("arrays/%s%d_%s_f.npy" % (kind, size, tag), np.asfortranarray(base))

    # Shapes: 3-D in both orders, 1-D, scalar, zero-size.
    a3 = (np.arange(24, dtype=np.float32) * 0.25 - 3).reshape(2, 3, 4)
    record("arrays/f4_3d_c.npy", np.ascontiguousarray(a3))
    record("arrays/f4_3d_f.npy", np.asfortranarray(a3))
    record("arrays/f8_3d_be_f.npy", np.asfortranarray(a3.astype(">f8")))
    record("arrays/f4_1d.npy", np.arange(5, dtype=np.float32))
    record("arrays/f4_scalar.npy", np.array(2.5, dtype=np.float32))
    record("arrays/f4_0x5.npy", np.zeros((0, 5), dtype=np.float32))
    record("arrays/f4_5x0.npy", np.zeros((5, 0), dtype=np.float32))
    record("arrays/f8_0.npy", np.zeros((0,), dtype=np.float64))
    record("arrays/u1_2x0x3_f.npy", np.asfortranarray(np.zeros((2, 0, 3), dtype=np.uint8)))
    record("arrays/u1_image_nhwc.npy", (np.arange(2 * 4 * 5 * 3) % 256).astype(np.uint8).reshape(2, 4, 5, 3))
    record("arrays/features_6x5.npy", (np.arange(30, dtype=np.float32) / 7).reshape(6, 5))
    record("arrays/features_6x5_f8_be_f.npy", np.asfortranarray((np.arange(30) / 7).reshape(6, 5).astype(">f8")))

    # Format versions 2.0 and 3.0.
    a = (np.arange(12, dtype=np.float32) - 4.5).reshape(3, 4)
    record("arrays/v2_f4.npy", a, version=(2, 0))
    record("arrays/v3_f4.npy", a, version=(3, 0))
    record("arrays/v2_i2_be_f.npy", np.asfortranarray(a.astype(">i2")), version=(2, 0))

    # Hand-written headers numpy accepts (ast.literal_eval): the reader must too.
    data = (np.arange(6, dtype="<f4") * 1.5).reshape(2, 3)
    hdrs = {
        "reordered": "{'shape': (2, 3), 'fortran_order': False, 'descr': '<f4'}",
        "double_quotes": '{"descr": "<f4", "fortran_order": False, "shape": (2, 3)}',
        "spaces": "{  'descr' :'<f4' ,'fortran_order':False,'shape':( 2 ,3 ,) , }",
        "no_padding": "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)}",
    }
    for name, h in hdrs.items():
        hb = h.encode("latin1") + b"\n"
        raw = fmt.magic(1, 0) + struct.pack("<H", len(hb)) + hb + data.tobytes()
        p = path("headers", name + ".npy")
        with open(p, "wb") as f:
            f.write(raw)
        assert np.array_equal(np.load(p), data), name
        manifest["headers"].append({"file": "headers/" + name + ".npy", "shape": [2, 3],
                                    "f8": [num(v) for v in data.astype(np.float64).ravel()]})

    # Archives.
    x = (np.arange(20, dtype=np.float32) / 4).reshape(4, 5)
    np.savez(path("npz", "single.npz"), x=x)
    np.savez(path("npz", "two.npz"), a=x, b=np.arange(3, dtype=np.int64))
    np.savez_compressed(path("npz", "compressed_feats.npz"), feats=x, labels=np.arange(4, dtype=np.int32))
    np.savez(path("npz", "features_key.npz"), labels=np.arange(4, dtype=np.int32), features=x.astype(">f8", order="F"))
    np.savez(path("npz", "empty.npz"))
    manifest["npz_x"] = [num(v) for v in x.ravel()]

    mu = np.linspace(-1, 1, 4)
    sigma = np.eye(4) * 2 + 0.125
    sigma[0, 3] = sigma[3, 0] = -0.5
    np.savez(path("npz", "stats.npz"), mu=mu, sigma=sigma)
    np.savez_compressed(path("npz", "stats_f4.npz"), sigma=sigma.astype(np.float32), mu=mu.astype(np.float32))
    np.savez(path("bad", "stats_no_sigma.npz"), mu=mu, other=sigma)
    np.savez(path("bad", "stats_shape.npz"), mu=mu, sigma=np.eye(3))
    bad = sigma.copy()
    bad[1, 2] = np.nan
    np.savez(path("bad", "stats_nan.npz"), mu=mu, sigma=bad)
    np.savez(path("bad", "stats_empty.npz"), mu=np.zeros(0), sigma=np.zeros((0, 0)))
    manifest["stats"] = {"mu": [num(v) for v in mu], "sigma": [num(v) for v in sigma.ravel()]}

    # Corrupt inputs.
    good = open(path("arrays", "features_6x5.npy"), "rb").read()
    open(path("bad", "truncated.npy"), "wb").write(good[:-7])
    open(path("bad", "bad_magic.npy"), "wb").write(b"\x93NUMPZ" + good[6:])
    open(path("bad", "short.npy"), "wb").write(good[:9])
    open(path("bad", "version4.npy"), "wb").write(good[:6] + b"\x04\x00" + good[8:])

    def with_header(name, h, payload=b""):
        hb = h.encode("latin1") + b"\n"
        open(path("bad", name), "wb").write(fmt.magic(1, 0) + struct.pack("<H", len(hb)) + hb + payload)

    with_header("header_missing_shape.npy", "{'descr': '<f4', 'fortran_order': False, }")
    with_header("header_extra_key.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1, }", b"\0" * 4)
    with_header("header_garbage.npy", "not a dict at all")
    with_header("header_unclosed.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (1,", b"\0" * 4)
    with_header("header_bad_bool.npy", "{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }", b"\0" * 4)
    # A header length that runs past the end of the file.
    open(path("bad", "header_past_end.npy"), "wb").write(fmt.magic(1, 0) + struct.pack("<H", 200) + b"{'descr'")
    np.save(path("bad", "object.npy"), np.array([1, "a", None], dtype=object), allow_pickle=True)
    np.save(path("bad", "complex.npy"), np.zeros(3, dtype=np.complex64))
    np.save(path("bad", "structured.npy"), np.zeros(3, dtype=[("a", "<f4"), ("b", "<i4")]))
    np.save(path("bad", "unicode.npy"), np.array(["ab", "c"]))
    np.save(path("bad", "datetime.npy"), np.zeros(2, dtype="datetime64[s]"))
    zbytes = open(path("npz", "two.npz"), "rb").read()
    open(path("bad", "truncated.npz"), "wb").write(zbytes[: len(zbytes) // 2])
    open(path("bad", "garbage.npz"), "wb").write(b"PK\x03\x04" + bytes(range(256)) * 2)
    f = (np.arange(12, dtype=np.float32)).reshape(3, 4)
    f[2, 1] = np.nan
    np.save(path("bad", "nan_features.npy"), f)
    f = (np.arange(12, dtype=np.float32)).reshape(3, 4)
    f[1, 3] = -np.inf
    np.save(path("bad", "inf_features.npy"), f)

    # Reference files written by numpy: the C# writer must reproduce these bytes.
    np.save(path("written", "f4_3x4.npy"), (np.arange(12, dtype=np.float32) / 3).reshape(3, 4))
    np.save(path("written", "f8_2x3.npy"), (np.arange(6, dtype=np.float64) / 3).reshape(2, 3))
    np.save(path("written", "u1_2x2x3.npy"), np.arange(12, dtype=np.uint8).reshape(2, 2, 3))
    np.save(path("written", "f4_7.npy"), np.arange(7, dtype=np.float32))
    np.save(path("written", "f8_scalar.npy"), np.array(0.5))
    np.save(path("written", "f4_0x2048.npy"), np.zeros((0, 2048), dtype=np.float32))
    np.savez(path("written", "stats.npz"), mu=mu, sigma=sigma)
    # Header-only references for shapes too large to store.
    heads = []
    for descr, shape in (("<f4", (50000, 2048)), ("<f8", (2048, 2048)), ("|u1", (50000, 3, 299, 299)),
                         ("<f4", (12345678901, 1)), ("<f8", tuple(range(1, 9)))):
        buf = io.BytesIO()
        fmt.write_array_header_1_0(buf, {"descr": descr, "fortran_order": False, "shape": shape})
        heads.append({"descr": descr, "shape": list(shape), "hex": buf.getvalue().hex()})
    manifest["written_headers"] = heads

    with open(os.path.join(ROOT, "manifest.json"), "w") as f:
        # One line per entry keeps the file small and its diffs readable.
        f.write("{\n")
        for i, (key, value) in enumerate(manifest.items()):
            f.write(" %s: " % json.dumps(key))
            if isinstance(value, list):
                f.write("[\n" + ",\n".join("  " + json.dumps(v) for v in value) + "\n ]")
            else:
                f.write(json.dumps(value))
            f.write(",\n" if i < len(manifest) - 1 else "\n")
        f.write("}\n")
    total = sum(os.path.getsize(os.path.join(d, n)) for d, _, ns in os.walk(ROOT) for n in ns)
    print("wrote %d bytes under %s" % (total, ROOT))


if __name__ == "__main__":
    main()
