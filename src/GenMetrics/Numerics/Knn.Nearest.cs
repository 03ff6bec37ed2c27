using System.Buffers;

namespace GenMetrics.Numerics;

internal static partial class Knn
{
    /// <summary>
    /// For each query point, the exact float64 squared distance to its k-th nearest point of another set
    /// (k = 1: the nearest neighbour distance). Needs 1 ≤ k ≤ m. Same screen-and-recheck scheme as
    /// <see cref="KthSquaredDistances"/>, over all query × reference tiles.
    /// </summary>
    public static double[] KthNearestSquaredDistances(SimdWidth width, ReadOnlyMemory<float> queries, int n,
        ReadOnlyMemory<float> points, int m, int d, int k, double[]? querySq = null, double[]? pointSq = null)
    {
        if (k < 1 || m < k) throw new ArgumentOutOfRangeException(nameof(k), $"m={m} points have no {k}-th nearest");
        var state = NearestCandidates(width, queries, n, points, m, d, k, querySq, pointSq);
        var r2 = new double[n];
        Parallel.For(0, (n + 255) / 256, Parallelism.Options(), b =>
        {
            var q = queries.Span;
            var p = points.Span;
            for (int i = b * 256, end = Math.Min(n, i + 256); i < end; i++) r2[i] = state.Exact(i, q.Slice(i * d, d), p, d);
        });
        return r2;
    }

    /// <summary>
    /// The candidate pass shared by <see cref="KthNearestSquaredDistances"/> and <see cref="Nearest"/>: every
    /// query x point tile screened in float32, keeping per query the points that may be among its k nearest.
    /// </summary>
    private static RadiusCandidates NearestCandidates(SimdWidth width, ReadOnlyMemory<float> queries, int n,
        ReadOnlyMemory<float> points, int m, int d, int k, double[]? querySq, double[]? pointSq)
    {
        var qsq32 = ToFloat(querySq ?? SquaredNorms(queries.Span, n, d, "queries"));
        var psq32 = ToFloat(pointSq ?? SquaredNorms(points.Span, m, d, "points"));
        float slack = ScreenSlack(d);
        var state = new RadiusCandidates(n, k - 1, self: false);
        int bn = (n + Block - 1) / Block, bm = (m + Block - 1) / Block;
        var locks = new object[bn];
        for (int b = 0; b < bn; b++) locks[b] = new object();
        Parallel.For(0, bn * bm, Parallelism.Options(), t =>
        {
            int bi = t / bm, bj = t % bm;
            int i0 = bi * Block, j0 = bj * Block, mi = Math.Min(Block, n - i0), nj = Math.Min(Block, m - j0);
            var packA = ArrayPool<float>.Shared.Rent(Gemm.PackALength);
            var packB = ArrayPool<float>.Shared.Rent(Gemm.PackBLength);
            var tile = ArrayPool<float>.Shared.Rent(Block * Block);
            var hits = new List<Hit>();
            try
            {
                Gemm.Block(width, queries.Span.Slice(i0 * d), mi, points.Span.Slice(j0 * d), nj, d, tile, nj, packA, packB);
                ScanTile(width, tile, i0, mi, j0, nj, psq32, state.Cut, slack, hits, null, qsq32);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(packA);
                ArrayPool<float>.Shared.Return(packB);
                ArrayPool<float>.Shared.Return(tile);
            }
            lock (locks[bi]) foreach (var h in hits) state.Insert(h);
        });
        return state;
    }
}
