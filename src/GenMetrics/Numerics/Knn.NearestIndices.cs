namespace GenMetrics.Numerics;

internal static partial class Knn
{
    /// <summary>
    /// For each query point, the indices of its k nearest points of another set (1 ≤ k ≤ m), nearest first, n x k
    /// row-major: ordered by exact float64 squared distance, the lower index first at exactly the same distance (the
    /// candidates keep every point up to the k-th distance, so the choice depends neither on tiles nor on threads).
    /// </summary>
    public static int[] NearestIndices(SimdWidth width, ReadOnlyMemory<float> queries, int n,
        ReadOnlyMemory<float> points, int m, int d, int k, double[]? querySq = null, double[]? pointSq = null)
    {
        if (k < 1 || m < k) throw new ArgumentOutOfRangeException(nameof(k), $"m={m} points have no {k} nearest");
        var state = NearestCandidates(width, queries, n, points, m, d, k, querySq, pointSq);
        var result = new int[(long)n * k];
        Parallel.For(0, (n + 255) / 256, Parallelism.Options(), b =>
        {
            var q = queries.Span;
            var p = points.Span;
            for (int i = b * 256, end = Math.Min(n, i + 256); i < end; i++)
                state.ExactNearestK(i, q.Slice(i * d, d), p, d, result.AsSpan(i * k, k));
        });
        return result;
    }
}
