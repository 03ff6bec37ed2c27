using System.Text.Json.Nodes;
using GenMetrics.Evaluation;

namespace GenMetrics.Metrics;

/// <summary>
/// <c>modes</c>: mode counting. The class histogram of the generated set against the real one, and the classes the
/// generated set has dropped. Classes come from the real labels (generated samples without labels are classified by a
/// vote of their k nearest labelled real samples) or, without any labels, are k-means modes of the real features.
/// </summary>
public sealed class ModesMetric : IMetric
{
    private static readonly ModesOptions s_defaults = new();

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo("modes", "Mode counting",
            "classes from the real labels; unlabelled generated samples by a vote of the k = 10 nearest labelled real samples (ties: the first class in sorted order, as sklearn KNeighborsClassifier); " +
            "without labels, k-means modes of the real features (sklearn 1.2 KMeans, n_init 10, RandomState seed); a class is dropped when its generated share < 0.25 x its real share; KL(real || generated), generated shares floored at 1e-12",
            [
                new(ModeCounting.TotalKey, KeyDirection.Neither, "the number of classes (modes) of the real set"),
                new(ModeCounting.CoveredKey, KeyDirection.HigherIsBetter, "the classes the generated set covers (not dropped)"),
                new(ModeCounting.KlKey, KeyDirection.LowerIsBetter, "KL(real class distribution || generated), generated shares floored at 1e-12"),
            ],
            [InputRole.Real, InputRole.Generated])
        {
            OptionalClassInputs = ClassInputs.RealLabels | ClassInputs.GeneratedLabels,
        },
        s_defaults, o => new ModesMetric(o),
        MetricParameter<ModesOptions>.Of("mode_k", "modes: neighbours in the vote that classifies unlabelled generated samples by the labelled real ones", s_defaults,
            o => o.K, (o, v) => o with { K = v }),
        MetricParameter<ModesOptions>.Of("modes", "modes: without real labels, the number of k-means modes of the real features", s_defaults,
            o => o.Modes, (o, v) => o with { Modes = v }),
        MetricParameter<ModesOptions>.Of("mode_threshold", "modes: a class is dropped when its generated share is below this times its real share", s_defaults,
            o => o.Threshold, (o, v) => o with { Threshold = v }),
        MetricParameter<ModesOptions>.Of("mode_seed", "modes: seed of the k-means++ draws (NumPy RandomState, as sklearn's random_state)", s_defaults,
            o => o.Seed, (o, v) => o with { Seed = v }),
        MetricParameter<ModesOptions>.Of("mode_no_fid", "modes: skip the per-class FID in the details (costly for many classes at large d)", s_defaults,
            o => !o.PerClassFid, (o, v) => o with { PerClassFid = !v }));

    /// <summary>Creates the metric; the options are checked here, before any work.</summary>
    /// <exception cref="InputException">An option is out of range; the message names it.</exception>
    public ModesMetric(ModesOptions? options = null)
    {
        Options = options ?? s_defaults;
        if (Options.K < 1) throw InputException.ForSetting("mode_k", $"must be at least 1, got {Options.K}");
        if (Options.Modes < 1) throw InputException.ForSetting("modes", $"must be at least 1, got {Options.Modes}");
        if (!(Options.Threshold is >= 0 and <= 1)) throw InputException.ForSetting("mode_threshold", $"must be between 0 and 1, got {Options.Threshold}");
        Numerics.RandomState.CheckSeed(Options.Seed, "mode_seed");
        if (Options.Restarts < 1) throw InputException.ForSetting("mode_restarts", $"must be at least 1, got {Options.Restarts}");
    }

    /// <summary>The options.</summary>
    public ModesOptions Options { get; }

    /// <inheritdoc/>
    public MetricInfo Info => Definition.Info;

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var realSet = set.Require(InputRole.Real, Info.Name);
        var real = realSet.RequireFeatures(Info.Name);
        var generated = set.Require(InputRole.Generated, Info.Name).RequireFeatures(Info.Name);
        var r = ModeCounting.Compute(real, set.RealLabels, generated, set.GeneratedLabels, Options, realSet.Source);
        var warnings = new List<string>();
        var dropped = r.Dropped;
        if (dropped.Count > 0)
            warnings.Add($"modes: the generated set misses {dropped.Count} of {r.Total} classes (generated share below {Options.Threshold:0.###} x the real share): {string.Join(", ", dropped)}");
        if (r.GeneratedOutside > 0)
            warnings.Add($"modes: {r.GeneratedOutside} generated samples have classes the real set does not have ({string.Join(", ", r.OutsideClasses.Take(5))}{(r.OutsideClasses.Count > 5 ? ", ..." : "")}); they count in the generated total only");
        var perClass = new JsonObject();
        foreach (var c in r.Classes)
        {
            var o = new JsonObject
            {
                ["real_count"] = c.RealCount,
                ["generated_count"] = c.GeneratedCount,
                ["real_share"] = c.RealShare,
                ["generated_share"] = c.GeneratedShare,
                ["ratio"] = c.RealShare > 0 ? c.GeneratedShare / c.RealShare : null,
            };
            if (c.Fid is { } fid) o["fid"] = fid;
            perClass[c.Name] = o;
        }
        var details = new JsonObject
        {
            ["dropped"] = new JsonArray([.. dropped.Select(n => (JsonNode)JsonValue.Create(n)!)]),
            ["assignment"] = AssignmentName(r.Assignment),
            ["per_class"] = perClass,
        };
        var settings = new List<Setting> { Setting.Of("assignment", AssignmentName(r.Assignment)), Setting.Of("threshold", Options.Threshold) };
        if (r.Assignment == ModeAssignment.KnnVote)
        {
            settings.Add(Setting.Of("k", Options.K));
            settings.Add(Setting.Of("tie_rule", "majority of the k nearest (exact float64 distances, lower index first on equal distance); a tie between classes goes to the first class in sorted order"));
        }
        if (r.Assignment == ModeAssignment.KMeans)
        {
            settings.Add(Setting.Of("modes", Options.Modes));
            settings.Add(Setting.Of("seed", Options.Seed));
            settings.Add(Setting.Of("restarts", Options.Restarts));
        }
        settings.Add(Setting.Of("per_class_fid", Options.PerClassFid));
        return new MetricResult([new(ModeCounting.TotalKey, r.Total), new(ModeCounting.CoveredKey, r.Covered), new(ModeCounting.KlKey, r.Kl)],
            settings, warnings, details);
    }

    private static string AssignmentName(ModeAssignment a) => a switch
    {
        ModeAssignment.Labels => "generated labels",
        ModeAssignment.KnnVote => "knn vote over the labelled real samples",
        _ => "k-means modes of the real features",
    };
}
