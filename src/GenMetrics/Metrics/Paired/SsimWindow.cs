namespace GenMetrics.Metrics.Paired;

/// <summary>
/// A separable SSIM window: the 1-d taps whose outer product is the 2-d window. Both references' Gaussians are
/// separable exactly (exp(-(a² + b²)/2σ²) = exp(-a²/2σ²)·exp(-b²/2σ²), and the 2-d sum is the square of the 1-d sum),
/// so filtering rows then columns with these taps computes their 2-d convolution up to float64 rounding.
/// </summary>
internal sealed class SsimWindow
{
    private SsimWindow(double[] taps) => Taps = taps;

    /// <summary>The 1-d taps, which sum to 1.</summary>
    public double[] Taps { get; }

    public int Size => Taps.Length;

    /// <summary>
    /// piq's <c>gaussian_filter(kernel_size, sigma)</c> (and torchmetrics' <c>_gaussian</c>, the same numbers):
    /// coordinates i − (size − 1)/2, weights exp(−c²/(2σ²)), normalised to sum 1. Defaults 11 and 1.5 (Wang et al.
    /// 2004, MATLAB ssim.m).
    /// </summary>
    public static SsimWindow Gaussian(int size = 11, double sigma = 1.5)
    {
        if (size < 1 || size % 2 == 0) throw new ArgumentOutOfRangeException(nameof(size), $"the SSIM window size must be odd and positive, got {size}");
        var taps = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++)
        {
            double c = i - (size - 1) / 2.0;
            taps[i] = Math.Exp(-(c * c) / (2 * sigma * sigma));
            sum += taps[i];
        }
        for (int i = 0; i < size; i++) taps[i] /= sum;
        return new SsimWindow(taps);
    }

    /// <summary>A uniform window of <paramref name="size"/> taps (skimage's <c>uniform_filter</c>, default 7).</summary>
    public static SsimWindow Uniform(int size = 7)
    {
        if (size < 1 || size % 2 == 0) throw new ArgumentOutOfRangeException(nameof(size), $"the SSIM window size must be odd and positive, got {size}");
        var taps = new double[size];
        Array.Fill(taps, 1.0 / size);
        return new SsimWindow(taps);
    }
}
