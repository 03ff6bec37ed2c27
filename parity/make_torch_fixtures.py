"""Writes the torch checkpoint fixtures for tests/GenMetrics.Tests/Formats/Torch* (Debian's /usr/bin/python3, torch 1.13).

    /usr/bin/python3 parity/make_torch_fixtures.py

Everything goes to tests/fixtures/torch/:
  zip/*.pth, legacy/*.pth   the same objects saved by torch.save in the zip format and in the legacy format
                            (_use_new_zipfile_serialization=False); p4/p5 use pickle protocols 4 and 5
  bad/*                     malicious, truncated and corrupt files that must be rejected with an InputException
  (legacy files differ from run to run: torch names their storages by memory address; the values do not change)
  expected.json             per file and tensor, what torch.load gives back: dtype, shape, and either every value
                            (C order; floats as Python repr of the float64 value, exact) or, for large tensors, an
                            exactly rounded float64 sum (math.fsum) and sampled elements
With --inception DIR it instead writes, for a manual check too large to commit, an FID-InceptionV3-shaped state dict
of seeded random tensors (torchvision's Inception3(num_classes=1008, aux_logits=False): 472 tensors plus 94
num_batches_tracked) in both formats, DIR/incep_{zip,legacy}.pth, and DIR/incep.json (shape, dtype, fsum, last element).

It also records the real LPIPS v0.1 files (tests/fixtures/lpips/*.pth, copies of /work/shared/fixtures/lpips).
"""
import collections
import io
import json
import math
import os
import pickle
import shutil
import struct
import zipfile

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "tests", "fixtures", "torch")
LPIPS = os.path.join(HERE, "..", "tests", "fixtures", "lpips")
LPIPS_SRC = "/work/shared/fixtures/lpips"

torch.manual_seed(1234)


