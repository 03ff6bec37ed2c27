using GenMetrics.Internals;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>
/// Copies you can see: for every generated point g with nearest training point t, the ratio d(g, t) / d(t, t'), t' the
/// training point nearest to t (other than t); points with a ratio below the threshold are listed, so that a report can
/// show each next to its training image. Euclidean float64 distances from the exact kNN engine. No reference project
/// computes this list; its parity fixture is a brute-force NumPy computation (parity/make_memorization_fixtures_2.py).
/// </summary>
/// <remarks>
/// Edge cases: an exact copy has ratio 0 (listed), even of a duplicated training point (0 / 0); a distinct point next
/// to a duplicated training point has ratio +∞ (t's neighbourhood is empty, nothing can be "closer than usual").
/// </remarks>
internal static class Copies
{
    /// <summary>JSON key of the share of generated points listed (a proposal; the list goes to details.copies).</summary>
    public const string Key = "copy_fraction";

    public static CopiesResult Compute(FeatureMatrix train, FeatureMatrix generated, CopiesOptions? options = null) =>
        FromNeighbours(TrainingNeighbours.Of(train, generated, Simd.Best), options ?? new CopiesOptions());

    /// <summary>The list from an already computed neighbourhood summary (shared with authenticity).</summary>
    public static CopiesResult FromNeighbours(TrainingNeighbours t, CopiesOptions o)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (!(o.RatioThreshold >= 0) || double.IsPositiveInfinity(o.RatioThreshold))
            Throw.Input($"copies: ratio threshold {o.RatioThreshold}, but it must be a finite number ≥ 0");
        int m = t.Nearest.Index.Length;
        var ratios = new double[m];
        var matches = new List<CopyMatch>();
        for (int j = 0; j < m; j++)
        {
            int i = t.Nearest.Index[j];
            double dist = Math.Sqrt(t.Nearest.SquaredDistance[j]);
            double own = Math.Sqrt(t.SelfSquared[i]);
            double ratio = dist == 0 ? 0 : dist / own;   // dist > 0 and own = 0 gives +∞
            ratios[j] = ratio;
            if (ratio < o.RatioThreshold) matches.Add(new CopyMatch(j, i, ratio, dist));
        }
        matches.Sort((a, b) => a.Ratio != b.Ratio ? a.Ratio.CompareTo(b.Ratio) : a.Generated.CompareTo(b.Generated));
        return new CopiesResult(o.RatioThreshold, (double)matches.Count / m, matches, ratios, (int[])t.Nearest.Index.Clone());
    }
}
