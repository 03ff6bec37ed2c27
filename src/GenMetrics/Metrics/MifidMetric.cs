using GenMetrics.Evaluation;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>
/// <c>mifid</c> as a registry metric: <see cref="Mifid"/>, FID between the real and the generated set divided by the
/// thresholded memorisation distance. The cosine term is measured against the training set when one is given (the
/// set a model could have memorised), else against the real set (torchmetrics, whose real set is the training set).
/// </summary>
public sealed class MifidMetric : IMetric
{
    private static readonly MifidOptions s_defaults = new();

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo("mifid", "Memorization-informed FID",
            "torchmetrics image/mifid.py (Kaggle Generative Dog Images): FID / (d_thr + 1e-14), d = mean over real rows of min over generated rows of 1 - |cos| (zero-sum rows dropped), d_thr = d if d < eps (0.1) else 1; cosine term against train when given",
            [
                new(Mifid.Key, KeyDirection.LowerIsBetter, "FID divided by the thresholded memorisation distance (FID itself unless d < eps)") { WithoutInterval = NoInterval },
                new(Mifid.DistanceKey, KeyDirection.HigherIsBetter, "d, the mean smallest cosine distance 1 - |cos| between the sets; near 0 means copies of the training set") { WithoutInterval = NoInterval },
            ],
            [InputRole.Real, InputRole.Generated])
        {
            OptionalRoles = [InputRole.Train],
        },
        s_defaults, o => new MifidMetric(o),
        MetricParameter<MifidOptions>.Of("mifid_direction", "MiFID: torchmetrics (for each real or training row, its nearest generated row) or kaggle (for each generated row, its nearest training row)",
            s_defaults, o => o.Direction, (o, v) => o with { Direction = v }),
        MetricParameter<MifidOptions>.Of("mifid_eps", "MiFID: the memorisation threshold eps (cosine_distance_eps): d >= eps counts as no memorisation",
            s_defaults, o => o.CosineDistanceEps, (o, v) => o with { CosineDistanceEps = v }));

    private const string NoInterval = "in torchmetrics' direction d takes each real (training) row's nearest generated row, which depends on which samples are present: a resample leaves out a third of them (the kaggle direction is resampled)";

    // The kaggle direction averages over the generated rows against a fixed set: its replicates resample the generated set.
    private static readonly MetricInfo s_kaggleInfo = Definition.Info with
    {
        Keys = [.. Definition.Info.Keys.Select(k => k with { WithoutInterval = null })],
        Resampled = [InputRole.Generated],
    };

    /// <summary>Creates the metric; the options are checked here, before any work.</summary>
    /// <exception cref="InputException">eps is not in (0, 1] (setting <c>mifid_eps</c>), or the direction is unknown.</exception>
    public MifidMetric(MifidOptions? options = null)
    {
        Options = options ?? s_defaults;
        if (!(Options.CosineDistanceEps > 0 && Options.CosineDistanceEps <= 1))
            throw InputException.ForSetting("mifid_eps", $"{Options.CosineDistanceEps}, but it must be greater than 0 and at most 1");
        if (!Enum.IsDefined(Options.Direction))
            throw InputException.ForSetting("mifid_direction", $"{Options.Direction} is not a direction");
    }

    /// <summary>The options.</summary>
    public MifidOptions Options { get; }

    /// <inheritdoc/>
    /// <remarks>Its bootstrap: none in torchmetrics' direction; the generated set in the kaggle direction.</remarks>
    public MetricInfo Info => Options.Direction == MifidDirection.Kaggle ? s_kaggleInfo : Definition.Info;

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var real = set.Require(InputRole.Real, Info.Name);
        var generated = set.Require(InputRole.Generated, Info.Name);
        var reference = set.Train ?? real;
        var genFeatures = generated.RequireFeatures(Info.Name);
        var refFeatures = reference.RequireFeatures(Info.Name);
        double distance = Options.Direction == MifidDirection.Torchmetrics
            ? Mifid.CosineDistance(refFeatures, genFeatures, Simd.Best)
            : Mifid.CosineDistance(genFeatures, refFeatures, Simd.Best);
        var r = Mifid.FromParts(Fid.FromStats(real.Statistics(), generated.Statistics()), distance, Options);
        var details = new System.Text.Json.Nodes.JsonObject
        {
            ["fid"] = r.Fid,
            ["distance"] = r.Distance,
            ["thresholded_distance"] = r.ThresholdedDistance,
        };
        return new MetricResult([new(Mifid.Key, r.Value), new(Mifid.DistanceKey, r.Distance)],
        [
            Setting.Of("eps", Options.CosineDistanceEps),
            Setting.Of("direction", Options.Direction == MifidDirection.Torchmetrics ? "torchmetrics" : "kaggle"),
            Setting.Of("distance_against", InputRoles.Name(set.Train is null ? InputRole.Real : InputRole.Train)),
        ], details: details);
    }
}
