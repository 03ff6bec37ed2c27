using System.Diagnostics;
using System.Globalization;
using GenMetrics.Metrics;
using GenMetrics.Reports;

namespace GenMetrics.Evaluation;

/// <summary>
/// Computes a list of metrics on a real and a generated input and gathers the values, the inputs' identities, the
/// settings, timings and warnings into one <see cref="EvaluationResult"/>.
/// </summary>
/// <remarks>Convention (as torch-fidelity's): "real" is the reference set, "fake" the generated one.</remarks>
public static class Evaluator
{
    /// <summary>Evaluates <paramref name="fake"/> against <paramref name="real"/> (null only when computing <c>is</c> alone).</summary>
    /// <param name="real">The reference set, or null when only the Inception Score is asked for.</param>
    /// <param name="fake">The generated set.</param>
    /// <param name="options">Metrics and settings.</param>
    /// <param name="progress">Receives the name of each metric as it starts.</param>
    /// <param name="encoder">The encoder that produced the features, recorded in the result (default: none).</param>
    /// <param name="protocol">The preprocessing protocol, recorded in the result (default: none, features were given).</param>
    /// <param name="warnings">Warnings gathered before evaluation (loading inputs), carried into the result.</param>
    public static EvaluationResult Evaluate(MetricInput? real, MetricInput fake, EvaluationOptions options, IProgress<string>? progress = null,
        EncoderSummary? encoder = null, string? protocol = null, IEnumerable<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(fake);
        ArgumentNullException.ThrowIfNull(options);
        var metrics = new List<KeyValuePair<string, double>>();
        var timing = new List<KeyValuePair<string, double>>();
        var settings = new List<KeyValuePair<string, string>>();
        var allWarnings = new List<string>(warnings ?? []);
        var total = Stopwatch.StartNew();

        foreach (var m in options.Metrics)
        {
            if (m != Metric.Is && real is null)
                throw new InputException($"{MetricName(m)}: needs a real (reference) input as well as the generated one; with one input only 'is' can be computed");
            if (real is not null && m != Metric.Is && real.Dimension != fake.Dimension)
                Internals.Throw.DimMismatch(real.Source, real.Dimension, fake.Source, fake.Dimension);
        }

        foreach (var m in options.Metrics)
        {
            progress?.Report(MetricName(m));
            var sw = Stopwatch.StartNew();
            switch (m)
            {
                case Metric.Fid:
                    var sr = real!.Summary();
                    var sf = fake.Summary();
                    foreach (var input in new[] { real, fake })
                        if (input.Features is { } f && f.Rows <= f.Columns)
                            allWarnings.Add($"fid: {input.Source} has N={f.Rows} <= d={f.Columns}: its covariance is singular and FID is strongly biased upward; compare FIDs only at equal N");
                    metrics.Add(new(Fid.Key, Fid.FromStats(sr, sf)));
                    settings.Add(new("fid_covariance", "unbiased (ddof=1)"));
                    break;
                case Metric.Kid:
                    var kid = Kid.Compute(real!.RequireFeatures("kid"), fake.RequireFeatures("kid"), options.Kid);
                    metrics.Add(new(Kid.MeanKey, kid.Mean));
                    metrics.Add(new(Kid.StdKey, kid.Std));
                    settings.Add(new("kid_subsets", options.Kid.Subsets.ToString(CultureInfo.InvariantCulture)));
                    settings.Add(new("kid_subset_size", options.Kid.SubsetSize.ToString(CultureInfo.InvariantCulture)));
                    settings.Add(new("kid_seed", options.Kid.Seed.ToString(CultureInfo.InvariantCulture)));
                    break;
                case Metric.Is:
                    if (fake.FromImages && fake.Logits is null)
                        throw new InputException($"is: needs Inception logits; {fake.Source} went through an encoder without class logits (use --encoder inception)");
                    var logits = fake.Logits ?? fake.RequireFeatures("is");
                    var isr = InceptionScore.Compute(logits, options.Is);
                    metrics.Add(new(InceptionScore.MeanKey, isr.Mean));
                    metrics.Add(new(InceptionScore.StdKey, isr.Std));
                    settings.Add(new("is_splits", options.Is.Splits.ToString(CultureInfo.InvariantCulture)));
                    settings.Add(new("is_shuffle", options.Is.Shuffle ? $"RandomState({options.Is.Seed}).permutation" : "none"));
                    break;
                case Metric.Prdc:
                case Metric.Pr:
                    bool tf = m == Metric.Pr;
                    int k = options.K ?? (tf ? 3 : 5);
                    var pr = Prdc.Compute(real!.RequireFeatures(MetricName(m)), fake.RequireFeatures(MetricName(m)),
                        new PrdcOptions { K = k, Rule = tf ? PrdcRule.TorchFidelity : PrdcRule.Prdc });
                    metrics.Add(new(Prdc.PrecisionKey, pr.Precision));
                    metrics.Add(new(Prdc.RecallKey, pr.Recall));
                    metrics.Add(new(Prdc.FScoreKey, pr.FScore));
                    if (!tf)
                    {
                        metrics.Add(new(Prdc.DensityKey, pr.Density));
                        metrics.Add(new(Prdc.CoverageKey, pr.Coverage));
                    }
                    settings.Add(new($"{MetricName(m)}_k", k.ToString(CultureInfo.InvariantCulture)));
                    settings.Add(new($"{MetricName(m)}_rule", tf ? "inclusive (<=), as torch-fidelity" : "strict (<), as prdc"));
                    break;
            }
            timing.Add(new(MetricName(m), sw.Elapsed.TotalSeconds));
        }
        timing.Add(new("total", total.Elapsed.TotalSeconds));

        var inputs = new List<InputSummary>();
        if (real is not null) inputs.Add(Describe("real", real));
        inputs.Add(Describe("fake", fake));
        return new EvaluationResult
        {
            Metrics = metrics,
            Inputs = inputs,
            Settings = settings,
            TimingSeconds = timing,
            Warnings = allWarnings,
            Encoder = encoder ?? EncoderSummary.None,
            Protocol = protocol,
        };
    }

    /// <summary>The command-line name of a metric.</summary>
    public static string MetricName(Metric m) => MetricNames.Known[(int)m];

    private static InputSummary Describe(string role, MetricInput i) =>
        new(role, i.Source, i.FromImages ? "images" : i.Features is null ? "statistics" : "features", i.Count, i.Dimension, i.Sha256);
}
