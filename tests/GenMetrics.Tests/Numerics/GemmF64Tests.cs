using GenMetrics.Numerics;

namespace GenMetrics.Tests.Numerics;

public class GemmF64Tests
{
    [Theory]
    [InlineData(1, 1, 1, false, false)]
    [InlineData(8, 16, 5, false, false)]
    [InlineData(9, 17, 300, false, true)]
    [InlineData(65, 33, 257, true, false)]
    [InlineData(130, 70, 600, true, true)]
    [InlineData(200, 300, 700, false, false)]
    public void Product_matches_naive(int m, int n, int k, bool transA, bool transB)
    {
        var rng = new Random(m * 1000 + n * 10 + k);
        var a = new double[m * k];
        var b = new double[k * n];
        for (int i = 0; i < a.Length; i++) a[i] = rng.NextDouble() - 0.5;
        for (int i = 0; i < b.Length; i++) b[i] = rng.NextDouble() - 0.5;
        // Storage: A is m x k (or k x m when transposed), B is k x n (or n x k).
        int rsA = transA ? 1 : k, csA = transA ? m : 1, rsB = transB ? 1 : n, csB = transB ? k : 1;
        var c = new double[m * (n + 3)];
        for (int i = 0; i < c.Length; i++) c[i] = 1;
        GemmF64.Multiply(m, n, k, -2.0, a, rsA, csA, b, rsB, csB, c, n + 3);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i * rsA + p * csA] * b[p * rsB + j * csB];
                Assert.Equal(1 - 2 * s, c[i * (n + 3) + j], 1e-12 * k);
            }
            for (int j = n; j < n + 3; j++) Assert.Equal(1.0, c[i * (n + 3) + j]);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Triangle_masks_produce_their_triangle(bool upper)
    {
        var mask = upper ? TileMask.Upper : TileMask.Lower;
        int n = 75, k = 40;
        var rng = new Random(5);
        var x = new double[k * n];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble();
        var c = new double[n * n];
        GemmF64.Multiply(n, n, k, 1.0, x, 1, n, x, n, 1, c, n, mask);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (mask == TileMask.Upper ? i > j : i < j) continue;
                double s = 0;
                for (int p = 0; p < k; p++) s += x[p * n + i] * x[p * n + j];
                Assert.Equal(s, c[i * n + j], 1e-12);
            }
    }

    [Fact]
    public void Result_does_not_depend_on_thread_count()
    {
        int m = 300, n = 260, k = 600;
        var rng = new Random(9);
        var a = new double[m * k];
        var b = new double[k * n];
        for (int i = 0; i < a.Length; i++) a[i] = rng.NextDouble() - 0.5;
        for (int i = 0; i < b.Length; i++) b[i] = rng.NextDouble() - 0.5;
        var c1 = new double[m * n];
        var c2 = new double[m * n];
        GemmF64.Multiply(m, n, k, 1.0, a, k, 1, b, n, 1, c1, n, TileMask.Full, maxThreads: 1);
        GemmF64.Multiply(m, n, k, 1.0, a, k, 1, b, n, 1, c2, n, TileMask.Full, maxThreads: -1);
        Assert.Equal(c1, c2);
    }
}
