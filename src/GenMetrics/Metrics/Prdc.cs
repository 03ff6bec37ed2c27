using GenMetrics.Internals;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>
/// Precision, recall, density and coverage (Naeem et al. 2020, clovaai <c>prdc</c>; Kynkäänniemi et al. 2019) from
/// exact k-nearest-neighbour balls, in one blocked pass: memory O((N + M) k) besides the features.
/// </summary>
/// <remarks>
/// Decisions equal the references' on the same float32 features: distances are compared as
/// sqrt32(fl32(D²)) with D² computed in float64 (what sklearn's <c>pairwise_distances</c> gives for float32 input and
/// what prdc compares); only pairs that a float32 screen cannot settle are recomputed in float64, so the counts are
/// those of the float64 computation. For <see cref="PrdcRule.TorchFidelity"/> the same float64 decisions are used;
/// torch's float32 <c>cdist</c> can differ from them only for distances within float32 rounding of a radius.
/// Exact duplicates have distance 0 here; sklearn's expansion ‖x‖² − 2x·y + ‖y‖² may leave them a tiny positive
/// distance instead (its diagonal is zeroed, other duplicates are not).
/// </remarks>
public static class Prdc
{
    /// <summary>JSON key of precision.</summary>
    public const string PrecisionKey = "precision";
    /// <summary>JSON key of recall.</summary>
    public const string RecallKey = "recall";
    /// <summary>JSON key of the F-score.</summary>
    public const string FScoreKey = "f_score";
    /// <summary>JSON key of density.</summary>
    public const string DensityKey = "density";
    /// <summary>JSON key of coverage.</summary>
    public const string CoverageKey = "coverage";

    /// <summary>Computes the four metrics (and the F-score) of <paramref name="fake"/> against <paramref name="real"/>.</summary>
    /// <param name="real">Real features, N x D.</param>
    /// <param name="fake">Generated features, M x D.</param>
    /// <param name="options">K and the reference rule; defaults to prdc's (K = 5, strict).</param>
    /// <exception cref="InputException">The dimensions differ, K &lt; 1, or a set has fewer than K + 1 samples
    /// (a radius is sorted(row)[K], the point itself included). prdc itself raises already at K + 1 samples
    /// (numpy's argpartition with kth = K + 1); the value is well defined there and computed.</exception>
    public static PrdcResult Compute(FeatureMatrix real, FeatureMatrix fake, PrdcOptions? options = null) =>
        ComputeAt(real, fake, options ?? new PrdcOptions(), Simd.Best);

    /// <summary>Checks the options alone (before any data is seen); the message names the setting.</summary>
    internal static void ValidateOptions(PrdcOptions o)
    {
        if (o.K < 1) throw InputException.ForSetting("k", $"{o.K}, but the neighbourhood size must be at least 1");
    }

    internal static PrdcResult ComputeAt(FeatureMatrix real, FeatureMatrix fake, PrdcOptions o, SimdWidth width)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(fake);
        if (real.Columns != fake.Columns) Throw.DimMismatch(real.Source, real.Columns, fake.Source, fake.Columns);
        ValidateOptions(o);
        int needed = o.K + 1;
        string why = $"PRDC with k = {o.K}";
        if (real.Rows < needed) Throw.TooFewSamples(real.Source, real.Rows, needed, why);
        if (fake.Rows < needed) Throw.TooFewSamples(fake.Source, fake.Rows, needed, why);

        int n = real.Rows, m = fake.Rows, d = real.Columns;
        var rule = o.Rule == PrdcRule.Prdc ? BallRule.Strict : BallRule.Inclusive;
        var realSq = Knn.SquaredNorms(real.Span, n, d, real.Source);
        var fakeSq = Knn.SquaredNorms(fake.Span, m, d, fake.Source);
        var realR2 = Knn.KthSquaredDistances(width, real.Memory, n, d, o.K, realSq);
        var fakeR2 = Knn.KthSquaredDistances(width, fake.Memory, m, d, o.K, fakeSq);
        var cross = Knn.Cross(width, real.Memory, n, realSq, realR2, fake.Memory, m, fakeSq, fakeR2, d, rule);

        long inside = 0;
        int precise = 0;
        foreach (int c in cross.YInXBalls) { inside += c; if (c > 0) precise++; }
        int covered = 0, recalled = 0;
        for (int i = 0; i < n; i++)
        {
            if (cross.XBallHit[i]) covered++;
            if (cross.XInYBalls[i]) recalled++;
        }
        return FromDecisions(inside, precise, recalled, covered, n, m, o);
    }

    /// <summary>
    /// The metrics from the ball decisions: <paramref name="inside"/> real balls holding a generated sample summed over
    /// the generated, <paramref name="precise"/> generated samples in some real ball, <paramref name="recalled"/> real
    /// samples in some generated ball, <paramref name="covered"/> real balls holding a generated sample; n real, m generated.
    /// </summary>
    internal static PrdcResult FromDecisions(long inside, int precise, int recalled, int covered, int n, int m, PrdcOptions o)
    {
        // prdc: numpy means of booleans (float64); density = (1 / k) * mean of the counts.
        // torch-fidelity: float32 means (.float().mean().item()).
        double precision = o.Rule == PrdcRule.Prdc ? (double)precise / m : (float)precise / (float)m;
        double recall = o.Rule == PrdcRule.Prdc ? (double)recalled / n : (float)recalled / (float)n;
        double fScore = 2 * precision * recall / Math.Max(1e-5, precision + recall);
        double density = 1.0 / o.K * ((double)inside / m);
        double coverage = (double)covered / n;
        return new PrdcResult(precision, recall, fScore, density, coverage);
    }
}
