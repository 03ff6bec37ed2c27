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

public class BlockedCholeskyTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(200)]
    [InlineData(333)]
    public void Factors_positive_definite_matrices(int n)
    {
        var s = ReferenceNumerics.Flatten(ReferenceNumerics.RandomPsd(new Random(n), n, n + 20));
        var l = new double[n * n];
        Assert.True(GenMetrics.Numerics.BlockedCholesky.TryFactor(s, n, l, 1e-300));
        double maxErr = 0, maxS = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (j > i) Assert.Equal(0.0, l[i * n + j]);
                double t = 0;
                for (int k = 0; k < n; k++) t += l[i * n + k] * l[j * n + k];
                maxErr = Math.Max(maxErr, Math.Abs(t - s[i * n + j]));
                maxS = Math.Max(maxS, Math.Abs(s[i * n + j]));
            }
        Assert.True(maxErr <= 1e-13 * n * maxS, $"max error {maxErr}");
    }

    [Fact]
    public void Gives_up_on_a_singular_matrix()
    {
        int n = 100;
        var s = ReferenceNumerics.Flatten(ReferenceNumerics.RandomPsd(new Random(1), n, 70));
        Assert.False(GenMetrics.Numerics.BlockedCholesky.TryFactor(s, n, new double[n * n], n * 2.2e-16 * 1.0));
    }
}

public class BlockedPivotedCholeskyTests
{
    [Theory]
    [InlineData(100, 100)]
    [InlineData(200, 150)]
    [InlineData(300, 70)]
    [InlineData(257, 257)]
    [InlineData(260, 300)]
    public void Reconstructs_the_matrix_and_reveals_the_rank(int n, int k)
    {
        var s = ReferenceNumerics.RandomPsd(new Random(n * 3 + k), n, k);
        var flat = ReferenceNumerics.Flatten(s);
        var l = new double[n * n];
        var perm = new int[n];
        double maxDiag = 0;
        for (int i = 0; i < n; i++) maxDiag = Math.Max(maxDiag, s[i, i]);
        int r = GenMetrics.Numerics.PivotedCholesky.FactorBlocked(flat, n, l, perm, n * 2.220446049250313e-16 * maxDiag);
        Assert.Equal(Math.Min(n, k), r);
        Assert.Equal(Enumerable.Range(0, n), perm.Order());
        double maxErr = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (j > i || j >= r) Assert.Equal(0.0, l[i * n + j]);
                double t = 0;
                for (int c = 0; c < r; c++) t += l[i * n + c] * l[j * n + c];
                maxErr = Math.Max(maxErr, Math.Abs(t - s[perm[i], perm[j]]));
            }
        Assert.True(maxErr <= 1e-13 * n * ReferenceNumerics.MaxAbs(s), $"max error {maxErr}");
    }
}
