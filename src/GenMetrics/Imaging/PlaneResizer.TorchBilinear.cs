using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using GenMetrics.Numerics;

namespace GenMetrics.Imaging;

internal static partial class PlaneResizer
{
    /// <summary>
    /// torch's CPU upsample_bilinear2d on an N x C x H x W float32 tensor with N * C &gt; 1 (every RGB image), as
    /// Debian's torch 1.13 computes it; found by matching its output bit for bit, since its AVX2 build contracts
    /// <c>t0 * w0 + t1 * w1</c> into <c>fma(t0, w0, t1 * w1)</c>. Two float32 passes, x first: <c>h = fma(a, wx0, b * wx1)</c>
    /// per needed source row, then <c>fma(top, wy0, bottom * wy1)</c>. A lone plane (N * C = 1) takes another torch
    /// path that can differ by 1 ulp; this reproduces the multi-channel one. FusedMultiplyAdd is exact (single
    /// rounding) on every machine, emulated where the CPU has no FMA.
    /// </summary>
    [SkipLocalsInit]
    private static void TorchBilinear(ReadOnlySpan<float> src, int inW, int inH, Span<float> dst, int outW, int outH, SimdWidth width)
    {
        var mx = BilinearKernelMap.Get(ResizeFilter.TorchBilinear, inW, outW);
        var my = BilinearKernelMap.Get(ResizeFilter.TorchBilinear, inH, outH);
        var rows = ArrayPool<float>.Shared.Rent(inH * outW);
        var done = ArrayPool<bool>.Shared.Rent(inH);
        try
        {
            Array.Clear(done, 0, inH);
            for (var y = 0; y < outH; y++)
            {
                TorchRow(src, inW, my.Lo[y], rows, outW, mx, done);
                TorchRow(src, inW, my.Hi[y], rows, outW, mx, done);
            }
            for (var y = 0; y < outH; y++)
            {
                ref var t = ref rows[my.Lo[y] * outW];
                ref var b = ref rows[my.Hi[y] * outW];
                ref var d = ref dst[y * outW];
                float w0 = my.W0[y], w1 = my.W1[y];
                nuint i = 0, n = (nuint)outW;
                if (width != SimdWidth.Scalar)
                {
                    var v0 = Vector256.Create(w0);
                    var v1 = Vector256.Create(w1);
                    for (; i + 8 <= n; i += 8)
                        Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref t, i), v0, Vector256.LoadUnsafe(ref b, i) * v1).StoreUnsafe(ref d, i);
                }
                for (; i < n; i++)
                    Unsafe.Add(ref d, i) = MathF.FusedMultiplyAdd(Unsafe.Add(ref t, i), w0, Unsafe.Add(ref b, i) * w1);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rows);
            ArrayPool<bool>.Shared.Return(done);
        }
    }

    private static void TorchRow(ReadOnlySpan<float> src, int inW, int row, float[] rows, int outW, BilinearKernelMap mx, bool[] done)
    {
        if (done[row]) return;
        done[row] = true;
        ref var s = ref MemoryMarshal.GetReference(src.Slice(row * inW, inW));
        ref var o = ref rows[row * outW];
        ref var lo = ref MemoryMarshal.GetArrayDataReference(mx.Lo);
        ref var hi = ref MemoryMarshal.GetArrayDataReference(mx.Hi);
        ref var w0 = ref MemoryMarshal.GetArrayDataReference(mx.W0);
        ref var w1 = ref MemoryMarshal.GetArrayDataReference(mx.W1);
        for (nint x = 0; x < outW; x++)
            Unsafe.Add(ref o, x) = MathF.FusedMultiplyAdd(Unsafe.Add(ref s, Unsafe.Add(ref lo, x)), Unsafe.Add(ref w0, x),
                Unsafe.Add(ref s, Unsafe.Add(ref hi, x)) * Unsafe.Add(ref w1, x));
    }
}
