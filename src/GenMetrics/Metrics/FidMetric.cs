using GenMetrics.Evaluation;

namespace GenMetrics.Metrics;

/// <summary><c>fid</c> as a registry metric: <see cref="Fid"/> between the real and the generated set (features or statistics).</summary>
public sealed class FidMetric(FidOptions? options = null) : IMetric, IWeightedReplicates
{
    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo("fid", "Fréchet Inception Distance",
            "torch-fidelity >= 0.4 and pytorch-fid: covariance ddof 1; tr sqrt(S1 S2) exact from eigenvalues (finite for N < d)",
            [new(Fid.Key, KeyDirection.LowerIsBetter, "Fréchet distance between Gaussian fits of the real and generated features")],
            [InputRole.Real, InputRole.Generated]) { Resampled = [InputRole.Generated, InputRole.Real] },
        new FidOptions(), o => new FidMetric(o));

    /// <summary>The options.</summary>
    public FidOptions Options { get; } = options ?? new FidOptions();

    /// <inheritdoc/>
    public MetricInfo Info => Definition.Info;

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var real = set.Require(InputRole.Real, Info.Name);
        var generated = set.Require(InputRole.Generated, Info.Name);
        var warnings = new List<string>();
        foreach (var input in (ReadOnlySpan<FeatureSet>)[real, generated])
            if (input.Features is { } f && f.Rows <= f.Columns)
                warnings.Add($"fid: {input.Source} has N={f.Rows} <= d={f.Columns}: its covariance is singular and FID is strongly biased upward; compare FIDs only at equal N");
        double fid = Fid.FromStats(Summary(real), Summary(generated));
        return new MetricResult([new(Fid.Key, fid)],
            [Setting.Of("covariance", Options.Estimator == CovarianceEstimator.Unbiased ? "unbiased (ddof 1)" : "biased (ddof 0)")], warnings);
    }

    // Bootstrap replicates from multiplicity weights (the default estimator; the biased one resamples copies).
    Func<int[], int[]?, IReadOnlyList<KeyValuePair<string, double>>>? IWeightedReplicates.PrepareReplicates(EvaluationSet set, bool resampleReal)
    {
        if (Options.Estimator != CovarianceEstimator.Unbiased) return null;
        var plan = FidResampling.Prepare(set.Require(InputRole.Real, Info.Name), set.Require(InputRole.Generated, Info.Name), resampleReal);
        return (generated, real) => [new(Fid.Key, plan.Replicate(generated, real))];
    }

    // The set's own summary (cached across metrics and evaluations) when it uses the default estimator.
    private GaussianStats Summary(FeatureSet s) =>
        Options.Estimator == CovarianceEstimator.Unbiased || s.Features is null ? s.Statistics() : Fid.Summarize(s.Features, Options);
}
