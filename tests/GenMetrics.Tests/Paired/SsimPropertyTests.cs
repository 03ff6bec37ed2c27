using GenMetrics.Imaging;
using GenMetrics.Metrics.Paired;
using GenMetrics.Numerics;

namespace GenMetrics.Tests.Paired;

/// <summary>Invariances of the SSIM kernels: SIMD width, thread count, symmetry, and the input checks.</summary>
public class SsimPropertyTests
{
    public static IEnumerable<object[]> Conventions() =>
        Enum.GetNames<SsimConvention>().SelectMany(c => new[] { new object[] { c, false }, [c, true] });

    [Theory]
    [MemberData(nameof(Conventions))]
    public void Ssim_is_bit_identical_at_every_simd_width(string conventionName, bool greyscale)
    {
        var convention = Enum.Parse<SsimConvention>(conventionName);
        // Widths whose output rows end in a partial vector (67 - 10 = 57 columns) and sizes below one vector.
        foreach (var (sa, sb) in new[] { ("67x53:scene:2", "67x53:quant:2"), ("13x19:scene:4", "13x19:noisy:4:9"), ("512x384:scene:8", "512x384:noisy:8:108") })
        {
            var (a, b) = (PairedImages.Image(sa), PairedImages.Image(sb));
            var options = new SsimOptions(convention, greyscale);
            double scalar = Ssim.Compute(a, b, options, SimdWidth.Scalar);
            Assert.Equal(scalar, Ssim.Compute(a, b, options, SimdWidth.V256));
            Assert.Equal(scalar, Ssim.Compute(a, b, options, SimdWidth.V512));
        }
    }

    [Fact]
    public void MsSsim_is_bit_identical_at_every_simd_width()
    {
        var (a, b) = (PairedImages.Image("175x203:scene:14"), PairedImages.Image("175x203:quant:14"));
        double scalar = MsSsim.Compute(a, b, false, SimdWidth.Scalar);
        Assert.Equal(scalar, MsSsim.Compute(a, b, false, SimdWidth.V256));
        Assert.Equal(scalar, MsSsim.Compute(a, b, false, SimdWidth.V512));
    }

    [Fact]
    public void Scores_over_pairs_do_not_depend_on_the_thread_count()
    {
        var pairs = Enumerable.Range(0, 12).Select(i => (PairedImages.Image($"70x90:scene:{i}"), PairedImages.Image($"70x90:noisy:{i}:{i + 50}"))).ToList();
        var one = PairedScores.Evaluate(pairs, (a, b) => Ssim.Compute(a, b), threads: 1);
        var four = PairedScores.Evaluate(pairs, (a, b) => Ssim.Compute(a, b), threads: 4);
        Assert.Equal(one, four);
        Assert.Equal(PairedScores.Mean(one), PairedScores.Mean(four));
        for (int i = 0; i < pairs.Count; i++) Assert.Equal(Ssim.Compute(pairs[i].Item1, pairs[i].Item2), one[i]);
    }

    [Theory]
    [InlineData("Piq")]
    [InlineData("Skimage")]
    [InlineData("Torchmetrics")]
    public void Ssim_is_symmetric_and_one_on_identical_images(string conventionName)
    {
        var convention = Enum.Parse<SsimConvention>(conventionName);
        var (a, b) = (PairedImages.Image("40x50:scene:1"), PairedImages.Image("40x50:shift:1"));
        var o = new SsimOptions(convention);
        Assert.Equal(Ssim.Compute(a, b, o), Ssim.Compute(b, a, o), 14);
        Assert.Equal(1.0, Ssim.Compute(a, a, o), 14);
    }

    [Fact]
    public void Greyscale_rgb_images_give_the_one_channel_value()
    {
        // A grey image decodes to R = G = B: RGB SSIM is the mean of three equal channels.
        var (a, b) = (PairedImages.Image("48x64:grey:7"), PairedImages.Image("48x64:grey:8"));
        foreach (var c in Enum.GetValues<SsimConvention>())
            Assert.Equal(Ssim.Compute(a, b, new SsimOptions(c, Greyscale: false)), Ssim.Compute(a, b, new SsimOptions(c, Greyscale: true)), 12);
    }

    [Fact]
    public void One_channel_planes_work_and_a_channel_mismatch_names_both_images()
    {
        var a = PairedImages.Image("30x30:scene:1");
        using var grey = ImagePlanes.From(a, greyscale: true);
        using var rgb = ImagePlanes.From(PairedImages.Image("30x30:scene:2"), greyscale: false);
        using var grey2 = ImagePlanes.From(PairedImages.Image("30x30:scene:2"), greyscale: true);
        double v = Ssim.Compute(grey, grey2, SsimConvention.Piq, Simd.Best);
        Assert.InRange(v, -1, 1);
        var e = Assert.Throws<InputException>(() => Ssim.Compute(grey, rgb, SsimConvention.Piq, Simd.Best));
        Assert.Contains("30x30:scene:1", e.Message);
        Assert.Contains("30x30:scene:2", e.Message);
        Assert.Contains("channel", e.Message);
    }

    [Fact]
    public void A_size_mismatch_names_both_images_in_every_metric()
    {
        var a = new RgbImage(20, 30, new byte[20 * 30 * 3], "left/x.png");
        var b = new RgbImage(21, 30, new byte[21 * 30 * 3], "right/x.png");
        foreach (var act in new Action[]
                 {
                     () => Ssim.Compute(a, b), () => MsSsim.Compute(a, b), () => Psnr.Compute(a, b),
                     () => Psnr.SquaredErrorOf(a, b, true),
                 })
        {
            var e = Assert.Throws<InputException>(act);
            Assert.Contains("left/x.png", e.Message);
            Assert.Contains("right/x.png", e.Message);
            Assert.Contains("20 x 30", e.Message);
            Assert.Contains("21 x 30", e.Message);
        }
    }

