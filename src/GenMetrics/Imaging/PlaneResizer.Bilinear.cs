using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using GenMetrics.Numerics;

namespace GenMetrics.Imaging;

internal static partial class PlaneResizer
{
    /// <summary>
    /// Both bilinear references, x first: each source row the output needs is blended along x once (the references
    /// repeat that blend with the same operands for every output row, so caching it changes no bit), then pairs of
    /// rows are blended along y. <typeparamref name="TBlend"/> is the reference's rounding of one blend.
    /// </summary>
    [SkipLocalsInit]
    private static void Bilinear<TBlend>(ResizeFilter filter, ReadOnlySpan<float> src, int inW, int inH, Span<float> dst, int outW, int outH, SimdWidth width)
        where TBlend : IBilinearBlend
    {
        var mx = BilinearKernelMap.Get(filter, inW, outW);
        var my = BilinearKernelMap.Get(filter, inH, outH);
        var rows = ArrayPool<float>.Shared.Rent(inH * outW);
        var done = ArrayPool<bool>.Shared.Rent(inH);
        try
        {
            Array.Clear(done, 0, inH);
            for (var y = 0; y < outH; y++)
            {
                BlendRow<TBlend>(src, inW, my.Lo[y], rows, outW, mx, done);
                BlendRow<TBlend>(src, inW, my.Hi[y], rows, outW, mx, done);
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
                        TBlend.Invoke(Vector256.LoadUnsafe(ref t, i), Vector256.LoadUnsafe(ref b, i), v0, v1).StoreUnsafe(ref d, i);
                }
                for (; i < n; i++)
                    Unsafe.Add(ref d, i) = TBlend.Invoke(Unsafe.Add(ref t, i), Unsafe.Add(ref b, i), w0, w1);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rows);
            ArrayPool<bool>.Shared.Return(done);
        }
    }

    private static void BlendRow<TBlend>(ReadOnlySpan<float> src, int inW, int row, float[] rows, int outW, BilinearKernelMap mx, bool[] done)
        where TBlend : IBilinearBlend
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
            Unsafe.Add(ref o, x) = TBlend.Invoke(Unsafe.Add(ref s, Unsafe.Add(ref lo, x)), Unsafe.Add(ref s, Unsafe.Add(ref hi, x)),
                Unsafe.Add(ref w0, x), Unsafe.Add(ref w1, x));
    }
}
