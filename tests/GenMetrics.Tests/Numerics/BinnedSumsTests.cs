using GenMetrics.Numerics;

namespace GenMetrics.Tests.Numerics;

public class BinnedSumsTests
{
    private static double[] Values(int seed, int n, double scale)
    {
        var r = new Random(seed);
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (r.NextDouble() - 0.5) * Math.Pow(2, r.Next(-40, 40)) * scale;
        return v;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Order_and_grouping_do_not_change_a_bit(bool vector)
    {
        var width = vector ? SimdWidth.V256 : SimdWidth.Scalar;
        const int entries = 37, rounds = 200;
        var rows = Enumerable.Range(0, rounds).Select(k => Values(k, entries, k % 7 == 0 ? 1e6 : 1)).ToArray();
        var forward = new BinnedSums(entries);
        foreach (var r in rows) { forward.Add(r, 0, width); forward.CountAddition(); }
        // Backwards, in three groups merged in another order.
        var groups = new[] { new BinnedSums(entries), new BinnedSums(entries), new BinnedSums(entries) };
        for (int k = rounds - 1; k >= 0; k--) { groups[k % 3].Add(rows[k], 0, width == SimdWidth.Scalar ? SimdWidth.V256 : SimdWidth.Scalar); groups[k % 3].CountAddition(); }
        var merged = new BinnedSums(entries);
        merged.Merge(groups[2]);
        merged.Merge(groups[0]);
        merged.Merge(groups[1]);
        Assert.Equal(forward.Values(), merged.Values());
    }

    [Fact]
    public void Value_is_the_exact_sum_rounded_once()
    {
        // 1 + 2^-60 + 2^-60 ... : a float64 loop keeps 1; the exact sum is 1 + k 2^-60.
        var s = new BinnedSums(1);
        s.Add([1.0], 0);
        for (int k = 0; k < 1 << 12; k++) s.Add([Math.ScaleB(1, -60)], 0);
        Assert.Equal(1 + Math.ScaleB(1, -48), s.Value(0));
        // Cancellation: exact.
        var c = new BinnedSums(1);
        foreach (var v in new[] { 1e16, 3.0, -1e16, 0.5 }) c.Add([v], 0);
        Assert.Equal(3.5, c.Value(0));
    }

    [Fact]
    public void Extreme_magnitudes_take_the_scalar_path_and_agree()
    {
        double[] v = [double.Epsilon, -1e-300, 1e300, 5e-324 * 7, 1e-310, -1e300];
        var a = new BinnedSums(1);
        foreach (var x in v) a.Add([x], 0);
        var b = new BinnedSums(1);
        foreach (var x in v.Reverse()) b.Add([x], 0, SimdWidth.Scalar);
        Assert.Equal(a.Value(0), b.Value(0));
        Assert.Equal(0.0, a.Value(0));
    }

    [Fact]
    public void State_round_trips()
    {
        var s = new BinnedSums(9);
        s.Add(Values(3, 9, 1), 0);
        s.CountAddition();
        var (d0, d1, d2, top) = s.State;
        var t = BinnedSums.FromState(d0, d1, d2, top, s.Additions);
        Assert.Equal(s.Values(), t.Values());
        Assert.Throws<ArgumentException>(() => BinnedSums.FromState(d0, d1, d2, [.. top[..8], 70], 1));
    }

    [Fact]
    public void RoundToDouble_rounds_half_to_even()
    {
        Assert.Equal(-5.5 * 1024, BinnedSums.RoundToDouble(-11, 9));
        // 2^53 + 1 is a tie between 2^53 and 2^53 + 2: to even; 2^53 + 3 goes up to 2^53 + 4.
        Assert.Equal(9007199254740992.0, BinnedSums.RoundToDouble(9007199254740993L, 0));
        Assert.Equal(9007199254740996.0, BinnedSums.RoundToDouble(9007199254740995L, 0));
        Assert.Equal(Math.ScaleB(1, 100), BinnedSums.RoundToDouble(Int128.One << 100, 0));
    }
}

public class BinnedSumsConversionTests
{
    [Fact]
    public void Int128_to_double_is_rounded_as_RoundToDouble_rounds()
    {
        // Value() relies on .NET's Int128 conversion rounding to nearest, ties to even; RoundToDouble does it by hand.
        var r = new Random(1);
        for (int i = 0; i < 200_000; i++)
        {
            Int128 v = ((Int128)r.NextInt64(-(1L << 40), 1L << 40) << 64) + ((Int128)r.NextInt64(-(1L << 40), 1L << 40) << 32) + r.NextInt64(-(1L << 40), 1L << 40);
            if (i % 3 == 0)
            {
                int sh = r.Next(1, 70);
                v = (v >> sh << sh) | ((Int128)1 << (sh - 1));   // a tie at some bit
            }
            Assert.Equal(BinnedSums.RoundToDouble(v, 0), (double)v);
        }
    }
}
