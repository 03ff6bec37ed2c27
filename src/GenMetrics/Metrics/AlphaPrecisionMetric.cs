using System.Text.Json.Nodes;
using GenMetrics.Evaluation;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>
/// <c>alpha_precision</c> (also asked for as <c>beta_recall</c> or <c>authenticity</c>: one computation gives all three)
/// as a registry metric: <see cref="AlphaPrecision"/> of the generated set against the real set, authenticity against
/// the training set when one is given (the set the model learned from), else against the real set.
/// </summary>
public sealed class AlphaPrecisionMetric : IMetric
{
    private static readonly AlphaPrecisionOptions s_defaults = new();

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo("alpha_precision", "alpha-precision, beta-recall and authenticity",
            "ahmedmalaa/evaluating-generative-models, corrected DrShushen branch (Alaa et al. 2022): centre = real mean, 30 alphas, NumPy linear quantiles, scores 1 - 2 sum |curve - alpha| dalpha; authenticity per generated point against train when given (the main branch's rule behind authenticity_rule)",
            [
                new(AlphaPrecision.AlphaPrecisionKey, KeyDirection.HigherIsBetter, "how closely the share of generated samples inside the real alpha-ball follows alpha (fidelity)"),
                new(AlphaPrecision.BetaRecallKey, KeyDirection.HigherIsBetter, "how closely the share of real samples covered by the generated beta-support follows beta (diversity)")
                {
                    WithoutInterval = "each real sample's nearest generated sample depends on which samples are present: a resample leaves out a third of them",
                },
                new(AlphaPrecision.AuthenticityKey, KeyDirection.HigherIsBetter, "share of generated samples farther from their nearest training sample than that sample is from its own nearest neighbour (0: copies)"),
            ],
            [InputRole.Real, InputRole.Generated])
        {
            Aliases = [AlphaPrecision.BetaRecallKey, AlphaPrecision.AuthenticityKey],
            OptionalRoles = [InputRole.Train],
            Resampled = [InputRole.Generated],
        },
        s_defaults, o => new AlphaPrecisionMetric(o),
        MetricParameter<AlphaPrecisionOptions>.Of("authenticity_rule",
            "authenticity: corrected (the authors' DrShushen branch) or main-branch (the published main branch's and synthcity's rule, issues #4 and #5; only to reproduce numbers computed with it)",
            s_defaults, o => o.Authenticity, (o, v) => o with { Authenticity = v }));

    /// <summary>Creates the metric; the options are checked here, before any work.</summary>
    /// <exception cref="InputException">Fewer than 2 alphas, or an unknown rule.</exception>
    public AlphaPrecisionMetric(AlphaPrecisionOptions? options = null)
    {
        Options = options ?? s_defaults;
        if (Options.Steps < 2) throw new InputException($"alpha_precision: {Options.Steps} alphas, but at least 2 are needed");
        if (!Enum.IsDefined(Options.Authenticity)) throw InputException.ForSetting("authenticity_rule", $"{Options.Authenticity} is not a rule");
    }

    /// <summary>The options.</summary>
    public AlphaPrecisionOptions Options { get; }

    /// <inheritdoc/>
    public MetricInfo Info => Definition.Info;

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var real = set.Require(InputRole.Real, Info.Name).RequireFeatures(Info.Name);
        var generated = set.Require(InputRole.Generated, Info.Name).RequireFeatures(Info.Name);
        var train = set.Train?.RequireFeatures(Info.Name);
        var realSelf = real.Rows >= 2 ? NeighbourCache.SelfSquared(real) : null;
        AlphaPrecisionResult r;
        if (Options.Authenticity == AuthenticityRule.MainBranch)
            r = AlphaPrecision.ComputeAt(real, generated, train, Options, Simd.Best, realSelfSquared: realSelf);
        else if (train is not null)
            r = AlphaPrecision.ComputeAt(real, generated, null, Options, Simd.Best, NeighbourCache.Neighbours(train, generated), realSelf);
        else
            r = AlphaPrecision.ComputeAt(real, generated, null, Options, Simd.Best, realSelfSquared: realSelf);
        return ToResult(r, Options);
    }

    /// <summary>The registry result of <paramref name="r"/> (also a merge of <c>eval --shard</c> parts): scores, settings and curves.</summary>
    internal static MetricResult ToResult(AlphaPrecisionResult r, AlphaPrecisionOptions o)
    {
        var details = new JsonObject
        {
            ["alphas"] = Array(r.Alphas),
            ["precision_curve"] = Array(r.PrecisionCurve),
            ["recall_curve"] = Array(r.RecallCurve),
        };
        return new MetricResult(
        [
            new(AlphaPrecision.AlphaPrecisionKey, r.AlphaPrecision),
            new(AlphaPrecision.BetaRecallKey, r.BetaRecall),
            new(AlphaPrecision.AuthenticityKey, r.Authenticity),
        ],
        [
            Setting.Of("steps", o.Steps),
            Setting.Of("center", o.Center is null ? "mean of the real features" : "given"),
            Setting.Of("authenticity_rule", o.Authenticity == AuthenticityRule.Corrected ? "corrected (DrShushen branch)" : "main branch (093910e, synthcity)"),
            Setting.Of("authenticity_against", r.AuthenticityAgainst == AuthenticityReference.Train ? "train" : "real"),
        ], details: details);
    }

    internal static JsonArray Array(double[] values) => new([.. values.Select(v => (JsonNode)v)]);
}
