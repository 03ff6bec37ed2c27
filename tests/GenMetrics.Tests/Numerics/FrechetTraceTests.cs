using GenMetrics.Numerics;
using static GenMetrics.Tests.Numerics.ReferenceNumerics;

namespace GenMetrics.Tests.Numerics;

public class FrechetTraceTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(5, 5, 5)]
    [InlineData(20, 40, 40)]
    [InlineData(30, 10, 40)]   // S1 singular
    [InlineData(30, 40, 7)]    // S2 singular
    [InlineData(45, 12, 9)]    // both singular
    [InlineData(70, 200, 150)]
    public void Matches_reference(int n, int k1, int k2)
    {
        var rng = new Random(n * 13 + k1 + k2);
        var g1 = RandomFactor(rng, n, k1);
        var g2 = RandomFactor(rng, n, k2);
        var s1 = Psd(g1);
        var s2 = Psd(g2);
        // Singular cases: the reference works from the factors, so its exactly-zero eigenvalues never appear
        // (through S1^1/2 they would add ~sqrt(eps) each). Full-rank cases: through S1^1/2 S2 S1^1/2.
        double expected = Math.Min(k1, k2) <= n ? TraceSqrtProductFromFactors(g1, g2) : TraceSqrtProduct(s1, s2);
        double actual = FrechetTrace.TraceSqrtProduct(Flatten(s1), Flatten(s2), n);
        Assert.True(Math.Abs(expected - actual) <= 1e-10 * Math.Max(1, expected), $"{actual} vs {expected}");
        // tr sqrt(S1 S2) = tr sqrt(S2 S1)
        double swapped = FrechetTrace.TraceSqrtProduct(Flatten(s2), Flatten(s1), n);
        Assert.True(Math.Abs(swapped - actual) <= 1e-10 * Math.Max(1, expected), $"{swapped} vs {actual}");
    }

    [Fact]
    public void Zero_covariance_gives_zero()
    {
        var rng = new Random(1);
        var s2 = Flatten(RandomPsd(rng, 6, 6));
        Assert.Equal(0.0, FrechetTrace.TraceSqrtProduct(new double[36], s2, 6));
    }
}

public class FrechetTraceDeterminismTests
{
    [Theory]
    [InlineData(520, 600)]   // positive definite: blocked Cholesky, triangular C, parallel symv
    [InlineData(450, 300)]   // singular: pivoted Cholesky
    public void Thread_count_does_not_change_a_bit(int n, int k)
    {
        var rng = new Random(n);
        var s1 = ReferenceNumerics.Flatten(ReferenceNumerics.RandomPsd(rng, n, k));
        var s2 = ReferenceNumerics.Flatten(ReferenceNumerics.RandomPsd(rng, n, k + 7));
        double one = GenMetrics.Numerics.FrechetTrace.TraceSqrtProduct(s1, s2, n, maxThreads: 1);
        double all = GenMetrics.Numerics.FrechetTrace.TraceSqrtProduct(s1, s2, n, maxThreads: -1);
        Assert.Equal(one, all);
        Assert.True(one > 0);
    }
}
