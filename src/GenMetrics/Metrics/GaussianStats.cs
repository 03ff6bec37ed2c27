using GenMetrics.Internals;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>How a covariance is normalised.</summary>
public enum CovarianceEstimator
{
    /// <summary>Divide by N - 1 (ddof = 1): np.cov, pytorch-fid, torch-fidelity, clean-fid, torchmetrics.</summary>
    Unbiased = 0,

    /// <summary>Divide by N (ddof = 0): StyleGAN2-ADA's FID statistics.</summary>
    Biased = 1,
}

/// <summary>
/// The float64 mean and covariance of a feature set: the summary FID compares (pytorch-fid's <c>mu</c>, <c>sigma</c>).
/// Immutable: the constructor copies what it is given.
/// </summary>
public sealed class GaussianStats
{
    private readonly double[] _mean, _covariance;

    /// <summary>Copies a mean and a covariance (for example read from a pytorch-fid statistics file).</summary>
    /// <param name="mean">The mean, length d.</param>
    /// <param name="covariance">The covariance, d x d row-major (symmetric).</param>
    /// <param name="count">The number of samples behind the statistics (0 if unknown).</param>
    /// <param name="estimator">The covariance normalisation used.</param>
    /// <param name="source">A name for messages.</param>
    /// <exception cref="InputException">The covariance does not have d x d values.</exception>
    public GaussianStats(ReadOnlySpan<double> mean, ReadOnlySpan<double> covariance, long count = 0,
        CovarianceEstimator estimator = CovarianceEstimator.Unbiased, string source = "statistics")
        : this(mean.ToArray(), covariance.ToArray(), count, estimator, source, owned: true)
    {
    }

    /// <summary>Takes ownership of the arrays (no copy): internal callers that never touch them again.</summary>
    internal GaussianStats(double[] mean, double[] covariance, long count, CovarianceEstimator estimator, string source, bool owned)
    {
        _ = owned;
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(covariance);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((long)mean.Length * mean.Length != covariance.Length)
            Throw.Input($"{source}: mean has {mean.Length} values, so the covariance needs {(long)mean.Length * mean.Length}, got {covariance.Length}");
        _mean = mean;
        _covariance = covariance;
        Count = count;
        Estimator = estimator;
        Source = source;
    }

    /// <summary>The number of samples summarised (0 if unknown).</summary>
    public long Count { get; }

    /// <summary>The feature dimension d.</summary>
    public int Dimension => _mean.Length;

    /// <summary>The mean, length d.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>The covariance, d x d row-major.</summary>
    public ReadOnlySpan<double> Covariance => _covariance;

    /// <summary>How the covariance was normalised.</summary>
    public CovarianceEstimator Estimator { get; }

    /// <summary>Where the statistics came from, used in messages.</summary>
    public string Source { get; }

    /// <summary>The mean as the array kernels take (never written to).</summary>
    internal double[] MeanArray => _mean;

    /// <summary>The covariance as the array kernels take (never written to).</summary>
    internal double[] CovarianceArray => _covariance;

    /// <summary>The same statistics under another name for messages.</summary>
    internal GaussianStats WithSource(string source) => new(_mean, _covariance, Count, Estimator, source, owned: true);

    /// <summary>Mean and covariance of the rows of <paramref name="x"/> in float64 (needs at least 2 rows).</summary>
    public static GaussianStats Of(FeatureMatrix x, CovarianceEstimator estimator = CovarianceEstimator.Unbiased)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rows < 2) Throw.TooFewSamples(x.Source, x.Rows, 2, "a covariance");
        if (x.Columns == 0) Throw.Input($"{x.Source}: features have dimension 0");
        var acc = new CovarianceAccumulator(x.Columns);
        acc.Add(x.Span);
        var (mean, cov) = acc.Result(estimator == CovarianceEstimator.Biased ? 0 : 1);
        return new GaussianStats(mean, cov, x.Rows, estimator, x.Source, owned: true);
    }
}
