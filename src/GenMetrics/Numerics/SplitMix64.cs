using System.Runtime.CompilerServices;

namespace GenMetrics.Numerics;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014): the tiny generator behind every seeded tensor and synthetic set that must be
/// identical bit for bit on every machine and in numpy (parity/synthetic.py and the fixture scripts use the same steps).
/// Only integer operations and one exact conversion per value.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        ulong z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A float32 in [0, 1) from the top 24 bits: exactly (z &gt;&gt; 40) * 2^-24.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextFloat24() => (NextUInt64() >> 40) * (1f / 16777216f);

    /// <summary>A float64 in [0, 1) from the top 53 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble53() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);
}
