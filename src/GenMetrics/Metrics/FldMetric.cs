using System.Text.Json.Nodes;
using GenMetrics.Evaluation;

namespace GenMetrics.Metrics;

/// <summary>Settings of <see cref="FldMetric"/>.</summary>
/// <param name="Seed">Seed of NumPy's RandomState for fld's draws (its global <c>np.random</c>, seeded).</param>
public sealed record FldOptions(long Seed = 0);

/// <summary>
/// <c>fld</c>: the feature likelihood divergence of marcojira/fld, which needs the training set: a mixture of Gaussians
/// on the generated samples, fitted to the training features, scored on the test (real) features against a baseline
/// made from the training set itself; it rises when samples are poor and when they copy the training set.
/// </summary>
public sealed class FldMetric : IMetric
{
    private static readonly FldOptions s_defaults = new();

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo(Fld.Key, "Feature likelihood divergence",
            "marcojira/fld FLD('test'): z-scores by the test set; isotropic Gaussians on <= 10000 generated samples, log-variances fitted on the train features by Adam (lr 0.5, <= 50 epochs, batch 10000, its early stop and clamp); 100 x (NLL of the test features - its train-split baseline); float64",
            [new(Fld.Key, KeyDirection.LowerIsBetter, "100 x (dimension-adjusted NLL of the test features under the generated mixture - the train-split baseline's)")],
            [InputRole.Real, InputRole.Generated, InputRole.Train]),
        s_defaults, o => new FldMetric(o),
        MetricParameter<FldOptions>.Of("fld_seed", "fld: seed of the RandomState for its draws (the generated subset, shuffles, the baseline's split)", s_defaults,
            o => o.Seed, (o, v) => o with { Seed = v }));

    /// <summary>Creates the metric; the options are checked here.</summary>
    /// <exception cref="InputException">The seed is out of range.</exception>
    public FldMetric(FldOptions? options = null)
    {
        Options = options ?? s_defaults;
        Numerics.RandomState.CheckSeed(Options.Seed, "fld_seed");
    }

    /// <summary>The options.</summary>
    public FldOptions Options { get; }

    /// <inheritdoc/>
    public MetricInfo Info => Definition.Info;

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var test = set.Require(InputRole.Real, Fld.Key).RequireFeatures(Fld.Key);
        var generated = set.Require(InputRole.Generated, Fld.Key).RequireFeatures(Fld.Key);
        var trainSet = set.Require(InputRole.Train, Fld.Key);
        var train = trainSet.RequireFeatures(Fld.Key);
        if (train.Rows < 2) Internals.Throw.TooFewSamples(trainSet.Source, train.Rows, 2, "fld's baseline (half the training set on each side)");
        if (test.Rows < 2) Internals.Throw.TooFewSamples(test.Source, test.Rows, 2, "the z-scores (a standard deviation)");
        var r = Fld.Compute(train, test, generated, Options.Seed);
        var warnings = new List<string>();
        if (r.Value > 1000) warnings.Add("fld: very high FLD: the generated data is likely memorized (fld's warning above 1000)");
        return new MetricResult([new(Fld.Key, r.Value)],
            [Setting.Of("seed", Options.Seed), Setting.Of("generated_used", r.Generated), Setting.Of("lr", 0.5), Setting.Of("max_epochs", 50L), Setting.Of("batch_size", 10000L)],
            warnings, new JsonObject { ["nll"] = r.Nll, ["baseline_nll"] = r.Baseline, ["epochs"] = r.Epochs, ["baseline_epochs"] = r.BaselineEpochs });
    }
}
