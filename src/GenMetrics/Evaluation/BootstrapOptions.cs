namespace GenMetrics.Evaluation;

/// <summary>
/// A percentile bootstrap of the metrics' values (<see cref="Evaluator.Evaluate(EvaluationSet, IReadOnlyList{IMetric}, BootstrapOptions, IProgress{string}?, CancellationToken)"/>):
/// <see cref="Replicates"/> times, the generated set (and with <see cref="ResampleReal"/> the real set) is resampled
/// with replacement to its own size, every metric that allows it (<see cref="MetricInfo.Resampled"/>) is computed on
/// the resample, and the interval is the (1 − level) / 2 and (1 + level) / 2 percentiles of those values.
/// </summary>
/// <remarks>
/// The draws, reproducible in Python: <c>rng = numpy.random.RandomState(seed)</c>, then for each replicate
/// <c>ig = rng.randint(0, n_generated, n_generated)</c> and, when the real set is resampled, then
/// <c>ir = rng.randint(0, n_real, n_real)</c>; the replicate is the metric of <c>generated[ig]</c> (and
/// <c>real[ir]</c>), rows in that order. The interval is <c>numpy.percentile(values, [2.5, 97.5])</c> (linear) for
/// level 0.95. It measures how much the value would move with another sample of the same size from the same model
/// (sampling noise), not how far the estimator is from its infinite-sample value (FID's bias in 1 / N is not in it).
/// </remarks>
/// <param name="Replicates">The number of resamples B (at least 2; 1000 for stable 95% ends, 100 for a quick look).</param>
/// <param name="Seed">The seed of NumPy's legacy RandomState that draws them (2020).</param>
/// <param name="ResampleReal">Also resample the real set (both sets' sampling noise), for the metrics that allow it.</param>
public sealed record BootstrapOptions(int Replicates, long Seed = 2020, bool ResampleReal = false)
{
    /// <summary>The interval's level (0.95: the 2.5th and 97.5th percentiles).</summary>
    public double Level { get; init; } = 0.95;
}

/// <summary>A bootstrap interval of one value.</summary>
/// <param name="Lower">The lower percentile.</param>
/// <param name="Upper">The upper percentile.</param>
public sealed record MetricInterval(double Lower, double Upper);

/// <summary>How a bootstrap ran: its options, which inputs each metric resampled, and which values got no interval.</summary>
/// <param name="Options">The options.</param>
/// <param name="Resampled">Per metric with intervals: the inputs resampled.</param>
/// <param name="WithoutInterval">Result keys without an interval, each with the reason.</param>
/// <param name="Seconds">Time spent on the replicates, per metric.</param>
public sealed record BootstrapSummary(BootstrapOptions Options,
    IReadOnlyList<KeyValuePair<string, IReadOnlyList<InputRole>>> Resampled,
    IReadOnlyList<KeyValuePair<string, string>> WithoutInterval,
    IReadOnlyList<KeyValuePair<string, double>> Seconds);
