"""Seeded synthetic feature sets that C# reproduces bit for bit (tests/GenMetrics.Tests/Support/SyntheticFeatures.cs).

Only SplitMix64 integer steps and float32 +, * are used, so numpy and .NET produce identical float32 values and a
parity fixture needs to store only the numbers a reference computed, not the features.

features(seed, n, d, shift=0, factor=0.5):
  stream = SplitMix64(seed); u() = (next() >> 40) * 2**-24 (a float32 in [0, 1))
  G[n, d]: g = ((u1 + u2) + u3) + u4 - 2, drawn row-major, four u per value in order
  L[n, 8]: drawn the same way, after G
  X[i, j] = (G[i, j] + L[i, j % 8] * factor) + shift   (float32 arithmetic, in that order)
"""
import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def splitmix64(seed, count):
    with np.errstate(over="ignore"):
        state = np.uint64(seed) + _GOLDEN * np.arange(1, count + 1, dtype=np.uint64)
        z = state
        z = (z ^ (z >> np.uint64(30))) * _M1
        z = (z ^ (z >> np.uint64(27))) * _M2
        return z ^ (z >> np.uint64(31))


def uniforms(seed, count):
    return ((splitmix64(seed, count) >> np.uint64(40)).astype(np.float32) * np.float32(2.0 ** -24)).astype(np.float32)


def features(seed, n, d, shift=0.0, factor=0.5):
    u = uniforms(seed, 4 * (n * d + n * 8)).reshape(-1, 4)
    g = (((u[:, 0] + u[:, 1]) + u[:, 2]) + u[:, 3]) - np.float32(2.0)
    G = g[: n * d].reshape(n, d)
    L = g[n * d:].reshape(n, 8)
    X = (G + L[:, np.arange(d) % 8] * np.float32(factor)) + np.float32(shift)
    assert X.dtype == np.float32
    return X


if __name__ == "__main__":
    x = features(1, 3, 10, shift=0.25)
    print(x[0, :4], x[2, -2:], float(x.astype(np.float64).sum()))
