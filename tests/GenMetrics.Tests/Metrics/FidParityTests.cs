using System.Text.Json;
using GenMetrics.Metrics;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Metrics;

/// <summary>
/// FID against torch-fidelity 0.4 and pytorch-fid 0.3 on seeded synthetic features (fixtures from parity/fid_parity.py).
/// </summary>
public class FidParityTests
{
    private static JsonElement Load(string name) =>
        JsonDocument.Parse(File.ReadAllText(Fixtures.Path("fid", name + ".json"))).RootElement;

    private static FeatureMatrix Features(JsonElement p) => SyntheticFeatures.Create(
        p.GetProperty("seed").GetUInt64(), p.GetProperty("n").GetInt32(), p.GetProperty("d").GetInt32(),
        (float)p.GetProperty("shift").GetDouble(), (float)p.GetProperty("factor").GetDouble());

    private static void AssertRel(double expected, double actual, double rel, string what) =>
        Assert.True(Math.Abs(expected - actual) <= rel * Math.Abs(expected), $"{what}: {actual:R} vs {expected:R} (rel {Math.Abs(expected - actual) / Math.Abs(expected):E2} > {rel:E0})");

    // Tolerances:
    // - exact_fid (singular values of the centred features' cross product, see parity/fid_parity.py): 1e-10.
    // - torch-fidelity 0.4: 1e-6. It keeps mu in float32 (np.mean of float32 features), which moves its FID by
    //   2e-10 .. 1e-7 relative from the float64-mean value; with N < d (n_lt_d) its eigvals(S1 S2) also turns the
    //   213 exactly-zero eigenvalues into ~1e-16 .. 1e-14, whose square roots lower its FID by 1.0e-7 relative.
    // - the same formula with a float64 mean: 1e-9 when N > d; on n_lt_d only 1e-6 for the reason above.
    // - pytorch-fid: 1e-5. scipy 1.10's sqrtm agrees with eigvals to ~1e-15 here, so it carries the same 1e-7
    //   relative error on n_lt_d (imaginary diagonal ~1e-6, no eps retry); we match the exact value instead.
    [Theory]
    [InlineData("d2048", 1e-9)]
    [InlineData("n_lt_d", 1e-6)]
    [InlineData("small", 1e-9)]
    public void Fid_matches_exact_value_torch_fidelity_and_pytorch_fid(string name, double tfFormulaTolerance)
    {
        var f = Load(name);
        double fid = Fid.Compute(Features(f.GetProperty("a")), Features(f.GetProperty("b")));
        AssertRel(f.GetProperty("exact_fid").GetDouble(), fid, 1e-10, "exact (SVD of centred features)");
        AssertRel(f.GetProperty("tf_fid").GetDouble(), fid, 1e-6, "torch-fidelity");
        AssertRel(f.GetProperty("tf_fid_mu64").GetDouble(), fid, tfFormulaTolerance, "torch-fidelity formula, float64 mean");
        AssertRel(f.GetProperty("pf_fid").GetDouble(), fid, 1e-5, "pytorch-fid");
    }

    [Theory]
    [InlineData("d2048")]
    [InlineData("n_lt_d")]
    [InlineData("small")]
    public void Statistics_match_numpy(string name)
    {
        var f = Load(name);
        foreach (var (side, key) in new[] { ("a", "stats_a"), ("b", "stats_b") })
        {
            var x = Features(f.GetProperty(side));
            var s = Fid.Summarize(x);
            var c = f.GetProperty(key);
            int d = s.Dimension;
            double meanSum = 0, meanAbs = 0, covSum = 0, covAbs = 0, trace = 0;
            foreach (var v in s.Mean) { meanSum += v; meanAbs += Math.Abs(v); }
            foreach (var v in s.Covariance) { covSum += v; covAbs += Math.Abs(v); }
            for (int i = 0; i < d; i++) trace += s.Covariance[i * d + i];
            AssertRel(c.GetProperty("mean_0").GetDouble(), s.Mean[0], 1e-12, "mean[0]");
            Assert.True(Math.Abs(c.GetProperty("mean_sum").GetDouble() - meanSum) <= 1e-12 * meanAbs, "mean sum");
            Assert.True(Math.Abs(c.GetProperty("cov_sum").GetDouble() - covSum) <= 1e-12 * covAbs, "cov sum");
            AssertRel(c.GetProperty("cov_abs_sum").GetDouble(), covAbs, 1e-12, "cov abs sum");
            AssertRel(c.GetProperty("cov_trace").GetDouble(), trace, 1e-12, "cov trace");
            AssertRel(c.GetProperty("cov_0_1").GetDouble(), s.Covariance[1], 1e-10, "cov[0, 1]");
            AssertRel(c.GetProperty("cov_last").GetDouble(), s.Covariance[d * d - 1], 1e-12, "cov[-1, -1]");
            var biased = Fid.Summarize(x, new FidOptions(CovarianceEstimator.Biased));
            double trace0 = 0;
            for (int i = 0; i < d; i++) trace0 += biased.Covariance[i * d + i];
            AssertRel(c.GetProperty("cov_ddof0_trace").GetDouble(), trace0, 1e-12, "ddof=0 trace");
        }
    }

    [Fact]
    public void Pinned_value_d2048()
    {
        // Pinned so that a fixture regeneration that changes the number is noticed.
        var f = Load("d2048");
        Assert.Equal(316.01152909646, f.GetProperty("exact_fid").GetDouble(), 1e-9);
    }
}
