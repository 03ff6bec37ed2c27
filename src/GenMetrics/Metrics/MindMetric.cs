using System.Text.Json.Nodes;
using GenMetrics.Evaluation;

namespace GenMetrics.Metrics;

/// <summary><c>mind</c> as a registry metric: <see cref="Mind"/>, the Monge Inception Distance between the real and the generated features.</summary>
public sealed class MindMetric : IMetric
{
    private static readonly MindOptions s_defaults = new();

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo("mind", "Monge Inception Distance",
            "torch-fidelity metric_mind.py: larger set subsampled by torch.randperm, 1000 directions torch.randn(M, d) from manual_seed(2020) (torch's AVX2 kernel), normalised; mean squared difference of sorted projections times 3 d",
            [new(Mind.Key, KeyDirection.LowerIsBetter, "sliced Wasserstein-2 distance between the real and generated features, times 3 d")],
            [InputRole.Real, InputRole.Generated])
        {
            Resampled = [InputRole.Generated, InputRole.Real],
        },
        s_defaults, o => new MindMetric(o),
        MetricParameter<MindOptions>.Of("mind_projections", "MIND: the number of random directions M", s_defaults,
            o => o.Projections, (o, v) => o with { Projections = v }),
        MetricParameter<MindOptions>.Of("seed", SharedParameters.SeedDescription, s_defaults, o => o.Seed, (o, v) => o with { Seed = v }));

    /// <summary>Creates the metric; the options are checked here, before any work.</summary>
    /// <exception cref="InputException">Fewer than 1 projection (setting <c>mind_projections</c>); any seed is valid (its low 32 bits count, as in torch).</exception>
    public MindMetric(MindOptions? options = null)
    {
        Options = options ?? s_defaults;
        if (Options.Projections < 1) throw InputException.ForSetting("mind_projections", $"{Options.Projections}, but at least 1 direction is needed");
    }

    /// <summary>The options.</summary>
    public MindOptions Options { get; }

    /// <inheritdoc/>
    public MetricInfo Info => Definition.Info;

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var real = set.Require(InputRole.Real, Info.Name).RequireFeatures(Info.Name);
        var generated = set.Require(InputRole.Generated, Info.Name).RequireFeatures(Info.Name);
        var r = Mind.Compute(real, generated, Options);
        var details = new JsonObject { ["sample_size"] = r.SampleSize, ["projections"] = r.Projections };
        var warnings = new List<string>();
        if (real.Rows != generated.Rows)
            warnings.Add($"mind: the sets differ in size ({real.Rows} real, {generated.Rows} generated): the larger was subsampled to {r.SampleSize} (torch.randperm), as torch-fidelity does");
        return new MetricResult([new(Mind.Key, r.Value)],
        [
            Setting.Of("projections", Options.Projections),
            Setting.Of("seed", Options.Seed),
            Setting.Of("sample_size", r.SampleSize),
        ], warnings, details);
    }
}
