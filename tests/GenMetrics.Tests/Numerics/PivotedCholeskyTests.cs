using GenMetrics.Numerics;
using static GenMetrics.Tests.Numerics.ReferenceNumerics;

namespace GenMetrics.Tests.Numerics;

public class PivotedCholeskyTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 7)]
    [InlineData(33, 33)]
    [InlineData(50, 12)]
    [InlineData(80, 79)]
    [InlineData(150, 150)]
    public void Reconstructs_the_matrix_and_reveals_the_rank(int n, int rank)
    {
        var rng = new Random(n + 31 * rank);
        var s = RandomPsd(rng, n, rank);
        var l = new double[n * n];
        var perm = new int[n];
        int r = PivotedCholesky.Factor(Flatten(s), n, l, perm);
        Assert.Equal(rank, r);
        double maxErr = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double t = 0;
                for (int k = 0; k < r; k++) t += l[i * n + k] * l[j * n + k];
                maxErr = Math.Max(maxErr, Math.Abs(t - s[perm[i], perm[j]]));
            }
        Assert.True(maxErr <= 1e-13 * n * MaxAbs(s), $"max error {maxErr}");
    }

    [Fact]
    public void Zero_matrix_has_rank_zero()
    {
        var l = new double[9];
        Assert.Equal(0, PivotedCholesky.Factor(new double[9], 3, l, new int[3]));
    }
}