def num(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return repr(x)


def describe(t, full):
    c = t.detach().contiguous()
    flat = c.reshape(-1)
    d = {"dtype": str(c.dtype).replace("torch.", ""), "shape": list(c.shape)}
    is_float = c.dtype.is_floating_point
    vals = flat.double().tolist() if is_float else flat.to(torch.int64).tolist() if c.dtype != torch.bool else [int(v) for v in flat.tolist()]
    if full:
        d["values"] = [num(v) for v in vals] if is_float else vals
    else:
        d["fsum"] = num(math.fsum(vals))
        n = len(vals)
        idx = sorted({0, n - 1, n // 2, n // 3, (7 * n) // 9})
        d["samples"] = [[i, num(vals[i]) if is_float else vals[i]] for i in idx]
    return d


expected = {"files": {}}


def tensors_of(obj):
    """The name -> tensor view GenMetrics gives: a 'state_dict'/'model' wrapper unwrapped, nested dicts flattened."""
    if isinstance(obj, dict):
        for k in ("state_dict", "model"):
            if k in obj and isinstance(obj[k], dict):
                return tensors_of(obj[k])
    out = collections.OrderedDict()

    def walk(prefix, o):
        for k, v in o.items():
            if isinstance(v, torch.Tensor):
                out[prefix + k] = v
            elif isinstance(v, dict):
                walk(prefix + k + ".", v)
    walk("", obj)
    return out


def save(name, obj, full=True, formats=("zip", "legacy"), protocol=2):
    for fmt in formats:
        rel = f"{fmt}/{name}.pth"
        p = os.path.join(ROOT, fmt, name + ".pth")
        os.makedirs(os.path.dirname(p), exist_ok=True)
        torch.save(obj, p, _use_new_zipfile_serialization=(fmt != "legacy"), pickle_protocol=protocol)
        back = torch.load(p)
        expected["files"][rel] = {k: dict(name=k, **describe(v, full)) for k, v in tensors_of(back).items()}
        expected["files"][rel] = list(expected["files"][rel].values())


def dtype_tensors():
    g = torch.Generator().manual_seed(7)
    f = torch.randn(3, 4, generator=g)
    special = torch.tensor([0.0, -0.0, 1.0, -2.5, 65504.0, 6.1e-5, 5.96e-8, 1e-7, float("inf"), -float("inf"), 1 / 3, 3.0e38])
    return collections.OrderedDict([
        ("f32", f),
        ("f16", torch.cat([f.reshape(-1), special]).half()),
        ("bf16", torch.cat([f.reshape(-1), special]).bfloat16()),
        ("f64", torch.randn(2, 3, generator=g, dtype=torch.float64)),
        ("i64", torch.tensor([0, 1, -1, 2**62, -2**63, 2**63 - 1], dtype=torch.int64)),
        ("i32", torch.tensor([[0, -1], [2**31 - 1, -2**31]], dtype=torch.int32)),
        ("i16", torch.tensor([0, -1, 32767, -32768, 5], dtype=torch.int16)),
        ("i8", torch.tensor([0, -1, 127, -128], dtype=torch.int8)),
        ("u8", torch.tensor([[0, 1, 127], [128, 254, 255]], dtype=torch.uint8)),
        ("bool", torch.tensor([True, False, True, True])),
        ("f16_nan", torch.tensor([float("nan"), 1.0]).half()),
        ("empty", torch.zeros(0, 3)),
    ])


def views():
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    cube = torch.arange(60, dtype=torch.int64).reshape(3, 4, 5)
    return collections.OrderedDict([
        ("base", base),
        ("transposed", base.t()),                  # strides (1, 6)
        ("strided", base[:, 1::2]),                # offset 1, strides (6, 2)
        ("offset", base.view(-1)[5:11]),           # offset 5
        ("row", base[2]),                          # offset 12, shares the storage
        ("expanded", base[1:2].expand(3, 6)),      # stride 0
        ("permuted", cube.permute(2, 0, 1)),       # 3-d, arbitrary strides
        ("step", cube[1:, ::2, 4:0:-2] if False else cube[1:, ::2, 1::3]),
    ])


def scalars():
    return collections.OrderedDict([
        ("num_batches_tracked", torch.tensor(7, dtype=torch.int64)),
        ("scale", torch.tensor(0.5)),
    ])


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3, bias=False)
        self.bn = torch.nn.BatchNorm2d(4, eps=0.001)
        self.fc = torch.nn.Linear(4, 2)


def tiny_state():
    m = Tiny()
    m.train()
    m(torch.randn(2, 3, 5, 5)) if False else None
    with torch.no_grad():
        m.bn.running_mean.normal_()
        m.bn.running_var.uniform_(0.5, 2)
        m.bn.num_batches_tracked += 3
    return m.state_dict()


Tiny.forward = lambda self, x: self.fc(self.bn(self.conv(x)).mean((2, 3)))


def main():
    if os.path.isdir(ROOT):
        shutil.rmtree(ROOT)
    os.makedirs(ROOT)
    save("dtypes", dtype_tensors())
    save("views", views())
    save("scalars", scalars())
    sd = tiny_state()
    save("module", sd)
    save("wrapped", {"state_dict": sd, "epoch": 3, "arch": "tiny", "optimizer": {"lr": 0.1}})
    save("model_key", {"model": sd, "step": 10})
    save("nested", {"gen": collections.OrderedDict(w=torch.ones(2)), "meta": {"n": 1, "s": "x"}, "b": torch.zeros(1)})
    save("parameter", collections.OrderedDict(w=torch.nn.Parameter(torch.randn(2, 2)), b=torch.nn.Parameter(torch.randn(2), requires_grad=False)))
    save("p4", views(), formats=("zip", "legacy"), protocol=4)
    # protocol 5 names are renamed below so both protocols are kept
    for fmt in ("zip", "legacy"):
        for k in list(expected["files"]):
            pass
    save("p5", dtype_tensors(), protocol=5)
    save("big", collections.OrderedDict(w=torch.randn(64, 3, 7, 7), b=torch.randn(1000).half()), full=False)
    legacy_view()
    plain()
    bad()
    lpips()
    with open(os.path.join(ROOT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


def zip_with(path, members):
    """A zip laid out like torch's (stored members under one archive folder)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for name, data in members:
            z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)  # reproducible bytes


def bad():
    b = os.path.join(ROOT, "bad")
    os.makedirs(b)
    marker = "/tmp/genmetrics-pwned"
    # GLOBAL os.system, called by REDUCE: what pickle.load would execute. Protocol 2, as torch writes.
    evil_global = b"\x80\x02cos\nsystem\nq\x00X" + struct.pack("<I", len("touch " + marker)) + ("touch " + marker).encode() + b"\x85q\x01Rq\x02."
    # STACK_GLOBAL builtins.eval (protocol 4)
    src = "__import__('os').system('touch " + marker + "')"
    evil_stack = (b"\x80\x04\x95" + struct.pack("<Q", 0) + b"\x8c\x08builtins\x94\x8c\x04eval\x94\x93\x94\x8c" +
                  bytes([len(src)]) + src.encode() + b"\x94\x85\x94R\x94.")
    # __builtin__.getattr (Python 2 name), as the value of a dict entry
    evil_getattr = b"\x80\x02}q\x00X\x01\x00\x00\x00aq\x01c__builtin__\ngetattr\nq\x02sb."
    for name, p in (("evil_global", evil_global), ("evil_stack", evil_stack), ("evil_getattr", evil_getattr)):
        with open(os.path.join(b, name + ".pkl"), "wb") as f:
            f.write(p)
        zip_with(os.path.join(b, name + ".pth"), [(f"{name}/data.pkl", p), (f"{name}/version", b"3\n")])
    # the same, in a legacy file: magic, protocol, sys_info, then the evil object pickle
    head = io.BytesIO()
    for o in (0x1950a86a20f9469cfc6c, 1001, dict(protocol_version=1001, little_endian=True, type_sizes=dict(short=2, int=4, long=4))):
        pickle.dump(o, head, protocol=2)
    with open(os.path.join(b, "evil_legacy.pth"), "wb") as f:
        f.write(head.getvalue() + evil_global)

    zsrc = os.path.join(ROOT, "zip", "views.pth")
    lsrc = os.path.join(ROOT, "legacy", "views.pth")
    zbytes = open(zsrc, "rb").read()
    lbytes = open(lsrc, "rb").read()
    open(os.path.join(b, "truncated_zip.pth"), "wb").write(zbytes[: len(zbytes) // 2])
    open(os.path.join(b, "truncated_legacy_storage.pth"), "wb").write(lbytes[:-10])
    open(os.path.join(b, "truncated_legacy_pickle.pth"), "wb").write(lbytes[:200])
    open(os.path.join(b, "not_a_checkpoint.pth"), "wb").write(b"hello, this is text, not a checkpoint\n" * 4)
    open(os.path.join(b, "empty.pth"), "wb").write(b"")
    with zipfile.ZipFile(zsrc) as z:
        names = z.namelist()
        data = {n: z.read(n) for n in names}
    pkl = [n for n in names if n.endswith("/data.pkl")][0]
    storages = [n for n in names if "/data/" in n]
    # a zip without one of its storages
    zip_with(os.path.join(b, "missing_storage.pth"), [(n, data[n]) for n in names if n != storages[0]])
    # a storage shorter than the pickle says
    zip_with(os.path.join(b, "short_storage.pth"), [(n, data[n][:-4] if n == storages[0] else data[n]) for n in names])
    # an opcode that does not exist (0xff) in the middle of data.pkl
    p = bytearray(data[pkl])
    p[len(p) // 2] = 0xFF
    zip_with(os.path.join(b, "bad_opcode.pth"), [(n, bytes(p) if n == pkl else data[n]) for n in names])
    # data.pkl cut short (no STOP)
    zip_with(os.path.join(b, "truncated_pickle.pth"), [(n, data[n][: len(data[n]) // 2] if n == pkl else data[n]) for n in names])
    # a zip that is not a torch checkpoint
    zip_with(os.path.join(b, "other_zip.pth"), [("readme.txt", b"hi")])
    # a tensor that reaches past the end of its storage (size 100 on a 24-element storage)
    p = data[pkl]
    assert p.count(b"K\x04K\x06\x86") == 1, "expected the (4, 6) size tuple once"
    zip_with(os.path.join(b, "out_of_bounds.pth"), [(n, p.replace(b"K\x04K\x06\x86", b"KdK\x06\x86") if n == pkl else data[n]) for n in names])


PLAIN = {"int": 1, "neg": -5, "i32": -2**31, "u16": 65535, "i40": 2**40, "i64": -2**63, "big": 2**70,
         "float": 1.5, "nan": float("nan"), "t": True, "f": False, "none": None, "bytes": b"xy\x00", "str": "\u00e9\u4e2d",
         "tuple0": (), "tuple1": (1,), "tuple2": (1, 2), "tuple3": (1, 2, 3), "tuple5": (1, 2, 3, 4, 5),
         "list": [1, [2, [3]]], "shared": None, "long_str": "x" * 300, 7: "int key"}


class _Storage:
    """Stands for a storage in a hand-written legacy file: the pickler turns it into a persistent id."""


class _Tensor:
    def __init__(self, storage, offset, size, stride):
        self.args = (storage, offset, size, stride, False, collections.OrderedDict())

    def __reduce__(self):
        return torch._utils._rebuild_tensor_v2, self.args


def legacy_view():
    """A legacy file with a storage view (view_metadata), as torch < 1.0 wrote them and torch.load still reads:
    root storage 'root' of 10 floats, view 'v' = root[2:7], tensor (2, 2) at offset 1 in the view."""
    root = _Storage()

    class P(pickle.Pickler):
        def persistent_id(self, obj):
            return ("storage", torch.FloatStorage, "root", "cpu", 10, ("v", 2, 5)) if obj is root else None

    f = io.BytesIO()
    for o in (0x1950a86a20f9469cfc6c, 1001, dict(protocol_version=1001, little_endian=True, type_sizes=dict(short=2, int=4, long=4))):
        pickle.dump(o, f, protocol=2)
    P(f, protocol=2).dump(collections.OrderedDict(w=_Tensor(root, 1, (2, 2), (2, 1)), v=_Tensor(root, 0, (5,), (1,))))
    pickle.dump(["root"], f, protocol=2)
    f.write(struct.pack("<q", 10) + struct.pack("<10f", *[10.0 * i for i in range(10)]))
    rel = "legacy/storage_view.pth"
    with open(os.path.join(ROOT, rel), "wb") as out:
        out.write(f.getvalue())
    back = torch.load(os.path.join(ROOT, rel))
    expected["files"][rel] = [dict(name=k, **describe(v, True)) for k, v in tensors_of(back).items()]


def plain():
    """Plain values pickled with protocols 2-5 (tests/GenMetrics.Tests/Formats/PickleReaderTests.cs checks them)."""
    d = os.path.join(ROOT, "pickle")
    os.makedirs(d)
    obj = dict(PLAIN)
    shared = [1, 2]
    obj["shared"] = (shared, shared)
    for proto in (2, 3, 4, 5):
        with open(os.path.join(d, f"plain_p{proto}.pkl"), "wb") as f:
            pickle.dump(obj, f, protocol=proto)


def lpips():
    os.makedirs(LPIPS, exist_ok=True)
    for n in ("alex", "vgg", "squeeze"):
        src = os.path.join(LPIPS_SRC, n + ".pth")
        dst = os.path.join(LPIPS, n + ".pth")
        if os.path.abspath(src) != os.path.abspath(dst):
            shutil.copyfile(src, dst)
        back = torch.load(dst, map_location="cpu")
        expected["files"]["../lpips/" + n + ".pth"] = [dict(name=k, **describe(v, False)) for k, v in tensors_of(back).items()]
    shutil.copyfile(os.path.join(LPIPS_SRC, "README.md"), os.path.join(LPIPS, "README.md"))


def inception(out):
    import torchvision
    m = torchvision.models.inception_v3(num_classes=1008, aux_logits=False, init_weights=False)
    g = torch.Generator().manual_seed(3)
    sd = collections.OrderedDict((k, torch.randn(v.shape, generator=g) if v.is_floating_point() else v + 5)
                                 for k, v in m.state_dict().items())
    os.makedirs(out, exist_ok=True)
    torch.save(sd, os.path.join(out, "incep_zip.pth"))
    torch.save(sd, os.path.join(out, "incep_legacy.pth"), _use_new_zipfile_serialization=False)
    with open(os.path.join(out, "incep.json"), "w") as f:
        json.dump({k: [list(v.shape), str(v.dtype), math.fsum(v.double().reshape(-1).tolist()), float(v.reshape(-1)[-1])]
                   for k, v in sd.items()}, f)


if __name__ == "__main__":
    import sys
    if len(sys.argv) == 3 and sys.argv[1] == "--inception":
        inception(sys.argv[2])
    else:
        main()
