using GenMetrics.Evaluation;

namespace GenMetrics.Metrics;

/// <summary><c>pr</c> as a registry metric: precision and recall with torch-fidelity's rule (k = 3, inclusive &lt;=).</summary>
public sealed class PrMetric : IMetric
{
    private static readonly PrdcOptions s_defaults = PrdcOptions.TorchFidelity;

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo("pr", "Precision and recall (torch-fidelity)",
            "torch-fidelity metric_prc.py (Kynkäänniemi et al. 2019): k = 3, inclusive <=, float32 means",
            PrdcMetric.PrKeys,
            [InputRole.Real, InputRole.Generated]) { Resampled = [InputRole.Generated] },
        s_defaults, o => new PrMetric(o),
        MetricParameter<PrdcOptions>.Of("k", "prdc and pr: the neighbourhood size (5 for prdc, 3 for pr)", s_defaults, o => o.K, (o, v) => o with { K = v }));

    /// <summary>Creates the metric (the rule is always torch-fidelity's); the options are checked here, before any work.</summary>
    /// <exception cref="InputException">k is below 1.</exception>
    public PrMetric(PrdcOptions? options = null)
    {
        Options = (options ?? s_defaults) with { Rule = PrdcRule.TorchFidelity };
        Prdc.ValidateOptions(Options);
    }

    /// <summary>The options.</summary>
    public PrdcOptions Options { get; }

    /// <inheritdoc/>
    public MetricInfo Info => Definition.Info;

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set) => PrdcMetric.Evaluate(set, Info, Options, density: false);
}
