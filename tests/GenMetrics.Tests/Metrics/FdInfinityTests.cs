using System.Text.Json;
using GenMetrics.Metrics;
using GenMetrics.Tests.Support;
using Xunit.Abstractions;

namespace GenMetrics.Tests.Metrics;

/// <summary>
/// FID∞ against tests/fixtures/fd_inf (parity/fd_inf_parity.py): dgm-eval 74c79f7's compute_FD_infinity run with the
/// same RandomState draws, on the float32 features and on float64 copies, and the exact FIDs of the same subsets.
/// </summary>
public class FdInfinityTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases() =>
        ["gen3000_d64", "gen1200_d512", "gen60000_d16_capped", "gen25_d4_points5", "gen10_d3_repeats"];

    private static JsonElement Load(string name) =>
        JsonDocument.Parse(File.ReadAllText(Fixtures.Path("fd_inf", name + ".json"))).RootElement;

    private static FeatureMatrix Build(JsonElement r, string name) => SyntheticFeatures.Create(
        r.GetProperty("seed").GetUInt64(), r.GetProperty("n").GetInt32(), r.GetProperty("d").GetInt32(),
        r.GetProperty("shift").GetSingle(), r.GetProperty("factor").GetSingle(), name);

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static double Rel(double a, double b) => Math.Abs(a - b) / Math.Abs(b);

    /// <summary>
    /// Tolerances: the exact FIDs of the same subsets (1e-9; measured ≤ 2e-13); dgm-eval on float64 features, whose
    /// scipy sqrtm is as exact when every subset has more rows than dimensions (1e-9, measured ≤ 1e-13) and ~1e-7
    /// off otherwise (1e-6); dgm-eval on the float32 features, whose float32 np.mean moves small FIDs by up to 2e-6
    /// (1e-5).
    /// </summary>
    [Theory, MemberData(nameof(Cases))]
    public void Matches_dgm_eval_with_the_same_draws_and_the_exact_fids(string name)
    {
        var f = Load(name);
        var o = f.GetProperty("options");
        var real = Build(f.GetProperty("real"), "real");
        var r = FdInfinity.Compute(real, Build(f.GetProperty("generated"), "generated"),
            new FdInfOptions(o.GetProperty("points").GetInt32(), o.GetProperty("seed").GetInt64()));
        Assert.Equal(f.GetProperty("sizes").EnumerateArray().Select(v => v.GetInt32()).ToArray(), r.SampleSizes);
        var exact = f.GetProperty("exact");
        var f64 = f.GetProperty("dgm_eval_float64");
        var f32 = f.GetProperty("dgm_eval");
        var exactFids = Doubles(exact.GetProperty("fids"));
        double worst = 0;
        for (int i = 0; i < exactFids.Length; i++) worst = Math.Max(worst, Rel(r.Fids[i], exactFids[i]));
        double relExact = Rel(r.Value, exact.GetProperty("fd_inf").GetDouble());
        double rel64 = Rel(r.Value, f64.GetProperty("fd_inf").GetDouble());
        double rel32 = Rel(r.Value, f32.GetProperty("fd_inf").GetDouble());
        output.WriteLine($"{name}: ours {r.Value:R} (slope {r.Slope:R}); exact rel {relExact:E2} (worst FID {worst:E2}), " +
                         $"dgm-eval float64 rel {rel64:E2}, float32 rel {rel32:E2}");
        Assert.True(worst <= 1e-9, $"per-point FID vs exact: {worst:E2}");
        Assert.True(relExact <= 1e-9, $"fd_inf vs exact: {relExact:E2}");
        Assert.Equal(exact.GetProperty("slope").GetDouble(), r.Slope, 1e-9 * Math.Abs(r.Slope));
        bool singular = r.SampleSizes[0] <= real.Columns;
        Assert.True(rel64 <= (singular ? 1e-6 : 1e-9), $"fd_inf vs dgm-eval (float64): {rel64:E2}");
        Assert.True(rel32 <= 1e-5, $"fd_inf vs dgm-eval (float32): {rel32:E2}");
    }

    [Fact]
    public void Pinned_value()
    {
        var f = Load("gen3000_d64");
        var r = FdInfinity.Compute(Build(f.GetProperty("real"), "real"), Build(f.GetProperty("generated"), "generated"));
        Assert.Equal(0.4372046461576748, r.Value, 1e-13);
        Assert.Equal(15, r.Fids.Length);
    }

    [Theory]
    [InlineData(60000, 15, new[] { 5000, 8928, 12857, 16785, 20714, 24642, 28571, 32500, 36428, 40357, 44285, 48214, 52142, 56071, 60000 })]
    [InlineData(10, 15, new[] { 2, 2, 3, 3, 4, 4, 5, 6, 6, 7, 7, 8, 8, 9, 10 })]
    [InlineData(2, 3, new[] { 2, 2, 2 })]
    [InlineData(1000, 4, new[] { 100, 400, 700, 1000 })]
    public void Sample_sizes_are_numpy_linspace_truncated(int n, int points, int[] expected) =>
        Assert.Equal(expected, FdInfinity.SampleSizes(n, points));

    [Fact]
    public void Least_squares_recovers_a_line_and_is_flat_for_one_distinct_size()
    {
        double[] x = [1.0 / 100, 1.0 / 400, 1.0 / 700, 1.0 / 1000];
        var y = x.Select(v => 3.5 + 120 * v).ToArray();
        var (a, b) = FdInfinity.LeastSquares(x, y);
        Assert.Equal(3.5, a, 1e-12);
        Assert.Equal(120, b, 1e-9);
        Assert.Equal((2.0, 0.0), FdInfinity.LeastSquares([0.5, 0.5, 0.5], [1.0, 2.0, 3.0]));
    }

    [Fact]
    public void Independent_of_the_thread_count_and_seeded()
    {
        var real = SyntheticFeatures.Create(451, 800, 12);
        var gen = SyntheticFeatures.Create(452, 500, 12, shift: 0.1f);
        var a = FdInfinity.Compute(real, gen);
        Assert.Equal(a.Fids, Threads.Single(() => FdInfinity.Compute(real, gen)).Fids);
        Assert.NotEqual(a.Value, FdInfinity.Compute(real, gen, new FdInfOptions(Seed: 1)).Value);
        Assert.Equal(a.Fids[^1], Fid.Compute(real, gen), 1e-9 * a.Fids[^1]);   // the last subset is the whole set
    }

    [Fact]
    public void Bad_input_is_an_input_error_naming_the_input()
    {
        var real = SyntheticFeatures.Create(453, 50, 6, name: "real.npy");
        var e = Assert.Throws<InputException>(() => FdInfinity.Compute(real, SyntheticFeatures.Create(454, 50, 5, name: "gen.npy")));
        Assert.Contains("gen.npy", e.Message);
        e = Assert.Throws<InputException>(() => FdInfinity.Compute(real, SyntheticFeatures.Create(455, 1, 6, name: "one.npy")));
        Assert.Contains("one.npy", e.Message);
        e = Assert.Throws<InputException>(() => FdInfinity.Compute(SyntheticFeatures.Create(456, 1, 6, name: "r1.npy"), real));
        Assert.Contains("r1.npy", e.Message);
        Assert.Throws<InputException>(() => FdInfinity.Compute(real, real, new FdInfOptions(Points: 1)));
        Assert.Throws<InputException>(() => FdInfinity.Compute(real, real, new FdInfOptions(Seed: -1)));
    }
}
