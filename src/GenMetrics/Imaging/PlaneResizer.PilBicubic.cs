using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using GenMetrics.Numerics;

namespace GenMetrics.Imaging;

internal static partial class PlaneResizer
{
    /// <summary>
    /// Pillow 9.4 ImagingResampleInner for a float32 image: the horizontal pass first (only when the width changes),
    /// over just the rows the vertical pass reads; then the vertical pass (only when the height changes). Each pass
    /// accumulates <c>ss += pixel * k</c> in double, in tap order, and stores float32.
    /// </summary>
    private static void PilBicubic(ReadOnlySpan<float> src, int inW, int inH, Span<float> dst, int outW, int outH, SimdWidth width)
    {
        var needH = outW != inW;
        var needV = outH != inH;
        if (!needH && !needV)
        {
            src[..(inW * inH)].CopyTo(dst);
            return;
        }
        var mx = PilBicubicKernelMap.Get(inW, outW);
        var my = PilBicubicKernelMap.Get(inH, outH);
        if (!needV)
        {
            PilHorizontal(src, inW, 0, inH, mx, dst, width);
            return;
        }
        if (!needH)
        {
            PilVertical(src, outW, 0, my, dst, width);
            return;
        }
        var first = my.Start[0];
        var last = my.Start[outH - 1] + my.Count[outH - 1];
        var tmp = ArrayPool<float>.Shared.Rent((last - first) * outW);
        try
        {
            PilHorizontal(src, inW, first, last, mx, tmp, width);
            PilVertical(tmp, outW, first, my, dst, width);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(tmp);
        }
    }

    /// <summary>
    /// Rows <paramref name="first"/> .. <paramref name="last"/> - 1 of the source into rows 0.. of <paramref name="dst"/>.
    /// The vector path transposes the rows, runs the vertical kernel (vectorised across what were rows) and transposes
    /// back: each output is still the same double sum in tap order, so the bits are the scalar path's.
    /// </summary>
    private static void PilHorizontal(ReadOnlySpan<float> src, int inW, int first, int last, PilBicubicKernelMap mx, Span<float> dst, SimdWidth width)
    {
        if (width == SimdWidth.Scalar || last - first < 8)
        {
            PilHorizontalScalar(src, inW, first, last, mx, dst);
            return;
        }
        var rows = last - first;
        var outW = mx.OutSize;
        var t = ArrayPool<float>.Shared.Rent(inW * rows);
        var u = ArrayPool<float>.Shared.Rent(outW * rows);
        try
        {
            Transpose(src.Slice(first * inW, rows * inW), rows, inW, t);
            PilVertical(t, rows, 0, mx, u, width);
            Transpose(u.AsSpan(0, outW * rows), outW, rows, dst);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(t);
            ArrayPool<float>.Shared.Return(u);
        }
    }

    /// <summary><paramref name="src"/> (rows x cols, row-major) into <paramref name="dst"/> (cols x rows), in 8 x 8 tiles.</summary>
    private static void Transpose(ReadOnlySpan<float> src, int rows, int cols, Span<float> dst)
    {
        const int B = 8;
        for (var r0 = 0; r0 < rows; r0 += B)
        {
            var r1 = Math.Min(r0 + B, rows);
            for (var c0 = 0; c0 < cols; c0 += B)
            {
                var c1 = Math.Min(c0 + B, cols);
                for (var r = r0; r < r1; r++)
                    for (var c = c0; c < c1; c++)
                        dst[c * rows + r] = src[r * cols + c];
            }
        }
    }

    private static void PilHorizontalScalar(ReadOnlySpan<float> src, int inW, int first, int last, PilBicubicKernelMap mx, Span<float> dst)
    {
        var outW = mx.OutSize;
        var ksize = mx.KSize;
        ref var start = ref MemoryMarshal.GetArrayDataReference(mx.Start);
        ref var count = ref MemoryMarshal.GetArrayDataReference(mx.Count);
        ref var kk = ref MemoryMarshal.GetArrayDataReference(mx.Weights);
        ref var s0 = ref MemoryMarshal.GetReference(src);
        ref var d0 = ref MemoryMarshal.GetReference(dst);
        for (var y = first; y < last; y++)
        {
            ref var s = ref Unsafe.Add(ref s0, (nint)y * inW);
            ref var d = ref Unsafe.Add(ref d0, (nint)(y - first) * outW);
            for (nint x = 0; x < outW; x++)
            {
                ref var p = ref Unsafe.Add(ref s, Unsafe.Add(ref start, x));
                ref var k = ref Unsafe.Add(ref kk, x * ksize);
                var n = Unsafe.Add(ref count, x);
                var ss = 0.0;
                for (nint j = 0; j < n; j++) ss += Unsafe.Add(ref p, j) * Unsafe.Add(ref k, j);
                Unsafe.Add(ref d, x) = (float)ss;
            }
        }
    }

    /// <summary>
    /// Output row y = sum over taps of source rows (Start[y] - <paramref name="rowOffset"/> + j), per column, in double.
    /// The vector loop widens 8 floats to two Vector256&lt;double&gt; accumulators: per column it is the scalar sum.
    /// </summary>
    private static void PilVertical(ReadOnlySpan<float> src, int w, int rowOffset, PilBicubicKernelMap my, Span<float> dst, SimdWidth width)
    {
        var ksize = my.KSize;
        ref var s0 = ref MemoryMarshal.GetReference(src);
        ref var d0 = ref MemoryMarshal.GetReference(dst);
        for (var y = 0; y < my.OutSize; y++)
        {
            ref var rows = ref Unsafe.Add(ref s0, (nint)(my.Start[y] - rowOffset) * w);
            var k = my.Weights.AsSpan(y * ksize, ksize);
            var n = my.Count[y];
            ref var d = ref Unsafe.Add(ref d0, (nint)y * w);
            nuint x = 0;
            if (width != SimdWidth.Scalar)
            {
                for (; x + 8 <= (nuint)w; x += 8)
                {
                    var lo = Vector256<double>.Zero;
                    var hi = Vector256<double>.Zero;
                    for (var j = 0; j < n; j++)
                    {
                        var v = Vector256.LoadUnsafe(ref Unsafe.Add(ref rows, (nint)j * w), x);
                        var kj = Vector256.Create(k[j]);
                        lo += Vector256.WidenLower(v) * kj;
                        hi += Vector256.WidenUpper(v) * kj;
                    }
                    Vector256.Narrow(lo, hi).StoreUnsafe(ref d, x);
                }
            }
            for (; x < (nuint)w; x++)
            {
                var ss = 0.0;
                for (var j = 0; j < n; j++) ss += Unsafe.Add(ref rows, (nint)j * w + (nint)x) * k[j];
                Unsafe.Add(ref d, x) = (float)ss;
            }
        }
    }
}
