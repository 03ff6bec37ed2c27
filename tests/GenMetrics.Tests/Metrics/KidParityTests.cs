using System.Text.Json;
using GenMetrics.Metrics;
using GenMetrics.Tests.Support;
using Xunit.Abstractions;

namespace GenMetrics.Tests.Metrics;

/// <summary>
/// KID against tests/fixtures/kid (parity/kid_is_parity.py): torch-fidelity's float32 output, and the same draws
/// evaluated in float64 (per-subset values included).
/// </summary>
public class KidParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases() => ["default_d2048", "d64", "diffn_d256", "kernel_d128", "same_dist_d512"];

    internal sealed record Case(FeatureMatrix Real, FeatureMatrix Generated, KidOptions Options,
        double TfMean, double TfStd, double Mean64, double Std64, double[] Subsets64);

    internal static Case Load(string name)
    {
        var root = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("kid", name + ".json"))).RootElement;
        var o = root.GetProperty("options");
        var gamma = o.GetProperty("gamma");
        var options = new KidOptions(
            Subsets: o.GetProperty("subsets").GetInt32(),
            SubsetSize: o.GetProperty("subset_size").GetInt32(),
            Seed: o.GetProperty("seed").GetInt32(),
            Degree: o.GetProperty("degree").GetInt32(),
            Gamma: gamma.ValueKind == JsonValueKind.Null ? null : gamma.GetDouble(),
            Coef0: o.GetProperty("coef0").GetDouble());
        var tf = root.GetProperty("torch_fidelity");
        var f64 = root.GetProperty("float64");
        var subsets = f64.GetProperty("subsets").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        return new Case(Build(root.GetProperty("real")), Build(root.GetProperty("generated")), options,
            tf.GetProperty("mean").GetDouble(), tf.GetProperty("std").GetDouble(),
            f64.GetProperty("mean").GetDouble(), f64.GetProperty("std").GetDouble(), subsets);
    }

    private static FeatureMatrix Build(JsonElement r) => SyntheticFeatures.Create(
        r.GetProperty("seed").GetUInt64(), r.GetProperty("n").GetInt32(), r.GetProperty("d").GetInt32(),
        r.GetProperty("shift").GetSingle(), r.GetProperty("factor").GetSingle());

    [Theory, MemberData(nameof(Cases))]
    public void Matches_float64_evaluation_and_torch_fidelity(string name)
    {
        var c = Load(name);
        var r = Kid.Compute(c.Real, c.Generated, c.Options);
        double rel64 = Math.Abs(r.Mean - c.Mean64) / Math.Abs(c.Mean64);
        double relTf = Math.Abs(r.Mean - c.TfMean) / Math.Abs(c.Mean64);
        double tfOwn = Math.Abs(c.TfMean - c.Mean64) / Math.Abs(c.Mean64);
        output.WriteLine($"{name}: ours {r.Mean:R} ± {r.Std:R}; float64 {c.Mean64:R} (rel {rel64:E2}); " +
                         $"torch-fidelity {c.TfMean:R} (rel {relTf:E2}, its own error {tfOwn:E2}); std rel {Math.Abs(r.Std - c.Std64) / c.Std64:E2}");
        Assert.Equal(c.Options.SubsetSize, r.SubsetSize);
        AssertClose(c.Mean64, r.Mean, Float64Tolerance(c), "mean vs float64");
        AssertClose(c.Std64, r.Std, Float64Tolerance(c), "std vs float64");
        AssertClose(c.TfMean, r.Mean, TorchFidelityTolerance(c), "mean vs torch-fidelity");
        AssertClose(c.TfStd, r.Std, TorchFidelityTolerance(c), "std vs torch-fidelity");
    }

    /// <summary>
    /// Ours differs from the float64 evaluation only by the float32 rounding of the dot products (everything after
    /// them is float64). A dot of length d has a rounding error of about ε₃₂·√d·|x||y| (random signs), i.e. about
    /// 1e-9 of the kernel value κ ~ 1 here; these errors average out over the 2m² kernel values of a subset, leaving
    /// ~1e-9·κ/m per subset estimate. Allow 1e-9 of the typical kernel value (κ ≥ 1 for coef0 = 1) as absolute error.
    /// </summary>
    private static double Float64Tolerance(Case c) => 1e-9 * Math.Pow(c.Options.Coef0, c.Options.Degree) + 1e-9 * Math.Abs(c.Mean64);

    /// <summary>
    /// torch-fidelity forms the kernels in float32 and sums 10⁶ float32 values per matrix (numpy's pairwise sum on
    /// rows, a sequential sum down columns for K_XY), so each subset estimate carries an absolute error of a few
    /// ε₃₂·κ ≈ 1e-7·κ that only partly averages out. Its measured deviation from float64 is 6e-10 .. 3e-8 on these
    /// fixtures; allow 1e-7·κ.
    /// </summary>
    private static double TorchFidelityTolerance(Case c) => 1e-7 * Math.Pow(c.Options.Coef0, c.Options.Degree);

    [Theory, MemberData(nameof(Cases))]
    public void Both_strategies_match_the_float64_subsets(string name)
    {
        var c = Load(name);
        // A few subsets only: the draws are sequential, so they are the first subsets of the fixture.
        var few = c.Options with { Subsets = 2 };
        foreach (var strategy in new[] { KidStrategy.PerSubset, KidStrategy.Gram })
        {
            var est = Kid.SubsetEstimates(c.Real, c.Generated, few, strategy, out _);
            for (int s = 0; s < est.Length; s++)
            {
                output.WriteLine($"{name} {strategy} subset {s}: {est[s]:R} vs {c.Subsets64[s]:R}, abs {Math.Abs(est[s] - c.Subsets64[s]):E2}");
                AssertClose(c.Subsets64[s], est[s], 1e-9 * Math.Pow(c.Options.Coef0, c.Options.Degree), $"{strategy} subset {s}");
            }
        }
    }

    private static void AssertClose(double expected, double actual, double tol, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tol, $"{what}: expected {expected:R}, got {actual:R}, |diff| {Math.Abs(expected - actual):E3} > {tol:E3}");
}
