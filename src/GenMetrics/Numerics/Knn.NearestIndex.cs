using System.Buffers;

namespace GenMetrics.Numerics;

/// <summary>Per query point: the float64 squared distance to its nearest point of another set, and that point's index.</summary>
internal sealed record NearestPoints(double[] SquaredDistance, int[] Index);

internal static partial class Knn
{
    /// <summary>
    /// For each query point, its nearest point of another set (m ≥ 1): the exact float64 squared distance and the
    /// index, the lowest index among points at exactly the same distance (the candidate set keeps every point at the
    /// minimum, so the choice does not depend on tile order or threads).
    /// </summary>
    public static NearestPoints Nearest(SimdWidth width, ReadOnlyMemory<float> queries, int n,
        ReadOnlyMemory<float> points, int m, int d, double[]? querySq = null, double[]? pointSq = null)
    {
        if (m < 1) throw new ArgumentOutOfRangeException(nameof(m), "an empty set has no nearest point");
        var state = NearestCandidates(width, queries, n, points, m, d, 1, querySq, pointSq);
        var d2 = new double[n];
        var index = new int[n];
        Parallel.For(0, (n + 255) / 256, Parallelism.Options(), b =>
        {
            var q = queries.Span;
            var p = points.Span;
            for (int i = b * 256, end = Math.Min(n, i + 256); i < end; i++)
                (d2[i], index[i]) = state.ExactNearest(i, q.Slice(i * d, d), p, d);
        });
        return new NearestPoints(d2, index);
    }

    /// <summary>
    /// Both directions of <see cref="Nearest"/> in one pass over the X x Y tiles: each x's nearest y and each y's
    /// nearest x (each tile's dot products screen the pair for its row and for its column), the same results as two
    /// separate calls at about half the cost.
    /// </summary>
    public static (NearestPoints XToY, NearestPoints YToX) NearestBoth(SimdWidth width, ReadOnlyMemory<float> xs, int n,
        ReadOnlyMemory<float> ys, int m, int d, double[]? xSq = null, double[]? ySq = null)
    {
        if (n < 1 || m < 1) throw new ArgumentOutOfRangeException(nameof(m), "an empty set has no nearest point");
        var xsq32 = ToFloat(xSq ?? SquaredNorms(xs.Span, n, d, "x"));
        var ysq32 = ToFloat(ySq ?? SquaredNorms(ys.Span, m, d, "y"));
        float slack = ScreenSlack(d);
        var toY = new RadiusCandidates(n, 0, self: false);
        var toX = new RadiusCandidates(m, 0, self: false);
        int bn = (n + Block - 1) / Block, bm = (m + Block - 1) / Block;
        var rowLocks = new object[bn];
        var colLocks = new object[bm];
        for (int b = 0; b < bn; b++) rowLocks[b] = new object();
        for (int b = 0; b < bm; b++) colLocks[b] = new object();
        Parallel.For(0, bn * bm, Parallelism.Options(), t =>
        {
            int bi = t / bm, bj = t % bm;
            int i0 = bi * Block, j0 = bj * Block, mi = Math.Min(Block, n - i0), nj = Math.Min(Block, m - j0);
            var packA = ArrayPool<float>.Shared.Rent(Gemm.PackALength);
            var packB = ArrayPool<float>.Shared.Rent(Gemm.PackBLength);
            var tile = ArrayPool<float>.Shared.Rent(Block * Block);
            var rowHits = new List<Hit>();
            var colHits = new List<Hit>();
            try
            {
                Gemm.Block(width, xs.Span.Slice(i0 * d), mi, ys.Span.Slice(j0 * d), nj, d, tile, nj, packA, packB);
                ScanTile(width, tile, i0, mi, j0, nj, ysq32, toY.Cut, slack, rowHits, colHits, xsq32, toX.Cut);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(packA);
                ArrayPool<float>.Shared.Return(packB);
                ArrayPool<float>.Shared.Return(tile);
            }
            lock (rowLocks[bi]) foreach (var h in rowHits) toY.Insert(h);
            lock (colLocks[bj]) foreach (var h in colHits) toX.Insert(h);
        });
        return (Exact(toY, xs, n, ys, d), Exact(toX, ys, m, xs, d));

        static NearestPoints Exact(RadiusCandidates state, ReadOnlyMemory<float> queries, int count, ReadOnlyMemory<float> points, int d)
        {
            var d2 = new double[count];
            var index = new int[count];
            Parallel.For(0, (count + 255) / 256, Parallelism.Options(), b =>
            {
                var q = queries.Span;
                var p = points.Span;
                for (int i = b * 256, end = Math.Min(count, i + 256); i < end; i++)
                    (d2[i], index[i]) = state.ExactNearest(i, q.Slice(i * d, d), p, d);
            });
            return new NearestPoints(d2, index);
        }
    }
}
