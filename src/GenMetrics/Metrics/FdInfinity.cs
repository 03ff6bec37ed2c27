using GenMetrics.Internals;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>Settings of <see cref="FdInfinity"/>.</summary>
/// <param name="Points">Sample sizes FID is evaluated at (dgm-eval's <c>num_points</c>, 15).</param>
/// <param name="Seed">Seed of NumPy's legacy <c>RandomState</c> that draws the subsets (2020, torch-fidelity's
/// <c>rng_seed</c>; dgm-eval draws from an unseeded <c>default_rng()</c>, see <see cref="FdInfinity"/>).</param>
public sealed record FdInfOptions(int Points = 15, long Seed = 2020);

/// <summary>FID extrapolated to an infinite generated set.</summary>
/// <param name="Value">The intercept of the least-squares line FID_n = a + b / n (<see cref="FdInfinity.Key"/>).</param>
/// <param name="Slope">b, the bias that a finite generated set of n samples adds, times n.</param>
/// <param name="SampleSizes">The sample sizes n_i, in increasing order (repeats possible for tiny sets).</param>
/// <param name="Fids">FID of each subset against the whole real set.</param>
internal sealed record FdInfResult(double Value, double Slope, int[] SampleSizes, double[] Fids);

/// <summary>
/// FID∞ (Chong and Forsyth 2020) as dgm-eval computes it (<c>metrics/fd.py</c>, <c>compute_FD_infinity</c>,
/// layer6ai-labs/dgm-eval 74c79f7), with seeded draws.
/// </summary>
/// <remarks>
/// Sample sizes n_i = <c>np.linspace(min(5000, max(N // 10, 2)), N, Points).astype('int32')</c>, N the generated set's
/// size (truncated, the last exactly N). For each n_i in order, rows <c>RandomState(Seed).choice(N, n_i, replace=False)</c>
/// of the generated set (one generator for all draws: each draw is a full permutation, of which the first n_i are
/// kept), FID of those rows against the statistics of the whole real set (ddof 1, <see cref="Fid"/>'s exact trace);
/// then ordinary least squares of FID_i on 1 / n_i (sklearn's <c>LinearRegression</c>: centred, slope
/// Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², 0 when all sizes are equal) and FID∞ = its intercept.
/// Differences from dgm-eval: its subsets come from an unseeded <c>np.random.default_rng()</c> (PCG64
/// <c>Generator.choice</c>), so its value changes on every run; the issue fixes the draws to NumPy's legacy
/// RandomState (as torch-fidelity's KID), which makes the value reproducible and checkable. Its FID uses
/// <c>scipy.linalg.sqrtm</c> (with an eps retry), which is ~1e-7 relative off when n_i &lt; d; ours is exact.
/// </remarks>
internal static class FdInfinity
{
    /// <summary>The JSON result key.</summary>
    public const string Key = "fd_inf";

    /// <summary>Computes FID∞ of the generated set against the real set.</summary>
    /// <exception cref="InputException">Dimensions differ, a set has fewer than 2 samples, Points &lt; 2, or the seed is invalid.</exception>
    public static FdInfResult Compute(FeatureMatrix real, FeatureMatrix generated, FdInfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        if (real.Columns != generated.Columns) Throw.DimMismatch(real.Source, real.Columns, generated.Source, generated.Columns);
        return Compute(Fid.Summarize(real), generated, options);
    }

    /// <summary>FID∞ of the generated set against the real set's statistics (all it needs of the real set).</summary>
    public static FdInfResult Compute(GaussianStats realStats, FeatureMatrix generated, FdInfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(realStats);
        ArgumentNullException.ThrowIfNull(generated);
        var o = options ?? new FdInfOptions();
        if (realStats.Dimension != generated.Columns) Throw.DimMismatch(realStats.Source, realStats.Dimension, generated.Source, generated.Columns);
        if (o.Points < 2) Throw.Input($"FD-infinity points: {o.Points}, but a line needs at least 2 sample sizes");
        if (generated.Rows < 2) Throw.TooFewSamples(generated.Source, generated.Rows, 2, "FD-infinity (a covariance per subset)");
        var rng = RandomState.FromSeed(o.Seed, "FD-infinity seed");

        var sizes = SampleSizes(generated.Rows, o.Points);
        var fids = new double[sizes.Length];
        var scratch = new int[generated.Rows];
        for (int i = 0; i < sizes.Length; i++)
        {
            rng.ChoiceWithoutReplacement(generated.Rows, scratch);
            var subset = generated.SelectRows(scratch.AsSpan(0, sizes[i]));
            fids[i] = Fid.FromStats(realStats, Fid.Summarize(subset));
        }
        var x = new double[sizes.Length];
        for (int i = 0; i < x.Length; i++) x[i] = 1.0 / sizes[i];
        var (intercept, slope) = LeastSquares(x, fids);
        return new FdInfResult(intercept, slope, sizes, fids);
    }

    /// <summary>
    /// <c>np.linspace(start, n, points).astype('int32')</c> with start = min(5000, max(n // 10, 2)): y_i = i·step + start,
    /// step = (n − start) / (points − 1), the last value exactly n, truncated toward zero.
    /// </summary>
    internal static int[] SampleSizes(int n, int points)
    {
        int start = Math.Min(5000, Math.Max(n / 10, 2));
        var sizes = new int[points];
        double step = (double)(n - start) / (points - 1);
        for (int i = 0; i < points; i++) sizes[i] = (int)(i * step + start);
        sizes[^1] = n;
        return sizes;
    }

    /// <summary>Intercept and slope of the least-squares line through (x_i, y_i), centred as sklearn's LinearRegression.</summary>
    internal static (double Intercept, double Slope) LeastSquares(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double xm = 0, ym = 0;
        for (int i = 0; i < x.Length; i++) { xm += x[i]; ym += y[i]; }
        xm /= x.Length;
        ym /= y.Length;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double dx = x[i] - xm;
            sxy += dx * (y[i] - ym);
            sxx += dx * dx;
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        return (ym - slope * xm, slope);
    }
}
