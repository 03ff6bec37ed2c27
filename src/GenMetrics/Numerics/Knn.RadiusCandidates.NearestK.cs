namespace GenMetrics.Numerics;

internal sealed partial class RadiusCandidates
{
    /// <summary>
    /// The k = <paramref name="nearest"/>.Length nearest candidates of row <paramref name="i"/> (not a set against
    /// itself), by exact float64 squared distance, the lower index first on an exact tie.
    /// </summary>
    public void ExactNearestK(int i, ReadOnlySpan<float> xi, ReadOnlySpan<float> x, int d, Span<int> nearest)
    {
        System.Diagnostics.Debug.Assert(nearest.Length == _k + 1 && !_self);
        var r = _rows[i];
        float cut = KthSmallest(r.U.AsSpan(0, r.Count), _k);
        var found = new (double D2, int J)[r.Count];
        int m = 0;
        for (int q = 0; q < r.Count; q++)
        {
            if (r.L[q] > cut) continue;
            int j = r.J[q];
            found[m++] = (Knn.SquaredDistance(xi, x.Slice(j * d, d)), j);
        }
        var kept = found.AsSpan(0, m);
        kept.Sort();   // by distance, then index
        for (int t = 0; t < nearest.Length; t++) nearest[t] = kept[t].J;
    }
}
