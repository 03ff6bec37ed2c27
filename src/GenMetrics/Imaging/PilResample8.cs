namespace GenMetrics.Imaging;

/// <summary>The Pillow filters <see cref="PilResample8"/> reproduces.</summary>
internal enum PilFilter
{
    /// <summary><c>Image.BILINEAR</c>: the triangle filter, support 1.</summary>
    Bilinear,

    /// <summary><c>Image.BICUBIC</c>: the cubic filter with a = -0.5, support 2.</summary>
    Bicubic,
}

/// <summary>
/// Pillow's <c>Image.resize</c> on an 8-bit RGB image (libImaging/Resample.c, Pillow 9.4), bit for bit: the float64
/// coefficients of precompute_coeffs (antialiased when downscaling), turned into fixed point with 22 fractional
/// bits (normalize_coeffs_8bpc), a horizontal pass into a uint8 image and then a vertical pass, each output rounded
/// by the 2^21 bias and clipped to [0, 255] (clip8). This is what torchvision's <c>Resize</c> does to a PIL image.
/// </summary>
internal static class PilResample8
{
    private const int PrecisionBits = 32 - 8 - 2;

    /// <summary>Resizes <paramref name="src"/> (HWC RGB, <paramref name="inW"/> x <paramref name="inH"/>) to a new HWC buffer.</summary>
    public static byte[] Resize(PilFilter filter, byte[] src, int inW, int inH, int outW, int outH)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inW, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inH, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outW, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outH, 1);
        if (src.Length != inW * inH * 3) throw new ArgumentException("source is not inW x inH x 3 bytes", nameof(src));
        var current = src;
        var w = inW;
        // Pillow skips a pass whose size does not change (the box is always the whole image here).
        if (outW != inW)
        {
            var (start, count, k, ks) = Coefficients(filter, inW, outW);
            var dst = new byte[outW * inH * 3];
            for (var y = 0; y < inH; y++)
            {
                var row = y * inW * 3;
                for (var x = 0; x < outW; x++)
                {
                    int s0 = 1 << (PrecisionBits - 1), s1 = s0, s2 = s0;
                    var kb = x * ks;
                    var p = row + start[x] * 3;
                    for (var t = 0; t < count[x]; t++, p += 3)
                    {
                        var c = k[kb + t];
                        s0 += current[p] * c;
                        s1 += current[p + 1] * c;
                        s2 += current[p + 2] * c;
                    }
                    var o = (y * outW + x) * 3;
                    dst[o] = Clip8(s0);
                    dst[o + 1] = Clip8(s1);
                    dst[o + 2] = Clip8(s2);
                }
            }
            current = dst;
            w = outW;
        }
        if (outH != inH)
        {
            var (start, count, k, ks) = Coefficients(filter, inH, outH);
            var dst = new byte[w * outH * 3];
            var stride = w * 3;
            for (var y = 0; y < outH; y++)
            {
                var kb = y * ks;
                for (var i = 0; i < stride; i++)
                {
                    var s = 1 << (PrecisionBits - 1);
                    var p = start[y] * stride + i;
                    for (var t = 0; t < count[y]; t++, p += stride) s += current[p] * k[kb + t];
                    dst[y * stride + i] = Clip8(s);
                }
            }
            current = dst;
        }
        return ReferenceEquals(current, src) ? (byte[])src.Clone() : current;
    }

    private static byte Clip8(int v)
    {
        if (v >= 1 << PrecisionBits << 8) return 255;
        if (v <= 0) return 0;
        return (byte)(v >> PrecisionBits);
    }

    /// <summary>precompute_coeffs followed by normalize_coeffs_8bpc, for the whole image as the box.</summary>
    internal static (int[] Start, int[] Count, int[] K, int KSize) Coefficients(PilFilter filter, int inSize, int outSize)
    {
        var map = filter == PilFilter.Bicubic
            ? PilBicubicKernelMap.Precompute(inSize, outSize, 2.0, PilBicubicKernelMap.Bicubic)
            : PilBicubicKernelMap.Precompute(inSize, outSize, 1.0, Triangle);
        var k = new int[map.Weights.Length];
        for (var xx = 0; xx < outSize; xx++)
            for (var x = 0; x < map.Count[xx]; x++)
            {
                var w = map.Weights[xx * map.KSize + x];
                // (int) truncates toward zero as C's cast does, after the +-0.5 that rounds half away from zero.
                k[xx * map.KSize + x] = w < 0 ? (int)(-0.5 + w * (1 << PrecisionBits)) : (int)(0.5 + w * (1 << PrecisionBits));
            }
        return (map.Start, map.Count, k, map.KSize);
    }

    /// <summary>Resample.c bilinear_filter.</summary>
    private static double Triangle(double x)
    {
        if (x < 0.0) x = -x;
        return x < 1.0 ? 1.0 - x : 0.0;
    }
}
