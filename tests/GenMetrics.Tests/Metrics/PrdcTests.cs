using GenMetrics.Metrics;
using GenMetrics.Numerics;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Metrics;

public class PrdcTests
{
    /// <summary>
    /// Two independent samples of one continuous distribution: by exchangeability E[density] = 1 and
    /// E[coverage] = 1 − ∏_{i=1..k} (N − i) / (N + M − i) (REFERENCES.md §11; 0.96903 for N = M = 1000, k = 5).
    /// Tolerances: coverage is a mean of N nearly independent Bernoulli(0.969) indicators, σ ≈ √(0.969·0.031/1000)
    /// = 0.0055; 0.025 is 4.5σ. Density is a mean of M ball counts (mean k, variance inflated by hubness in d = 16);
    /// over 20 other seed pairs it measured 1.009 ± 0.047 (coverage 0.9702 ± 0.0056, as predicted), so 0.2 is 4σ.
    /// The seeds are fixed, so the test is deterministic; the tolerances say a correct implementation fails for a
    /// given seed pair with probability below ~1e-4. A radius off by one neighbour moves coverage by ~0.015 and
    /// density by ~0.2 (k ± 1 of 5), so the coverage bound is the sharper check.
    /// </summary>
    [Theory]
    [InlineData(101UL, 102UL)]
    [InlineData(103UL, 104UL)]
    public void Same_distribution_gives_density_and_coverage_near_their_expectations(ulong seedReal, ulong seedFake)
    {
        int n = 1000, m = 1000, k = 5;
        var real = SyntheticFeatures.Create(seedReal, n, 16, 0f, 0.5f, "real");
        var fake = SyntheticFeatures.Create(seedFake, m, 16, 0f, 0.5f, "fake");
        var r = Prdc.Compute(real, fake);
        double expectedCoverage = 1;
        double prod = 1;
        for (int i = 1; i <= k; i++) prod *= (double)(n - i) / (n + m - i);
        expectedCoverage -= prod;
        Assert.InRange(r.Density, 1 - 0.2, 1 + 0.2);
        Assert.InRange(r.Coverage, expectedCoverage - 0.025, expectedCoverage + 0.025);
        Assert.Equal(2 * r.Precision * r.Recall / (r.Precision + r.Recall), r.FScore, 1e-15);
    }

    [Fact]
    public void Result_does_not_depend_on_width()
    {
        var real = SyntheticFeatures.Create(5, 700, 48, 0f, 0.5f, "real");
        var fake = SyntheticFeatures.Create(6, 650, 48, 0.1f, 0.5f, "fake");
        var o = new PrdcOptions();
        var a = Prdc.ComputeAt(real, fake, o, SimdWidth.V512);
        Assert.Equal(a, Prdc.ComputeAt(real, fake, o, SimdWidth.V256));
        Assert.Equal(a, Prdc.ComputeAt(real, fake, o, SimdWidth.Scalar));
    }

    [Fact]
    public void Identical_constant_sets_give_zeros_with_the_strict_rule()
    {
        var x = new FeatureMatrix(Enumerable.Repeat(0.5f, 40).ToArray(), 10, 4, "const");
        var r = Prdc.Compute(x, x);
        Assert.Equal(new PrdcResult(0, 0, 0, 0, 0), r);
        var t = Prdc.Compute(x, x, PrdcOptions.TorchFidelity);
        Assert.Equal(1.0, t.Precision);
        Assert.Equal(1.0, t.Recall);
    }

    [Fact]
    public void Dimension_mismatch_names_both_sets()
    {
        var a = new FeatureMatrix(new float[30], 10, 3, "real.npy");
        var b = new FeatureMatrix(new float[40], 10, 4, "fake.npy");
        var e = Assert.Throws<InputException>(() => Prdc.Compute(a, b));
        Assert.Contains("real.npy", e.Message);
        Assert.Contains("fake.npy", e.Message);
    }

    [Theory]
    [InlineData(5, 10, 5)]
    [InlineData(10, 5, 5)]
    [InlineData(3, 3, 3)]
    public void Too_few_samples_for_k_names_the_set_and_counts(int n, int m, int k)
    {
        var a = new FeatureMatrix(new float[n * 2], n, 2, "real.npy");
        var b = new FeatureMatrix(new float[m * 2], m, 2, "fake.npy");
        var e = Assert.Throws<InputException>(() => Prdc.Compute(a, b, new PrdcOptions(K: k)));
        Assert.Contains(n <= k ? "real.npy" : "fake.npy", e.Message);
        Assert.Contains($"{k + 1}", e.Message);
    }

    [Fact]
    public void K_below_one_is_rejected()
    {
        var a = new FeatureMatrix(new float[20], 10, 2, "real");
        Assert.Throws<InputException>(() => Prdc.Compute(a, a, new PrdcOptions(K: 0)));
    }

    [Fact]
    public void Non_finite_features_are_rejected()
    {
        var v = new float[20];
        v[7] = float.NaN;
        var a = new FeatureMatrix(v, 10, 2, "real.npy");
        var b = new FeatureMatrix(new float[20], 10, 2, "fake.npy");
        var e = Assert.Throws<InputException>(() => Prdc.Compute(a, b));
        Assert.Contains("real.npy", e.Message);
    }
}
