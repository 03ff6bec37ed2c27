using System.Buffers;

namespace GenMetrics.Numerics;

internal static partial class Knn
{
    /// <summary>
    /// <see cref="KthSquaredDistances(SimdWidth, ReadOnlyMemory{float}, int, int, int, double[])"/> for the points [<paramref name="start"/>, start + <paramref name="count"/>) of
    /// the set alone, each against all n points (itself included, at exactly 0): the same values, since both keep
    /// every neighbour that can be among the k + 1 nearest and take the order statistic of the same exact float64 D².
    /// A shard's queries cost count x n distances instead of the whole set's n² / 2.
    /// </summary>
    public static double[] KthSquaredDistancesOf(SimdWidth width, ReadOnlyMemory<float> points, int n, int d, int k, double[] squaredNorms, int start, int count)
    {
        if (k < 0 || n < k + 1) throw new ArgumentOutOfRangeException(nameof(k), $"n={n} points have no {k}-th neighbour");
        if (start < 0 || count < 0 || start + count > n) throw new ArgumentOutOfRangeException(nameof(start));
        if (count == 0) return [];
        var sq32 = ToFloat(squaredNorms);
        var qsq32 = sq32[start..(start + count)];
        float slack = ScreenSlack(d);
        var state = new RadiusCandidates(count, k, self: false);
        int qBlocks = (count + Block - 1) / Block, rBlocks = (n + Block - 1) / Block;
        var locks = new object[qBlocks];
        for (int b = 0; b < qBlocks; b++) locks[b] = new object();
        // Each query block starts with the reference block that holds its first query (its nearest neighbours are
        // often there), so the cuts tighten early; the result does not depend on the order.
        Parallel.For(0, qBlocks * rBlocks, Parallelism.Options(), t =>
        {
            int qi = t / rBlocks;
            int q0 = qi * Block, mi = Math.Min(Block, count - q0);
            int rj = ((start + q0) / Block + t % rBlocks) % rBlocks;
            int j0 = rj * Block, nj = Math.Min(Block, n - j0);
            var packA = ArrayPool<float>.Shared.Rent(Gemm.PackALength);
            var packB = ArrayPool<float>.Shared.Rent(Gemm.PackBLength);
            var tile = ArrayPool<float>.Shared.Rent(Block * Block);
            var hits = new List<Hit>();
            try
            {
                var x = points.Span;
                Gemm.Block(width, x.Slice((start + q0) * d), mi, x.Slice(j0 * d), nj, d, tile, nj, packA, packB);
                ScanTile(width, tile, q0, mi, j0, nj, sq32, state.Cut, slack, hits, null, qsq32);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(packA);
                ArrayPool<float>.Shared.Return(packB);
                ArrayPool<float>.Shared.Return(tile);
            }
            lock (locks[qi]) foreach (var h in hits) state.Insert(h);
        });
        var r2 = new double[count];
        Parallel.For(0, (count + 255) / 256, Parallelism.Options(), b =>
        {
            var x = points.Span;
            for (int i = b * 256, end = Math.Min(count, i + 256); i < end; i++) r2[i] = state.Exact(i, x.Slice((start + i) * d, d), x, d);
        });
        return r2;
    }
}
