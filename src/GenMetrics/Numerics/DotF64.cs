using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GenMetrics.Numerics;

/// <summary>
/// Float64 dot product for the factorisations' short, very frequent dots. Fully optimised from the first call
/// (AggressiveOptimization), so a one-shot FID does not run its hottest loops in tier-0 code; the summation order is
/// fixed (four 8-wide accumulators, then the tail), so results do not depend on the caller.
/// </summary>
internal static class DotF64
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double yr = ref MemoryMarshal.GetReference(y);
        nuint i = 0, n = (nuint)Math.Min(x.Length, y.Length);
        var a0 = Vector512<double>.Zero;
        var a1 = Vector512<double>.Zero;
        var a2 = Vector512<double>.Zero;
        var a3 = Vector512<double>.Zero;
        for (; i + 32 <= n; i += 32)
        {
            a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i), a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, i + 8), Vector512.LoadUnsafe(ref yr, i + 8), a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, i + 16), Vector512.LoadUnsafe(ref yr, i + 16), a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, i + 24), Vector512.LoadUnsafe(ref yr, i + 24), a3);
        }
        for (; i + 8 <= n; i += 8)
            a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i), a0);
        a0 += a2;
        a1 += a3;
        double s = Vector512.Sum(a0 + a1);
        for (; i < n; i++) s = Math.FusedMultiplyAdd(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i), s);
        return s;
    }
}
