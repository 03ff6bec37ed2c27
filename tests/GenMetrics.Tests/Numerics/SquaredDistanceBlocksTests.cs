using GenMetrics.Numerics;

namespace GenMetrics.Tests.Numerics;

/// <summary>Blocked GEMM distances against the direct sum, over more than one chunk, and the clamped exponentials.</summary>
public class SquaredDistanceBlocksTests
{
    [Fact]
    public void Every_row_once_and_equal_to_the_direct_sum_across_chunks()
    {
        // m = 2000 makes a chunk 4096 rows: 5000 query rows take two chunks, the second one partial.
        int n = 5000, m = 2000, d = 5;
        var rng = new Random(3);
        var q = Enumerable.Range(0, n * d).Select(_ => (float)rng.NextDouble() * 4 - 2).ToArray();
        var c = Enumerable.Range(0, m * d).Select(_ => (float)rng.NextDouble() * 4 - 2).ToArray();
        c.AsSpan(0, d).CopyTo(q.AsSpan(7 * d, d));   // query row 7 equals centre 0: distance 0, clipped, not negative
        var seen = new int[n];
        double worst = 0, min = double.MaxValue;
        new SquaredDistanceBlocks(c, m, d).ForEach(n, i => q.AsMemory(i * d, d), (r0, rn, d2, offset) =>
        {
            for (int r = 0; r < rn; r++)
            {
                Interlocked.Increment(ref seen[r0 + r]);
                for (int j = 0; j < m; j++)
                {
                    double direct = 0;
                    for (int k = 0; k < d; k++) { double t = (double)q[(r0 + r) * d + k] - c[j * d + k]; direct += t * t; }
                    double got = d2[offset + (long)r * m + j];
                    lock (seen) { worst = Math.Max(worst, Math.Abs(got - direct)); min = Math.Min(min, got); }
                }
            }
        });
        Assert.All(seen, s => Assert.Equal(1, s));
        Assert.True(worst < 1e-12, $"largest difference {worst:E2}");
        Assert.Equal(0.0, min);
    }

    [Fact]
    public void Shifted_exponentials_clamp_only_below_minus_700()
    {
        double[] t = [-1000, -745.5, -709.5, -700, -3, 0];
        ShiftedExp.InPlace(t);
        double floor = Math.Exp(-700);
        Assert.All(t[..4], v => Assert.True(Math.Abs(v / floor - 1) < 1e-14, $"{v:R} is not e^-700"));
        Assert.Equal(Math.Exp(-3), t[4], 1e-16);
        Assert.Equal(1.0, t[5]);
    }
}
