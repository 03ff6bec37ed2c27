using GenMetrics.Numerics;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Numerics;

public class CovarianceAccumulatorTests
{
    [Theory]
    [InlineData(2, 1, 0)]
    [InlineData(5, 3, 1)]
    [InlineData(300, 17, 1)]
    [InlineData(700, 40, 0)]
    [InlineData(1000, 64, 1)]
    public void Matches_two_pass_reference(int n, int d, int ddof)
    {
        var x = SyntheticFeatures.Create((ulong)(n + d), n, d, shift: 100f, factor: 0.5f);
        var acc = new CovarianceAccumulator(d);
        acc.Add(x);
        var (mean, cov) = acc.Result(ddof);
        var (rm, rc) = ReferenceNumerics.Covariance(x, ddof);
        for (int j = 0; j < d; j++) Assert.Equal(rm[j], mean[j], 1e-12 * Math.Abs(rm[j]));
        double scale = ReferenceNumerics.MaxAbs(rc);
        for (int a = 0; a < d; a++)
            for (int b = 0; b < d; b++)
                Assert.True(Math.Abs(rc[a, b] - cov[a * d + b]) <= 1e-12 * scale, $"cov[{a},{b}] {cov[a * d + b]} vs {rc[a, b]}");
    }

    [Fact]
    public void Large_offset_does_not_cancel()
    {
        // Values near 1e4 with unit spread: a naive sum-of-squares formula loses ~8 digits in float64.
        int n = 2000, d = 9;
        var x = SyntheticFeatures.Create(3, n, d, shift: 10000f, factor: 0.5f);
        var acc = new CovarianceAccumulator(d);
        acc.Add(x);
        var (_, cov) = acc.Result(1);
        var (_, rc) = ReferenceNumerics.Covariance(x, 1);
        for (int a = 0; a < d; a++)
            for (int b = 0; b < d; b++) Assert.Equal(rc[a, b], cov[a * d + b], 1e-9);
    }

    [Fact]
    public void Batch_size_and_thread_count_do_not_change_a_bit()
    {
        int n = 1300, d = 70;
        var x = SyntheticFeatures.Create(77, n, d, shift: 1f);
        var whole = new CovarianceAccumulator(d);
        whole.Add(x);
        var (m0, c0) = whole.Result(1);
        foreach (var (batch, threads) in new[] { (1, 1), (7, -1), (255, 2), (256, 1), (257, -1), (1000, 1) })
        {
            var acc = new CovarianceAccumulator(d, threads);
            for (int r = 0; r < n; r += batch)
                acc.Add(x.Span.Slice(r * d, Math.Min(batch, n - r) * d));
            var (m, c) = acc.Result(1);
            Assert.Equal(m0, m);
            Assert.Equal(c0, c);
        }
    }

    [Theory]
    [InlineData(900, 33, new[] { 512 })]
    [InlineData(2300, 70, new[] { 512, 1536, 2048 })]
    [InlineData(600, 5, new[] { 0, 512, 512 })]
    public void Merging_parts_split_at_blocks_equals_one_stream_bit_for_bit(int n, int d, int[] cuts)
    {
        var x = SyntheticFeatures.Create(5, n, d, shift: 3f);
        var whole = new CovarianceAccumulator(d);
        whole.Add(x);
        var (m0, c0) = whole.Result(1);
        // Parts cut at multiples of BlockRows (512), merged in any order, each with the stream's first row as pivot.
        Assert.All(cuts, c => Assert.Equal(0, c % CovarianceAccumulator.BlockRows));
        int[] bounds = [0, .. cuts, n];
        var parts = new List<CovarianceAccumulator>();
        for (int p = 0; p + 1 < bounds.Length; p++)
        {
            var acc = new CovarianceAccumulator(d, pivot: x.Row(0));
            acc.Add(x.Span[(bounds[p] * d)..(bounds[p + 1] * d)]);
            parts.Add(acc);
        }
        parts.Reverse();
        var merged = new CovarianceAccumulator(d);
        foreach (var p in parts) merged.Merge(p);
        Assert.Equal(n, merged.Count);
        var (m, c) = merged.Result(1);
        Assert.Equal(m0, m);
        Assert.Equal(c0, c);
    }

    [Fact]
    public void Merging_parts_split_anywhere_equals_one_stream_to_rounding()
    {
        int n = 900, d = 33;
        var x = SyntheticFeatures.Create(5, n, d, shift: 3f);
        var whole = new CovarianceAccumulator(d);
        whole.Add(x);
        var (m0, c0) = whole.Result(1);
        var a = new CovarianceAccumulator(d);
        var b = new CovarianceAccumulator(d, pivot: x.Row(0));
        a.Add(x.Span[..(400 * d)]);
        b.Add(x.Span[(400 * d)..]);
        a.Merge(b);
        Assert.Equal(n, a.Count);
        var (m, c) = a.Result(1);
        for (int j = 0; j < d; j++) Assert.Equal(m0[j], m[j], 1e-12);
        for (int j = 0; j < d * d; j++) Assert.Equal(c0[j], c[j], 1e-12);
    }

    [Fact]
    public void Merging_different_pivots_is_refused()
    {
        var x = SyntheticFeatures.Create(6, 20, 4);
        var a = new CovarianceAccumulator(4);
        var b = new CovarianceAccumulator(4);
        a.Add(x.Span[..40]);
        b.Add(x.Span[40..]);
        Assert.Throws<ArgumentException>(() => a.Merge(b));
    }
}
