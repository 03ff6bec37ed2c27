using GenMetrics.Numerics;

namespace GenMetrics.Tests.Numerics;

/// <summary>U with midranks against its pair-counting definition, on samples full of ties.</summary>
public class MannWhitneyTests
{
    [Fact]
    public void Matches_scipys_example() =>
        Assert.Equal(4.5, MannWhitney.U([1.0, 2.0, 3.0], [2.0, 0.5]));   // scipy.stats.mannwhitneyu: statistic 4.5

    [Theory]
    [InlineData(1, 1, 0)]
    [InlineData(5, 9, 1)]
    [InlineData(40, 33, 2)]
    [InlineData(200, 150, 3)]
    public void Equals_pair_counting(int m, int n, int seed)
    {
        var rng = new Random(seed);
        var x = Enumerable.Range(0, m).Select(_ => (double)rng.Next(0, 12)).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => (double)rng.Next(0, 12)).ToArray();
        double expected = 0;
        foreach (double a in x)
            foreach (double b in y)
                expected += a > b ? 1 : a == b ? 0.5 : 0;
        Assert.Equal(expected, MannWhitney.U(x, y));
        Assert.Equal((double)m * n - expected, MannWhitney.U(y, x));
    }
}
