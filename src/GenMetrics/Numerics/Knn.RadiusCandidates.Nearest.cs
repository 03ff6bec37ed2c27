namespace GenMetrics.Numerics;

internal sealed partial class RadiusCandidates
{
    /// <summary>
    /// The nearest candidate of row <paramref name="i"/> (k = 0, not a set against itself): its exact float64
    /// squared distance and index, the lowest index on an exact tie.
    /// </summary>
    public (double SquaredDistance, int Index) ExactNearest(int i, ReadOnlySpan<float> xi, ReadOnlySpan<float> x, int d)
    {
        System.Diagnostics.Debug.Assert(_k == 0 && !_self);
        var r = _rows[i];
        float cut = KthSmallest(r.U.AsSpan(0, r.Count), 0);
        double best = double.PositiveInfinity;
        int index = int.MaxValue;
        for (int q = 0; q < r.Count; q++)
        {
            if (r.L[q] > cut) continue;
            int j = r.J[q];
            double e = Knn.SquaredDistance(xi, x.Slice(j * d, d));
            if (e < best || (e == best && j < index)) (best, index) = (e, j);
        }
        return (best, index);
    }
}
