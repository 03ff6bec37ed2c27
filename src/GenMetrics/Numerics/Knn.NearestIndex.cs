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
        Parallel.For(0, (n + 255) / 256, b =>
        {
            var q = queries.Span;
            var p = points.Span;
            for (int i = b * 256, end = Math.Min(n, i + 256); i < end; i++)
                (d2[i], index[i]) = state.ExactNearest(i, q.Slice(i * d, d), p, d);
        });
        return new NearestPoints(d2, index);
    }
}
