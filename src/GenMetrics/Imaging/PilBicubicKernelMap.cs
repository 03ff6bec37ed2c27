using System.Collections.Concurrent;

namespace GenMetrics.Imaging;

/// <summary>
/// Pillow's bicubic coefficients along one axis (libImaging/Resample.c precompute_coeffs, Pillow 9.4), computed once
/// per (in size, out size): for output pixel i the taps are <c>Start[i] .. Start[i] + Count[i] - 1</c> with float64
/// weights <c>Weights[i * KSize ..]</c>, normalised to sum 1. <see cref="Precompute"/> serves any Pillow filter (the
/// 8-bit path's bilinear too).
/// </summary>
internal sealed class PilBicubicKernelMap
{
    private const double Support = 2.0; // bicubic_filter's support

    private static readonly ConcurrentDictionary<(int, int), PilBicubicKernelMap> s_cache = new();

    private PilBicubicKernelMap(int inSize, int outSize, int ksize)
    {
        InSize = inSize;
        OutSize = outSize;
        KSize = ksize;
        Start = new int[outSize];
        Count = new int[outSize];
        Weights = new double[outSize * ksize];
    }

    public int InSize { get; }
    public int OutSize { get; }
    public int KSize { get; }
    public int[] Start { get; }
    public int[] Count { get; }
    public double[] Weights { get; }

    public static PilBicubicKernelMap Get(int inSize, int outSize) =>
        s_cache.GetOrAdd((inSize, outSize), static k => Create(k.Item1, k.Item2));

    internal static PilBicubicKernelMap Create(int inSize, int outSize) => Precompute(inSize, outSize, Support, Bicubic);

    /// <summary>precompute_coeffs for a filter with the given support (uncached).</summary>
    internal static PilBicubicKernelMap Precompute(int inSize, int outSize, double filterSupport, Func<double, double> filter)
    {
        // The box is the whole image (in0 = 0, in1 = inSize), so scale = in / out exactly as Pillow's double.
        var scale = (double)inSize / outSize;
        var filterScale = scale < 1.0 ? 1.0 : scale;
        var support = filterSupport * filterScale;
        var ksize = (int)Math.Ceiling(support) * 2 + 1;
        var map = new PilBicubicKernelMap(inSize, outSize, ksize);
        var ss = 1.0 / filterScale;
        for (var xx = 0; xx < outSize; xx++)
        {
            var center = (xx + 0.5) * scale;
            // (int) truncates toward zero, as C does, before the clamp.
            var xmin = (int)(center - support + 0.5);
            if (xmin < 0) xmin = 0;
            var xmax = (int)(center + support + 0.5);
            if (xmax > inSize) xmax = inSize;
            xmax -= xmin;
            var k = map.Weights.AsSpan(xx * ksize, ksize);
            var ww = 0.0;
            for (var x = 0; x < xmax; x++)
            {
                var w = filter((x + xmin - center + 0.5) * ss);
                k[x] = w;
                ww += w;
            }
            if (ww != 0.0)
                for (var x = 0; x < xmax; x++) k[x] /= ww;
            map.Start[xx] = xmin;
            map.Count[xx] = xmax;
        }
        return map;
    }

    /// <summary>Resample.c bicubic_filter with a = -0.5, in Pillow's operation order.</summary>
    internal static double Bicubic(double x)
    {
        const double a = -0.5;
        if (x < 0.0) x = -x;
        if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
        return 0.0;
    }
}