    [Fact]
    public void Too_small_images_name_the_images_and_the_minimum()
    {
        var (a, b) = (PairedImages.Image("160x300:scene:1"), PairedImages.Image("160x300:scene:2"));
        var e = Assert.Throws<InputException>(() => MsSsim.Compute(a, b));
        Assert.Contains("160x300:scene:1", e.Message);
        Assert.Contains("161", e.Message);
        Assert.Equal(161, MsSsim.MinimumSize);
        var (s, t) = (PairedImages.Image("10x40:scene:1"), PairedImages.Image("10x40:scene:2"));
        Assert.Contains("11 x 11", Assert.Throws<InputException>(() => Ssim.Compute(s, t)).Message);
        Assert.InRange(Ssim.Compute(s, t, new SsimOptions(SsimConvention.Skimage)), -1, 1);
        Assert.InRange(Ssim.Compute(s, t, new SsimOptions(SsimConvention.Torchmetrics)), -1, 1);
    }

    [Theory]
    [InlineData(100, 1)]
    [InlineData(383, 1)]
    [InlineData(384, 2)]   // round(1.5) = 2
    [InlineData(640, 2)]   // round(2.5) = 2: Python rounds halves to even
    [InlineData(768, 3)]
    [InlineData(896, 4)]   // round(3.5) = 4
    [InlineData(1152, 4)]  // round(4.5) = 4
    public void Piq_downsampling_factor_rounds_as_python(int side, int f) => Assert.Equal(f, Ssim.DownsampleFactor(side, side + 7));

    [Fact]
    public void Gaussian_window_equals_the_2d_kernel_of_piq()
    {
        // piq builds exp(-(i² + j²)/(2σ²)) / Σ; the separable taps' outer product equals it to rounding.
        var t = Ssim.GaussianWindow.Taps;
        double total = 0;
        var g = new double[11, 11];
        for (int i = 0; i < 11; i++)
            for (int j = 0; j < 11; j++)
            {
                double ci = i - 5, cj = j - 5;
                g[i, j] = Math.Exp(-(ci * ci + cj * cj) / (2 * 1.5 * 1.5));
                total += g[i, j];
            }
        for (int i = 0; i < 11; i++)
            for (int j = 0; j < 11; j++)
                Assert.True(Math.Abs(g[i, j] / total - t[i] * t[j]) <= 1e-16, $"tap {i},{j}");
        Assert.Equal(1.0, t.Sum(), 15);
    }

    [Fact]
    public void MsSsim_halving_pads_top_left_on_both_axes_and_pools_with_floor()
    {
        // 3 x 4 (H odd, W even): p = 1 on both axes, so the padded plane is 4 x 5 and the pool gives 2 x 2, dropping
        // the last padded column, as piq's F.pad(..., [1, 0, 1, 0], 'replicate') + avg_pool2d(2) does.
        double[] v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        using var x = ImagePlanes.FromValues(v, 1, 3, 4, "x");
        using var h = x.HalveForMsSsim();
        Assert.Equal((2, 2), (h.Height, h.Width));
        // padded rows: [1 1 2 3 4], [1 1 2 3 4], [5 5 6 7 8], [9 9 10 11 12]
        Assert.Equal(new[] { 1.0, (2 + 3 + 2 + 3) / 4.0, (5 + 5 + 9 + 9) / 4.0, (6 + 7 + 10 + 11) / 4.0 }, h.Plane(0).ToArray());
        using var even = ImagePlanes.FromValues(new double[16], 1, 4, 4, "e");
        using var he = even.HalveForMsSsim();
        Assert.Equal((2, 2), (he.Height, he.Width));
    }

    [Fact]
    public void Reflect_padding_does_not_repeat_the_edge()
    {
        using var x = ImagePlanes.FromValues([1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60, 7, 7, 7, 7, 7, 7], 1, 3, 6, "x");
        using var p = x.ReflectPad(2);
        Assert.Equal((7, 10), (p.Height, p.Width));
        Assert.Equal(new double[] { 3, 2, 1, 2, 3, 4, 5, 6, 5, 4 }, p.Plane(0).Slice(2 * 10, 10).ToArray());
        Assert.Equal(p.Plane(0).Slice(4 * 10, 10).ToArray(), p.Plane(0)[..10].ToArray());   // padded row 0 = source row 2
        Assert.Throws<ArgumentOutOfRangeException>(() => x.ReflectPad(3));   // pad 3 with 3 rows: torch refuses too
    }

    [Fact]
    public void Average_pool_drops_the_remainder()
    {
        double[] v = [.. Enumerable.Range(0, 7 * 5).Select(i => (double)i)];
        using var x = ImagePlanes.FromValues(v, 1, 7, 5, "x");
        using var p = x.AveragePool(3);
        Assert.Equal((2, 1), (p.Height, p.Width));
        Assert.Equal((0 + 1 + 2 + 5 + 6 + 7 + 10 + 11 + 12) / 9.0, p.Plane(0)[0]);
        Assert.Equal((15 + 16 + 17 + 20 + 21 + 22 + 25 + 26 + 27) / 9.0, p.Plane(0)[1]);
    }
}
