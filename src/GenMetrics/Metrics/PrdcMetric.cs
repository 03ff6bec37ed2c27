using GenMetrics.Evaluation;

namespace GenMetrics.Metrics;

/// <summary><c>prdc</c> as a registry metric: <see cref="Prdc"/> with prdc's rule (k = 5, strict &lt;).</summary>
public sealed class PrdcMetric : IMetric
{
    private static readonly PrdcOptions s_defaults = new();

    internal static readonly MetricKey[] PrKeys =
    [
        new(Prdc.PrecisionKey, KeyDirection.HigherIsBetter, "share of generated samples inside some real sample's k-NN ball (fidelity)"),
        new(Prdc.RecallKey, KeyDirection.HigherIsBetter, "share of real samples inside some generated sample's k-NN ball (diversity)")
        {
            WithoutInterval = "the generated samples' k-NN radii are computed inside the set: a resample's repeats are neighbours at distance 0",
        },
        new(Prdc.FScoreKey, KeyDirection.HigherIsBetter, "2PR / max(P + R, 1e-5), as torch-fidelity") { WithoutInterval = "it holds recall" },
    ];

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo("prdc", "Precision, recall, density and coverage",
            "clovaai prdc (Naeem et al. 2020; Kynkäänniemi et al. 2019): k = 5, Euclidean, strict < (a point on a ball's boundary is outside)",
            [
                .. PrKeys,
                new(Prdc.DensityKey, KeyDirection.HigherIsBetter, "mean number of real k-NN balls holding a generated sample, over k (fidelity; 1 for a faithful model)"),
                new(Prdc.CoverageKey, KeyDirection.HigherIsBetter, "share of real samples whose k-NN ball holds a generated sample (diversity)")
                {
                    WithoutInterval = "whether some generated sample falls in a ball depends on which samples are present: a resample leaves out a third of them",
                },
            ],
            [InputRole.Real, InputRole.Generated]) { Resampled = [InputRole.Generated] },
        s_defaults, o => new PrdcMetric(o),
        MetricParameter<PrdcOptions>.Of("k", "prdc and pr: the neighbourhood size (5 for prdc, 3 for pr)", s_defaults, o => o.K, (o, v) => o with { K = v }));

    /// <summary>Creates the metric (the rule is always prdc's); the options are checked here, before any work.</summary>
    /// <exception cref="InputException">k is below 1.</exception>
    public PrdcMetric(PrdcOptions? options = null)
    {
        Options = (options ?? s_defaults) with { Rule = PrdcRule.Prdc };
        Prdc.ValidateOptions(Options);
    }

    /// <summary>The options.</summary>
    public PrdcOptions Options { get; }

    /// <inheritdoc/>
    public MetricInfo Info => Definition.Info;

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set) => Evaluate(set, Info, Options, density: true);

    internal static MetricResult Evaluate(EvaluationSet set, MetricInfo info, PrdcOptions o, bool density)
    {
        ArgumentNullException.ThrowIfNull(set);
        var real = set.Require(InputRole.Real, info.Name).RequireFeatures(info.Name);
        var generated = set.Require(InputRole.Generated, info.Name).RequireFeatures(info.Name);
        return ToResult(Prdc.Compute(real, generated, o), o, density);
    }

    /// <summary>The registry result of <paramref name="r"/>: its values (density and coverage when asked) and settings.</summary>
    internal static MetricResult ToResult(PrdcResult r, PrdcOptions o, bool density)
    {
        var values = new List<KeyValuePair<string, double>> { new(Prdc.PrecisionKey, r.Precision), new(Prdc.RecallKey, r.Recall), new(Prdc.FScoreKey, r.FScore) };
        if (density)
        {
            values.Add(new(Prdc.DensityKey, r.Density));
            values.Add(new(Prdc.CoverageKey, r.Coverage));
        }
        return new MetricResult(values,
        [
            Setting.Of("k", o.K),
            Setting.Of("rule", o.Rule == PrdcRule.Prdc ? "strict (<), as prdc" : "inclusive (<=), as torch-fidelity"),
        ]);
    }
}
