using GenMetrics.Imaging;

namespace GenMetrics.Metrics.Paired;

/// <summary>The summed squared error of one or more pairs on the [0, 1] scale, and how many values it covers.</summary>
internal readonly record struct SquaredError(double Sum, long Count)
{
    public double Mean => Sum / Count;

    public SquaredError Add(SquaredError other) => new(Sum + other.Sum, Count + other.Count);
}

/// <summary>
/// PSNR with data in [0, 1] (x / 255, data_range 1): per pair as piq's <c>psnr</c>, and over a set in either
/// library's convention (<see cref="PsnrConvention"/>). With <c>greyscale</c>, on Y = 0.299 R + 0.587 G + 0.114 B
/// (piq's <c>convert_to_greyscale</c>).
/// </summary>
internal static class Psnr
{
    public const string Key = "psnr";

    /// <summary>piq's EPS, added to the MSE: identical images give −10·log10(1e-8) = 80 dB.</summary>
    public const double Epsilon = 1e-8;

    /// <summary>torchmetrics' 10 / ln 10 as float32 (10 / torch.log(tensor(10.)) = 4.3429446f, 0x408AF967), widened.</summary>
    internal static readonly double TorchmetricsFactor = BitConverter.Int32BitsToSingle(0x408AF967);

    /// <summary>piq's PSNR of one pair: −10·log10(MSE + 1e-8).</summary>
    public static double Compute(RgbImage a, RgbImage b, bool greyscale = false) => FromMse(SquaredErrorOf(a, b, greyscale).Mean);

    public static double FromMse(double mse) => -10 * Math.Log10(mse + Epsilon);

    /// <summary>torchmetrics' PSNR of pooled squared errors: (2 ln 1 − ln(SSE / N))·float32(10 / ln 10), +∞ when SSE = 0.</summary>
    public static double FromPooled(SquaredError pooled) => (0.0 - Math.Log(pooled.Sum / pooled.Count)) * TorchmetricsFactor;

    /// <summary>The PSNR of a set of pairs, given each pair's squared error (see <see cref="SquaredErrorOf"/>).</summary>
    public static double OfSet(ReadOnlySpan<SquaredError> pairs, PsnrConvention convention)
    {
        if (pairs.IsEmpty) throw new InputException("PSNR: no image pairs");
        if (convention == PsnrConvention.Torchmetrics)
        {
            var total = new SquaredError(0, 0);
            foreach (var p in pairs) total = total.Add(p);
            return FromPooled(total);
        }
        double sum = 0;
        foreach (var p in pairs) sum += FromMse(p.Mean);
        return sum / pairs.Length;
    }

    /// <summary>
    /// Σ (a/255 − b/255)² over every value of the pair (3·H·W of them, or H·W for greyscale). For RGB the sum is
    /// exact: Σ(a − b)² in integers, divided by 255² once (the references' float64 sums differ from it by ~1e-16
    /// relative); for greyscale it is a float64 sum, row by row.
    /// </summary>
    public static SquaredError SquaredErrorOf(RgbImage a, RgbImage b, bool greyscale = false)
    {
        PairedInput.CheckSameSize(a, b);
        var pa = a.Pixels;
        var pb = b.Pixels;
        if (!greyscale)
        {
            long s = 0;
            for (int i = 0; i < pa.Length; i++)
            {
                int d = pa[i] - pb[i];
                s += d * d;
            }
            return new SquaredError(s / (255.0 * 255.0), pa.Length);
        }
        double total = 0;
        int w = a.Width;
        for (int r = 0; r < a.Height; r++)
        {
            double row = 0;
            for (int i = r * w * 3, end = i + w * 3; i < end; i += 3)
            {
                double d = ImagePlanes.Luma(pa[i], pa[i + 1], pa[i + 2]) - ImagePlanes.Luma(pb[i], pb[i + 1], pb[i + 2]);
                row += d * d;
            }
            total += row;
        }
        return new SquaredError(total, (long)a.Width * a.Height);
    }
}
