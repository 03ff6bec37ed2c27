using GenMetrics.Imaging;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics.Paired;

/// <summary>
/// SSIM (Wang, Bovik, Sheikh and Simoncelli 2004) of one image pair, in one of three libraries' conventions
/// (<see cref="SsimConvention"/>), each equal to its library on the same input within 1e-6 (float64 throughout;
/// tests/fixtures/paired). Inputs are uint8 images scaled x / 255 (data_range 1).
/// </summary>
internal static class Ssim
{
    public const string Key = "ssim";

    /// <summary>piq's and torchmetrics' window: 11 x 11 Gaussian, σ 1.5.</summary>
    public static SsimWindow GaussianWindow { get; } = SsimWindow.Gaussian(11, 1.5);

    /// <summary>skimage's default window: 7 x 7 uniform.</summary>
    public static SsimWindow UniformWindow { get; } = SsimWindow.Uniform(7);

    /// <summary>torchmetrics pads by (gaussian kernel size − 1) / 2 = 5 with reflection.</summary>
    public const int TorchmetricsPad = 5;

    /// <summary>The smallest side each convention accepts (piq: the window after downsampling; torchmetrics: its padding).</summary>
    public static int MinimumSize(SsimConvention convention) => convention switch
    {
        SsimConvention.Skimage => 7,
        SsimConvention.Torchmetrics => TorchmetricsPad + 1,
        _ => 11,
    };

    /// <summary>SSIM of <paramref name="a"/> and <paramref name="b"/> (same size; an <see cref="InputException"/> names both otherwise).</summary>
    public static double Compute(RgbImage a, RgbImage b, SsimOptions? options = null) => Compute(a, b, options, Simd.Best);

    internal static double Compute(RgbImage a, RgbImage b, SsimOptions? options, SimdWidth width)
    {
        options ??= new SsimOptions();
        PairedInput.CheckSameSize(a, b);
        using var pa = ImagePlanes.From(a, options.Greyscale);
        using var pb = ImagePlanes.From(b, options.Greyscale);
        return Compute(pa, pb, options.Convention, width);
    }

    /// <summary>SSIM of two planar images already scaled to [0, 1] (any channel count, the same in both).</summary>
    internal static double Compute(ImagePlanes a, ImagePlanes b, SsimConvention convention, SimdWidth width)
    {
        PairedInput.CheckSameShape(a, b);
        int minimum = MinimumSize(convention);
        if (Math.Min(a.Height, a.Width) < minimum)
            PairedInput.TooSmall(a.Source, b.Source, a.Width, a.Height, minimum, Describe(convention));
        switch (convention)
        {
            case SsimConvention.Skimage:
            {
                int np = UniformWindow.Size * UniformWindow.Size;
                var k = SsimConstants.For(covarianceNorm: (double)np / (np - 1));
                var sums = PerChannel<SkimageSsimVariant>(a, b, UniformWindow, k, width);
                return MeanOfChannelMeans(sums);
            }
            case SsimConvention.Torchmetrics:
            {
                using var xa = a.ReflectPad(TorchmetricsPad);
                using var xb = b.ReflectPad(TorchmetricsPad);
                var sums = PerChannel<TorchmetricsSsimVariant>(xa, xb, GaussianWindow, SsimConstants.For(), width);
                double total = 0;
                long count = 0;
                foreach (var s in sums)
                {
                    total += s.Ssim;
                    count += s.Count;
                }
                return total / count;
            }
            default:
            {
                int f = DownsampleFactor(a.Height, a.Width);
                if (f == 1) return MeanOfChannelMeans(PerChannel<PiqSsimVariant>(a, b, GaussianWindow, SsimConstants.For(), width));
                using var da = a.AveragePool(f);
                using var db = b.AveragePool(f);
                return MeanOfChannelMeans(PerChannel<PiqSsimVariant>(da, db, GaussianWindow, SsimConstants.For(), width));
            }
        }
    }

    /// <summary>
    /// piq's downsampling factor f = max(1, round(min(H, W) / 256)), with Python's round (halves to even: 384 px
    /// gives 2, 640 px gives 2, 896 px gives 4).
    /// </summary>
    public static int DownsampleFactor(int height, int width) =>
        Math.Max(1, (int)Math.Round(Math.Min(height, width) / 256.0, MidpointRounding.ToEven));

    /// <summary>Each channel's SSIM and cs sums over the valid window positions.</summary>
    internal static SsimSums[] PerChannel<TVariant>(ImagePlanes a, ImagePlanes b, SsimWindow window, SsimConstants k, SimdWidth width)
        where TVariant : ISsimVariant
    {
        var sums = new SsimSums[a.Channels];
        for (int c = 0; c < a.Channels; c++)
            sums[c] = SsimMap.Sums<TVariant>(width, a.Plane(c), b.Plane(c), a.Height, a.Width, window, k);
        return sums;
    }

    private static double MeanOfChannelMeans(SsimSums[] sums)
    {
        double total = 0;
        foreach (var s in sums) total += s.MeanSsim;
        return total / sums.Length;
    }

    private static string Describe(SsimConvention convention) => convention switch
    {
        SsimConvention.Skimage => "skimage's SSIM (7 x 7 window)",
        SsimConvention.Torchmetrics => "torchmetrics' SSIM (reflect padding by 5)",
        _ => "piq's SSIM (11 x 11 window)",
    };
}
