"""Writes the committed Fashion-MNIST subset under samples/fashion-mnist/ from Debian's dataset-fashion-mnist
(run with Debian's /usr/bin/python3, numpy 1.24):

    apt-get install dataset-fashion-mnist
    /usr/bin/python3 parity/make_fashion_mnist_subset.py

Takes the first 2000 training and the first 1000 test images with their labels, in the original order, and writes
them as IDX files compressed with gzip (mtime 0, so the bytes are reproducible). subset.json records, per file, the
shape and numpy's checksums of the decoded uint8 values (sum as int64 and SHA-256 of the C-order bytes), which
tests/GenMetrics.Tests/Samples/FashionMnistTests.cs checks through GenMetrics' IDX reader.
"""
import gzip
import hashlib
import json
import os
import struct

import numpy as np

SRC = "/usr/share/datasets/fashion-mnist"
DST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples", "fashion-mnist")
SUBSET = {"train": 2000, "t10k": 1000}


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    assert zero == 0 and dtype == 0x08, path
    shape = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(shape)


def write_idx(path, a):
    header = struct.pack(">HBB", 0, 0x08, a.ndim) + struct.pack(">" + "I" * a.ndim, *a.shape)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as f:
        f.write(header + np.ascontiguousarray(a).tobytes())


def main():
    os.makedirs(DST, exist_ok=True)
    record = {}
    for split, n in SUBSET.items():
        for kind in ("images-idx3-ubyte", "labels-idx1-ubyte"):
            name = f"{split}-{kind}.gz"
            a = read_idx(os.path.join(SRC, name))[:n]
            write_idx(os.path.join(DST, name), a)
            back = read_idx(os.path.join(DST, name))
            assert np.array_equal(a, back)
            record[name] = {"shape": list(a.shape), "sum": int(a.astype(np.int64).sum()),
                            "sha256": hashlib.sha256(a.tobytes()).hexdigest()}
    with open(os.path.join(DST, "subset.json"), "w") as f:
        json.dump(record, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
