using GenMetrics.Numerics;

namespace GenMetrics.Tests.Numerics;

/// <summary>The blocked, screened kNN engine against a plain float64 brute force, on sets full of ties and duplicates.</summary>
public class KnnTests
{
    private static float[] Points(int seed, int n, int d, bool grid)
    {
        var rng = new Random(seed);
        var x = new float[n * d];
        for (int i = 0; i < x.Length; i++) x[i] = grid ? rng.Next(-2, 3) * 0.5f : (float)(rng.NextDouble() * 4 - 2);
        if (n > 3 && !grid) x.AsSpan(0, d).CopyTo(x.AsSpan(2 * d, d));   // a duplicate pair
        return x;
    }

    private static double Sq(float[] a, int i, float[] b, int j, int d)
    {
        double s = 0;
        for (int q = 0; q < d; q++) { double v = (double)a[i * d + q] - b[j * d + q]; s += v * v; }
        return s;
    }

    private static double[] BruteRadii(float[] x, int n, int d, int k)
    {
        var r = new double[n];
        for (int i = 0; i < n; i++)
        {
            var row = new double[n];
            for (int j = 0; j < n; j++) row[j] = i == j ? 0 : Sq(x, i, x, j, d);
            Array.Sort(row);
            r[i] = row[k];
        }
        return r;
    }

    private static bool In(double d2, double r2, BallRule rule)
    {
        float a = MathF.Sqrt((float)d2), b = MathF.Sqrt((float)r2);
        return rule == BallRule.Strict ? a < b : a <= b;
    }

    public static TheoryData<int, int, int, int, bool, int> Cases()
    {
        var data = new TheoryData<int, int, int, int, bool, int>();
        int seed = 0;
        foreach (int w in new[] { 0, 256, 512 })
            foreach (var (n, m, d) in new[] { (6, 9, 1), (23, 17, 3), (50, 61, 17), (130, 90, 40), (800, 420, 3), (500, 777, 33), (386, 389, 5) })
                foreach (bool grid in new[] { true, false })
                    data.Add(w, n, m, d, grid, seed++);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void Radii_and_ball_counts_equal_brute_force(int width, int n, int m, int d, bool grid, int seed)
    {
        var w = (SimdWidth)width;
        var x = Points(seed, n, d, grid);
        var y = Points(seed + 1000, m, d, grid);
        foreach (int k in new[] { 1, 3, 5 })
        {
            var rx = Knn.KthSquaredDistances(w, x, n, d, k);
            var ry = Knn.KthSquaredDistances(w, y, m, d, k);
            var bx = BruteRadii(x, n, d, k);
            var by = BruteRadii(y, m, d, k);
            for (int i = 0; i < n; i++) Assert.Equal(bx[i], rx[i], 1e-12 * (1 + bx[i]));
            for (int j = 0; j < m; j++) Assert.Equal(by[j], ry[j], 1e-12 * (1 + by[j]));
            foreach (var rule in new[] { BallRule.Strict, BallRule.Inclusive })
            {
                var c = Knn.Cross(w, x, n, Knn.SquaredNorms(x, n, d, "x"), bx, y, m, Knn.SquaredNorms(y, m, d, "y"), by, d, rule);
                var count = new int[m];
                var hit = new bool[n];
                var inY = new bool[n];
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < m; j++)
                    {
                        double d2 = Sq(x, i, y, j, d);
                        if (In(d2, bx[i], rule)) { count[j]++; hit[i] = true; }
                        if (In(d2, by[j], rule)) inY[i] = true;
                    }
                Assert.Equal(count, c.YInXBalls);
                Assert.Equal(hit, c.XBallHit);
                Assert.Equal(inY, c.XInYBalls);
            }
        }
    }

    [Theory, MemberData(nameof(Cases))]
    public void Kth_nearest_in_another_set_equals_brute_force(int width, int n, int m, int d, bool grid, int seed)
    {
        var x = Points(seed, n, d, grid);
        var y = Points(seed + 1000, m, d, grid);
        foreach (int k in new[] { 1, 2, 5 })
        {
            var got = Knn.KthNearestSquaredDistances((SimdWidth)width, x, n, y, m, d, k);
            for (int i = 0; i < n; i++)
            {
                var row = new double[m];
                for (int j = 0; j < m; j++) row[j] = Sq(x, i, y, j, d);
                Array.Sort(row);
                Assert.Equal(row[k - 1], got[i], 1e-12 * (1 + row[k - 1]));
            }
        }
    }

    [Fact]
    public void Duplicates_give_radius_zero_and_strict_balls_hold_nothing()
    {
        int n = 10, d = 4;
        var x = new float[n * d];
        for (int i = 0; i < x.Length; i++) x[i] = 1.25f;
        var r = Knn.KthSquaredDistances(SimdWidth.V256, x, n, d, 5);
        Assert.All(r, v => Assert.Equal(0.0, v));
        var sq = Knn.SquaredNorms(x, n, d, "x");
        var strict = Knn.Cross(SimdWidth.V256, x, n, sq, r, x, n, sq, r, d, BallRule.Strict);
        Assert.All(strict.YInXBalls, v => Assert.Equal(0, v));
        var inclusive = Knn.Cross(SimdWidth.V256, x, n, sq, r, x, n, sq, r, d, BallRule.Inclusive);
        Assert.All(inclusive.YInXBalls, v => Assert.Equal(n, v));
    }

    [Fact]
    public void Screen_bound_covers_cancellation_far_from_the_origin()
    {
        // Large common offset: ‖x‖² ≫ D², the float32 screen is loose and most decisions go to the recheck.
        int n = 300, m = 200, d = 64;
        var x = Points(7, n, d, grid: false);
        var y = Points(8, m, d, grid: false);
        for (int i = 0; i < x.Length; i++) x[i] += 300f;
        for (int i = 0; i < y.Length; i++) y[i] += 300f;
        var rx = Knn.KthSquaredDistances(SimdWidth.V512, x, n, d, 4);
        var bx = BruteRadii(x, n, d, 4);
        for (int i = 0; i < n; i++) Assert.Equal(bx[i], rx[i], 1e-9 * (1 + bx[i]));
        var ry = BruteRadii(y, m, d, 4);
        var c = Knn.Cross(SimdWidth.V512, x, n, Knn.SquaredNorms(x, n, d, "x"), bx, y, m, Knn.SquaredNorms(y, m, d, "y"), ry, d, BallRule.Strict);
        var count = new int[m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) if (In(Sq(x, i, y, j, d), bx[i], BallRule.Strict)) count[j]++;
        Assert.Equal(count, c.YInXBalls);
    }
}
