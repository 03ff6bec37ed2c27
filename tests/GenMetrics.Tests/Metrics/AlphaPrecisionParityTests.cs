using System.Text.Json;
using GenMetrics.Metrics;
using GenMetrics.Numerics;
using GenMetrics.Tests.Support;
using Xunit.Abstractions;

namespace GenMetrics.Tests.Metrics;

/// <summary>
/// α-precision, β-recall and authenticity against the authors' corrected compute_alpha_precision (DrShushen 937f757)
/// with the float64 real mean as centre (parity/make_memorization_fixtures_2.py). The curves are shares of points
/// (float32 means in the reference, reproduced): equal when every decision is; the scores within 1e-12. The main
/// branch's authenticity (093910e, the option AuthenticityRule.MainBranch) is checked against that code too.
/// </summary>
public class AlphaPrecisionParityTests(ITestOutputHelper output)
{
    public static TheoryData<string, int> Cases() => new()
    {
        { "d64_n1000", 512 }, { "d64_n1000", 0 }, { "d2048_n1500", 512 }, { "d32_copying", 256 }, { "d16_n30", 512 },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Equals_the_authors_code(string name, int width)
    {
        using var doc = MemorizationFixtures.Load("alpha_precision", name);
        var root = doc.RootElement;
        var real = MemorizationFixtures.Set(root, "real");
        var generated = MemorizationFixtures.Set(root, "generated");
        var r = AlphaPrecision.ComputeAt(real, generated, null, new AlphaPrecisionOptions(), (SimdWidth)width);

        Assert.Equal(MemorizationFixtures.Doubles(root.GetProperty("alphas")), r.Alphas);
        Assert.Equal(MemorizationFixtures.Doubles(root.GetProperty("precision_curve")), r.PrecisionCurve);
        Assert.Equal(MemorizationFixtures.Doubles(root.GetProperty("recall_curve")), r.RecallCurve);
        Report("alpha_precision", root.GetProperty("alpha_precision").GetDouble(), r.AlphaPrecision);
        Report("beta_recall", root.GetProperty("beta_recall").GetDouble(), r.BetaRecall);
        Assert.Equal(root.GetProperty("authenticity_real").GetDouble(), r.Authenticity);
        Assert.Equal(AuthenticityReference.Real, r.AuthenticityAgainst);

        var mainOptions = new AlphaPrecisionOptions(Authenticity: AuthenticityRule.MainBranch);
        var mainReal = root.GetProperty("authenticity_main_real");
        if (mainReal.ValueKind == JsonValueKind.Null)
            Assert.Throws<InputException>(() => AlphaPrecision.ComputeAt(real, generated, null, mainOptions, (SimdWidth)width));
        else
            Assert.Equal(mainReal.GetDouble(), AlphaPrecision.ComputeAt(real, generated, null, mainOptions, (SimdWidth)width).Authenticity);

        if (root.GetProperty("train").ValueKind == JsonValueKind.Null) return;
        var train = MemorizationFixtures.Set(root, "train");
        var t = AlphaPrecision.ComputeAt(real, generated, train, new AlphaPrecisionOptions(), (SimdWidth)width);
        Assert.Equal(root.GetProperty("authenticity_train").GetDouble(), t.Authenticity);
        Assert.Equal(AuthenticityReference.Train, t.AuthenticityAgainst);
        Assert.Equal(r.AlphaPrecision, t.AlphaPrecision);
        Assert.Equal(r.BetaRecall, t.BetaRecall);
        Assert.Equal(root.GetProperty("authenticity_main_train").GetDouble(),
            AlphaPrecision.ComputeAt(real, generated, train, mainOptions, (SimdWidth)width).Authenticity);
    }

    private void Report(string key, double expected, double actual)
    {
        double rel = Math.Abs(actual - expected) / Math.Abs(expected);
        output.WriteLine($"{key}: {actual:R} vs {expected:R}, rel {rel:E2}");
        Assert.True(rel <= 1e-12, $"{key}: expected {expected:R}, got {actual:R}");
    }
}
