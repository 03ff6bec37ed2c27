using GenMetrics.Numerics;

namespace GenMetrics.Tests.Numerics;

/// <summary>The nearest point with its index, against a float64 brute force, on grids full of exact ties.</summary>
public class KnnNearestTests
{
    public static TheoryData<int, int, int, int, bool> Cases()
    {
        var data = new TheoryData<int, int, int, int, bool>();
        foreach (int w in new[] { 0, 256, 512 })
            foreach (var (n, m, d) in new[] { (1, 1, 3), (23, 17, 3), (130, 90, 40), (800, 420, 3), (500, 777, 33) })
                foreach (bool grid in new[] { true, false })
                    data.Add(w, n, m, d, grid);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void Nearest_equals_brute_force_with_the_lowest_index_on_ties(int width, int n, int m, int d, bool grid)
    {
        var rng = new Random(n * 31 + m + d);
        float[] Points(int count) => Enumerable.Range(0, count * d)
            .Select(_ => grid ? rng.Next(-1, 2) * 0.5f : (float)(rng.NextDouble() * 4 - 2)).ToArray();
        var q = Points(n);
        var p = Points(m);
        var got = Knn.Nearest((SimdWidth)width, q, n, p, m, d);
        for (int i = 0; i < n; i++)
        {
            double best = double.PositiveInfinity;
            int index = -1;
            for (int j = 0; j < m; j++)
            {
                double s = 0;
                for (int k = 0; k < d; k++) { double v = (double)q[i * d + k] - p[j * d + k]; s += v * v; }
                if (s < best) (best, index) = (s, j);
            }
            Assert.Equal(index, got.Index[i]);
            Assert.True(Math.Abs(best - got.SquaredDistance[i]) <= 1e-13 * Math.Max(best, 1), $"row {i}: {got.SquaredDistance[i]:R} vs {best:R}");
        }
    }

    [Theory, MemberData(nameof(Cases))]
    public void Both_directions_at_once_equal_two_passes(int width, int n, int m, int d, bool grid)
    {
        var rng = new Random(n * 17 + m + d);
        float[] Points(int count) => Enumerable.Range(0, count * d)
            .Select(_ => grid ? rng.Next(-1, 2) * 0.5f : (float)(rng.NextDouble() * 4 - 2)).ToArray();
        var x = Points(n);
        var y = Points(m);
        var w = (SimdWidth)width;
        var (xy, yx) = Knn.NearestBoth(w, x, n, y, m, d);
        var xy1 = Knn.Nearest(w, x, n, y, m, d);
        var yx1 = Knn.Nearest(w, y, m, x, n, d);
        Assert.Equal(xy1.Index, xy.Index);
        Assert.Equal(xy1.SquaredDistance, xy.SquaredDistance);
        Assert.Equal(yx1.Index, yx.Index);
        Assert.Equal(yx1.SquaredDistance, yx.SquaredDistance);
    }
}
