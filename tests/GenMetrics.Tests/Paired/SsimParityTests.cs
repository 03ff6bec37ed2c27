using GenMetrics.Metrics.Paired;
using GenMetrics.Numerics;
using Xunit.Abstractions;

namespace GenMetrics.Tests.Paired;

/// <summary>
/// SSIM (three conventions), MS-SSIM and PSNR against piq 9948a52, skimage 0.19.3 and torchmetrics dab0333 run in
/// float64 on the same pairs (tests/fixtures/paired/ssim_psnr.json from parity/make_paired_fixtures.py): within 1e-6
/// absolute, and an <see cref="InputException"/> where the reference raised.
/// </summary>
public class SsimParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-6;

    public static IEnumerable<object[]> Cases() => PairedFixture.CasesAndChannels();

    [Fact]
    public void Images_equal_the_fixture_generator()
    {
        for (int i = 0; i < PairedFixture.CaseCount; i++)
        {
            var c = PairedFixture.Case(i);
            var (a, b) = PairedFixture.Images(i);
            Assert.Equal(c.GetProperty("digest_a").GetInt64(), PairedImages.Digest(a));
            Assert.Equal(c.GetProperty("digest_b").GetInt64(), PairedImages.Digest(b));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ssim_equals_each_reference(int index, bool greyscale)
    {
        var (a, b) = PairedFixture.Images(index);
        foreach (var (convention, key) in new[] { (SsimConvention.Piq, "piq_ssim"), (SsimConvention.Skimage, "skimage_ssim"), (SsimConvention.Torchmetrics, "tm_ssim") })
            Check($"{key} {a.Source} / {b.Source} grey={greyscale}", PairedFixture.Value(index, greyscale, key),
                () => Ssim.Compute(a, b, new SsimOptions(convention, greyscale)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MsSsim_equals_piq(int index, bool greyscale)
    {
        var (a, b) = PairedFixture.Images(index);
        Check($"ms_ssim {a.Source} / {b.Source} grey={greyscale}", PairedFixture.Value(index, greyscale, "ms_ssim"),
            () => MsSsim.Compute(a, b, greyscale));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Psnr_per_pair_equals_piq_and_torchmetrics(int index, bool greyscale)
    {
        var (a, b) = PairedFixture.Images(index);
        var se = Psnr.SquaredErrorOf(a, b, greyscale);
        Check($"piq_psnr {a.Source} grey={greyscale}", PairedFixture.Value(index, greyscale, "piq_psnr"), () => Psnr.Compute(a, b, greyscale));
        Check($"tm_psnr {a.Source} grey={greyscale}", PairedFixture.Value(index, greyscale, "tm_psnr"), () => Psnr.FromPooled(se));
    }

    [Fact]
    public void Psnr_over_a_set_follows_each_convention()
    {
        foreach (var set in PairedFixture.Root.GetProperty("psnr_sets").EnumerateArray())
        {
            bool grey = set.GetProperty("greyscale").GetBoolean();
            var indices = set.GetProperty("cases").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var errors = indices.Select(i => { var (a, b) = PairedFixture.Images(i); return Psnr.SquaredErrorOf(a, b, grey); }).ToArray();
            Check($"pooled tm_psnr grey={grey}", set.GetProperty("tm_psnr").GetDouble(), () => Psnr.OfSet(errors, PsnrConvention.Torchmetrics));
            double piqMean = indices.Average(i => PairedFixture.Value(i, grey, "piq_psnr")!.Value);
            Check($"mean piq_psnr grey={grey}", piqMean, () => Psnr.OfSet(errors, PsnrConvention.Piq));
        }
    }

    [Fact]
    public void Identical_images_give_80_dB_in_piq_and_infinity_in_torchmetrics()
    {
        var a = PairedImages.Image("30x20:scene:3");
        Assert.Equal(80.0, Psnr.Compute(a, a), 12);
        Assert.Equal(double.PositiveInfinity, Psnr.FromPooled(Psnr.SquaredErrorOf(a, a)));
        Assert.Equal(1.0, Ssim.Compute(a, a, new SsimOptions(SsimConvention.Skimage)), 12);
    }

    [Fact]
    public void Reference_errors_in_float32_are_why_this_is_float64()
    {
        // The script records how far the same references move in float32: above the 1e-6 target for SSIM.
        var dev = PairedFixture.Root.GetProperty("float32_deviation");
        foreach (var p in dev.EnumerateObject()) output.WriteLine($"{p.Name}: float32 reference off by {p.Value.GetDouble():E2}");
        Assert.True(dev.GetProperty("piq_ssim").GetDouble() > Tolerance);
        Assert.True(dev.GetProperty("tm_ssim").GetDouble() > Tolerance);
    }

    private void Check(string what, double? expected, Func<double> compute)
    {
        if (expected is null)
        {
            var e = Assert.Throws<InputException>(() => compute());
            output.WriteLine($"{what}: reference raised; we raise: {e.Message}");
            return;
        }
        double got = compute();
        if (double.IsInfinity(expected.Value))
        {
            Assert.Equal(expected.Value, got);
            return;
        }
        double err = Math.Abs(got - expected.Value);
        output.WriteLine($"{what}: {got:R} vs {expected.Value:R}, |diff| {err:E2}");
        Assert.True(err <= Tolerance, $"{what}: {got:R} vs reference {expected.Value:R} (|diff| {err:E2} > {Tolerance:E0})");
    }
}
