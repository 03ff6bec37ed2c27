using GenMetrics.Encoders;
using GenMetrics.Evaluation;

namespace GenMetrics.Metrics;

/// <summary>
/// <c>is</c> as a registry metric: <see cref="InceptionScore"/> of the generated set's class logits. It takes the
/// encoder output <c>logits_unbiased</c> (torch-fidelity's and torchmetrics' choice), else <c>logits</c>; a features
/// file given without an encoder is taken as logits.
/// </summary>
public sealed class IsMetric : IMetric
{
    private static readonly IsOptions s_defaults = new();

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo("is", "Inception Score",
            "torch-fidelity metric_isc.py: logits_unbiased, RandomState(2020).permutation shuffle, float64 softmax, 10 splits, std ddof 0",
            [
                new(InceptionScore.MeanKey, KeyDirection.HigherIsBetter, "mean of the per-split scores"),
                new(InceptionScore.StdKey, KeyDirection.Neither, "their standard deviation (ddof 0)"),
            ],
            [InputRole.Generated]) { Aliases = ["isc"], Resampled = [InputRole.Generated] },
        s_defaults, o => new IsMetric(o),
        MetricParameter<IsOptions>.Of("is_splits", "IS: number of splits", s_defaults, o => o.Splits, (o, v) => o with { Splits = v }),
        MetricParameter<IsOptions>.Of("no_shuffle", "IS: do not shuffle the samples before splitting", s_defaults, o => !o.Shuffle, (o, v) => o with { Shuffle = !v }),
        MetricParameter<IsOptions>.Of("seed", SharedParameters.SeedDescription, s_defaults,
            o => o.Seed, (o, v) => o with { Seed = v }));

    /// <summary>Creates the metric; the options are checked here, before any work.</summary>
    /// <exception cref="InputException">An option is out of range; the message names it.</exception>
    public IsMetric(IsOptions? options = null)
    {
        Options = options ?? s_defaults;
        InceptionScore.ValidateOptions(Options);
    }

    /// <summary>The options.</summary>
    public IsOptions Options { get; }

    /// <inheritdoc/>
    public MetricInfo Info => Definition.Info;

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var generated = set.Require(InputRole.Generated, Info.Name);
        var logits = Logits(generated);
        var r = InceptionScore.Compute(logits, Options);
        return new MetricResult([new(InceptionScore.MeanKey, r.Mean), new(InceptionScore.StdKey, r.Std)],
        [
            Setting.Of("splits", Options.Splits),
            Setting.Of("shuffle", Options.Shuffle),
            Setting.Of("seed", Options.Seed),
        ], generated.Provenance.Encoder is null ? NotLogitsWarnings(generated.Source, logits) : []);
    }

    // A features file is taken as logits on the caller's word; say when it does not look like logits.
    private static IEnumerable<string> NotLogitsWarnings(string source, FeatureMatrix x)
    {
        if (x.Columns is not (1000 or 1008))
            yield return $"is: {source} has {x.Columns} columns, but class logits have one per class (1008 for the FID Inception's logits_unbiased, 1000 for ImageNet classifiers): is it logits?";
        bool negative = false;
        foreach (var v in x.Span)
            if (v < 0) { negative = true; break; }
        if (!negative)
            yield return $"is: {source} has no negative value, as pooled activations (pool3, features) do and logits rarely do: is it logits?";
    }

    /// <summary>The logits the score is computed from.</summary>
    /// <exception cref="InputException">The set was encoded by an encoder without logits, or holds statistics.</exception>
    public static FeatureMatrix Logits(FeatureSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.TryGetOutput(EncoderOutputNames.LogitsUnbiased) is { } unbiased) return unbiased;
        if (set.TryGetOutput(EncoderOutputNames.Logits) is { } logits) return logits;
        if (set.Provenance.Encoder is { } e)
            throw new InputException($"is: needs class logits; {set.Source} went through the {e.DisplayName} encoder, which gives {string.Join(", ", set.OutputNames)} (use the inception encoder)");
        return set.RequireFeatures("is");
    }
}
