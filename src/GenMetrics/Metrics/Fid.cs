using System.Runtime.CompilerServices;
using GenMetrics.Internals;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>Options for <see cref="Fid"/>.</summary>
/// <param name="Estimator">Covariance normalisation; the default (N - 1) follows pytorch-fid and torch-fidelity.</param>
public sealed record FidOptions(CovarianceEstimator Estimator = CovarianceEstimator.Unbiased);

/// <summary>
/// Fréchet Inception Distance: ||mu1 - mu2||^2 + tr(S1 + S2 - 2 sqrt(S1 S2)) between Gaussian summaries of two
/// feature sets.
/// </summary>
/// <remarks>
/// tr sqrt(S1 S2) is computed exactly from eigenvalues (see the Numerics notes), as torch-fidelity &gt;= 0.4 does
/// (<c>sum(sqrt(eigvals(S1 S2)).real)</c>), instead of pytorch-fid's iterative <c>scipy.linalg.sqrtm</c>; it stays
/// finite for singular covariances (N &lt; d), where no eps retry is needed.
/// </remarks>
public static class Fid
{
    /// <summary>The JSON result key.</summary>
    public const string Key = "fid";

    /// <summary>Float64 mean and covariance of the features (N - 1 normalisation unless the options say otherwise).</summary>
    public static GaussianStats Summarize(FeatureMatrix x, FidOptions? options = null) =>
        GaussianStats.Of(x, (options ?? new FidOptions()).Estimator);

    /// <summary>The Fréchet distance between two Gaussian summaries of the same dimension.</summary>
    public static double FromStats(GaussianStats a, GaussianStats b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Dimension != b.Dimension) Throw.DimMismatch(a.Source, a.Dimension, b.Source, b.Dimension);
        RequireFinite(a);
        RequireFinite(b);
        int d = a.Dimension;
        double meanTerm = 0;
        for (int i = 0; i < d; i++)
        {
            double t = a.Mean[i] - b.Mean[i];
            meanTerm += t * t;
        }
        double traces = 0;
        for (int i = 0; i < d; i++) traces += a.Covariance[i * d + i] + b.Covariance[i * d + i];
        // N <= d samples give a covariance of rank N - 1 at most: go straight to the pivoted factorisation.
        double cross = FrechetTrace.TraceSqrtProduct(a.Covariance, b.Covariance, d,
            knownSingular1: a.Count > 0 && a.Count <= d, knownSingular2: b.Count > 0 && b.Count <= d);
        // FID is a squared distance: rounding alone can push a zero below 0 (identical inputs gave -2.8e-14). Such a
        // value is reported as 0; anything further below cannot come from rounding and is returned as computed.
        double fid = meanTerm + traces - 2 * cross;
        return fid < 0 && fid > -1e-12 * Math.Max(1, traces) ? 0 : fid;
    }

    private static void RequireFinite(GaussianStats s)
    {
        if (!AllFinite(s.Mean) || !AllFinite(s.Covariance))
            Throw.Input($"{s.Source}: the statistics contain NaN or infinite values (check the features for NaN/Inf)");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AllFinite(ReadOnlySpan<double> x)
    {
        // x - x is 0 for finite x and NaN otherwise; one pass, no branch per element.
        double acc = 0;
        foreach (var v in x) acc += v - v;
        return acc == 0;
    }

    /// <summary>FID between two feature sets of the same dimension (each needs at least 2 rows).</summary>
    public static double Compute(FeatureMatrix a, FeatureMatrix b, FidOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Columns != b.Columns) Throw.DimMismatch(a.Source, a.Columns, b.Source, b.Columns);
        return FromStats(Summarize(a, options), Summarize(b, options));
    }
}
