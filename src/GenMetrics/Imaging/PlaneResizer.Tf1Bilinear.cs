using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using GenMetrics.Numerics;

namespace GenMetrics.Imaging;

internal static partial class PlaneResizer
{
    /// <summary>
    /// torch-fidelity's resample_manually in float32: <c>top = in00 + (in01 - in00) * dx</c>, the same for the bottom
    /// row, then <c>top + (bottom - top) * dy</c>. Each source row the output needs is blended along x once (the
    /// reference repeats that blend with the same operands for every output row, so caching it changes no bit), then
    /// pairs of rows are blended along y. Neither .NET nor the reference fuses the multiply and the add.
    /// </summary>
    [SkipLocalsInit]
    private static void Tf1Bilinear(ReadOnlySpan<float> src, int inW, int inH, Span<float> dst, int outW, int outH, SimdWidth width)
    {
        var mx = BilinearKernelMap.Get(ResizeFilter.Tf1Bilinear, inW, outW);
        var my = BilinearKernelMap.Get(ResizeFilter.Tf1Bilinear, inH, outH);
        var rows = ArrayPool<float>.Shared.Rent(inH * outW);
        var done = ArrayPool<bool>.Shared.Rent(inH);
        try
        {
            Array.Clear(done, 0, inH);
            for (var y = 0; y < outH; y++)
            {
                Tf1Row(src, inW, my.Lo[y], rows, outW, mx, done);
                Tf1Row(src, inW, my.Hi[y], rows, outW, mx, done);
            }
            for (var y = 0; y < outH; y++)
            {
                ref var t = ref rows[my.Lo[y] * outW];
                ref var b = ref rows[my.Hi[y] * outW];
                ref var d = ref dst[y * outW];
                var dy = my.W1[y];
                nuint i = 0, n = (nuint)outW;
                if (width != SimdWidth.Scalar)
                {
                    var vdy = Vector256.Create(dy);
                    for (; i + 8 <= n; i += 8)
                    {
                        var top = Vector256.LoadUnsafe(ref t, i);
                        (top + (Vector256.LoadUnsafe(ref b, i) - top) * vdy).StoreUnsafe(ref d, i);
                    }
                }
                for (; i < n; i++)
                {
                    var top = Unsafe.Add(ref t, i);
                    Unsafe.Add(ref d, i) = top + (Unsafe.Add(ref b, i) - top) * dy;
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rows);
            ArrayPool<bool>.Shared.Return(done);
        }
    }

    private static void Tf1Row(ReadOnlySpan<float> src, int inW, int row, float[] rows, int outW, BilinearKernelMap mx, bool[] done)
    {
        if (done[row]) return;
        done[row] = true;
        ref var s = ref MemoryMarshal.GetReference(src.Slice(row * inW, inW));
        ref var o = ref rows[row * outW];
        ref var lo = ref MemoryMarshal.GetArrayDataReference(mx.Lo);
        ref var hi = ref MemoryMarshal.GetArrayDataReference(mx.Hi);
        ref var dx = ref MemoryMarshal.GetArrayDataReference(mx.W1);
        for (nint x = 0; x < outW; x++)
        {
            var a = Unsafe.Add(ref s, Unsafe.Add(ref lo, x));
            Unsafe.Add(ref o, x) = a + (Unsafe.Add(ref s, Unsafe.Add(ref hi, x)) - a) * Unsafe.Add(ref dx, x);
        }
    }
}
