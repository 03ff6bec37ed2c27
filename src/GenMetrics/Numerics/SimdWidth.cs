using System.Runtime.Intrinsics;

namespace GenMetrics.Numerics;

/// <summary>The vector width a kernel runs at. Internal entry points take it explicitly so tests reach every path.</summary>
internal enum SimdWidth
{
    Scalar = 0,
    V256 = 256,
    V512 = 512,
}

internal static class Simd
{
    /// <summary>
    /// The widest accelerated width, unless <c>GENMETRICS_SIMD</c> (scalar | v256 | v512) forces one for CI and benchmarks.
    /// </summary>
    public static SimdWidth Best { get; } = Pick(Environment.GetEnvironmentVariable("GENMETRICS_SIMD"));

    private static SimdWidth Pick(string? forced) => forced?.Trim().ToLowerInvariant() switch
    {
        "scalar" => SimdWidth.Scalar,
        "v256" => SimdWidth.V256,
        "v512" => SimdWidth.V512,
        _ => Vector512.IsHardwareAccelerated ? SimdWidth.V512
            : Vector256.IsHardwareAccelerated ? SimdWidth.V256
            : SimdWidth.Scalar,
    };
}
