using System.Collections.Frozen;

namespace GenMetrics.Evaluation;

/// <summary>A metric family that <see cref="Evaluator"/> can compute.</summary>
public enum Metric
{
    /// <summary>Fréchet distance (<c>fid</c>); features or statistics files.</summary>
    Fid,
    /// <summary>Kernel Inception Distance (<c>kid_mean</c>, <c>kid_std</c>).</summary>
    Kid,
    /// <summary>Inception Score (<c>is_mean</c>, <c>is_std</c>) of the generated set, from logits.</summary>
    Is,
    /// <summary>Precision, recall, f-score, density and coverage with prdc's rule (k = 5, strict &lt;).</summary>
    Prdc,
    /// <summary>Precision, recall and f-score with torch-fidelity's rule (k = 3, inclusive &lt;=).</summary>
    Pr,
}

/// <summary>The metric names accepted on the command line and in configuration.</summary>
public static class MetricNames
{
    private static readonly FrozenDictionary<string, Metric> s_byName = new Dictionary<string, Metric>(StringComparer.OrdinalIgnoreCase)
    {
        ["fid"] = Metric.Fid,
        ["kid"] = Metric.Kid,
        ["is"] = Metric.Is,
        ["isc"] = Metric.Is,
        ["prdc"] = Metric.Prdc,
        ["pr"] = Metric.Pr,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The canonical names, in the order they are listed in help and errors.</summary>
    public static IReadOnlyList<string> Known { get; } = ["fid", "kid", "is", "prdc", "pr"];

    /// <summary>Parses a comma-separated list such as <c>fid,kid,prdc</c>; unknown names are an <see cref="InputException"/>.</summary>
    public static IReadOnlyList<Metric> ParseList(string text)
    {
        var list = new List<Metric>();
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!s_byName.TryGetValue(raw, out var m))
                throw new InputException($"--metrics: unknown metric '{raw}'; known: {string.Join(", ", Known)}");
            if (!list.Contains(m)) list.Add(m);
        }
        if (list.Count == 0) throw new InputException("--metrics: no metric named; known: " + string.Join(", ", Known));
        if (list.Contains(Metric.Prdc) && list.Contains(Metric.Pr))
            throw new InputException("--metrics: 'prdc' and 'pr' both report precision and recall (with different rules); choose one");
        return list;
    }
}
