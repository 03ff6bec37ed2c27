using System.Text.Json.Nodes;
using GenMetrics.Evaluation;

namespace GenMetrics.Metrics;

/// <summary>
/// <c>copies</c> as a registry metric: <see cref="Copies"/>, the generated samples unusually close to a training
/// sample (the real set when no training set is given), listed under <c>details.copies</c> with their item names when
/// the inputs were images, ready to be shown next to the training image each one copies.
/// </summary>
public sealed class CopiesMetric : IMetric
{
    private static readonly CopiesOptions s_defaults = new();

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo("copies", "Copies of training samples",
            "GenMetrics: a generated sample is listed when d(g, t) / d(t, t') < 0.5, t its nearest training sample and t' the training sample nearest to t (Euclidean, exact); against train when given, else real",
            [new(Copies.Key, KeyDirection.LowerIsBetter, "share of generated samples listed as copies")],
            [InputRole.Real, InputRole.Generated])
        {
            OptionalRoles = [InputRole.Train],
            Resampled = [InputRole.Generated],
        },
        s_defaults, o => new CopiesMetric(o),
        MetricParameter<CopiesOptions>.Of("copy_ratio", "copies: list a generated sample when its distance to its nearest training sample is below this share of that sample's own nearest-neighbour distance",
            s_defaults, o => o.RatioThreshold, (o, v) => o with { RatioThreshold = v }));

    /// <summary>Creates the metric; the options are checked here, before any work.</summary>
    /// <exception cref="InputException">The ratio is negative, infinite or NaN (setting <c>copy_ratio</c>).</exception>
    public CopiesMetric(CopiesOptions? options = null)
    {
        Options = options ?? s_defaults;
        if (!(Options.RatioThreshold >= 0) || double.IsPositiveInfinity(Options.RatioThreshold))
            throw InputException.ForSetting("copy_ratio", $"{(double.IsPositiveInfinity(Options.RatioThreshold) ? "inf" : Options.RatioThreshold)}, but it must be a finite number >= 0");
    }

    /// <summary>The options.</summary>
    public CopiesOptions Options { get; }

    /// <inheritdoc/>
    public MetricInfo Info => Definition.Info;

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var generatedSet = set.Require(InputRole.Generated, Info.Name);
        var referenceRole = set.Train is null ? InputRole.Real : InputRole.Train;
        var referenceSet = set.Require(referenceRole, Info.Name);
        var generated = generatedSet.RequireFeatures(Info.Name);
        var reference = referenceSet.RequireFeatures(Info.Name);
        var r = Copies.FromNeighbours(NeighbourCache.Neighbours(reference, generated), Options);
        return ToResult(r, Options, referenceRole, generatedSet.Source, referenceSet.Source, generatedSet.ItemNames, referenceSet.ItemNames);
    }

    /// <summary>
    /// The registry result of <paramref name="r"/> (also a merge of <c>eval --shard</c> parts): the share listed, the
    /// settings and the list under <c>details.copies</c>, with item names where the inputs have them.
    /// </summary>
    internal static MetricResult ToResult(CopiesResult r, CopiesOptions o, InputRole referenceRole, string generatedSource, string referenceSource,
        IReadOnlyList<string>? generatedNames, IReadOnlyList<string>? referenceNames)
    {
        string against = InputRoles.Name(referenceRole);
        var items = new JsonArray();
        foreach (var m in r.Matches)
        {
            var item = new JsonObject { ["generated"] = m.Generated };
            if (generatedNames is { } gn) item["generated_name"] = gn[m.Generated];
            item[against] = m.Train;
            if (referenceNames is { } tn) item[against + "_name"] = tn[m.Train];
            item["ratio"] = m.Ratio;
            item["distance"] = m.Distance;
            items.Add(item);
        }
        var details = new JsonObject
        {
            ["against"] = against,
            ["generated_source"] = generatedSource,
            [against + "_source"] = referenceSource,
            ["count"] = r.Matches.Count,
            ["items"] = items,
        };
        var warnings = new List<string>();
        if (r.Matches.Count > 0)
            warnings.Add($"copies: {r.Matches.Count} of {r.Ratios.Length} generated samples sit closer to a {against} sample than {o.RatioThreshold:G4} of its nearest-neighbour distance (listed under details.copies)");
        return new MetricResult([new(Copies.Key, r.Fraction)],
        [
            Setting.Of("ratio_threshold", o.RatioThreshold),
            Setting.Of("against", against),
        ], warnings, details);
    }
}
