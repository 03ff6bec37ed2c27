using GenMetrics.Imaging;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics.Paired;

/// <summary>
/// Multi-scale SSIM (Wang, Simoncelli and Bovik 2003) as piq's <c>multi_scale_ssim</c> (9948a52, v0.8.0) with its
/// defaults: 11 x 11 Gaussian (σ 1.5), K1 0.01, K2 0.03, five scales weighted 0.0448, 0.2856, 0.3001, 0.2363,
/// 0.1333; scale 1 is the image itself (no SSIM downsampling), each next scale is <see cref="ImagePlanes.HalveForMsSsim"/>
/// (replicate padding, then a 2 x 2 average pool). Per channel: the cs means of scales 1–4 and the SSIM mean of
/// scale 5, each through ReLU, raised to its weight and multiplied in scale order; then the mean over channels.
/// </summary>
internal static class MsSsim
{
    public const string Key = "ms_ssim";

    public static IReadOnlyList<double> Weights { get; } = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333];

    /// <summary>The smallest side piq accepts: (kernel − 1)·2^(scales − 1) + 1 = 161.</summary>
    public static int MinimumSize => (Ssim.GaussianWindow.Size - 1) * (1 << (Weights.Count - 1)) + 1;

    /// <summary>MS-SSIM of <paramref name="a"/> and <paramref name="b"/> (same size, both sides at least <see cref="MinimumSize"/>).</summary>
    public static double Compute(RgbImage a, RgbImage b, bool greyscale = false) => Compute(a, b, greyscale, Simd.Best);

    internal static double Compute(RgbImage a, RgbImage b, bool greyscale, SimdWidth width)
    {
        PairedInput.CheckSameSize(a, b);
        using var pa = ImagePlanes.From(a, greyscale);
        using var pb = ImagePlanes.From(b, greyscale);
        return Compute(pa, pb, width);
    }

    internal static double Compute(ImagePlanes a, ImagePlanes b, SimdWidth width)
    {
        PairedInput.CheckSameShape(a, b);
        if (Math.Min(a.Height, a.Width) < MinimumSize)
            PairedInput.TooSmall(a.Source, b.Source, a.Width, a.Height, MinimumSize, "MS-SSIM (five scales of an 11 x 11 window)");
        int scales = Weights.Count, channels = a.Channels;
        var product = new double[channels];
        Array.Fill(product, 1.0);
        var k = SsimConstants.For();
        ImagePlanes x = a, y = b;
        try
        {
            for (int s = 0; s < scales; s++)
            {
                if (s > 0)
                {
                    var (nx, ny) = (x.HalveForMsSsim(), y.HalveForMsSsim());
                    if (s > 1)
                    {
                        x.Dispose();
                        y.Dispose();
                    }
                    (x, y) = (nx, ny);
                }
                var sums = Ssim.PerChannel<PiqSsimVariant>(x, y, Ssim.GaussianWindow, k, width);
                for (int c = 0; c < channels; c++)
                {
                    double v = s < scales - 1 ? sums[c].MeanContrastStructure : sums[c].MeanSsim;
                    product[c] *= Math.Pow(Math.Max(v, 0.0), Weights[s]);   // torch.relu, then ** weight, prod over scales
                }
            }
        }
        finally
        {
            if (!ReferenceEquals(x, a)) x.Dispose();
            if (!ReferenceEquals(y, b)) y.Dispose();
        }
        double total = 0;
        foreach (var p in product) total += p;
        return total / channels;
    }
}
