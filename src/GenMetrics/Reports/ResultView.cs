using System.Text.Json.Nodes;
using GenMetrics.Evaluation;

namespace GenMetrics.Reports;

/// <summary>
/// Read access to one result as its JSON (<see cref="ResultJson"/>) holds it: the report renders from the JSON, so
/// that every number it shows is the number the JSON file holds, for results computed now and results stored in a
/// run database alike.
/// </summary>
internal sealed class ResultView
{
    public ResultView(JsonObject json)
    {
        Json = json;
        foreach (var (k, v) in Obj("metrics")) Metrics.Add((k, Number(v)));
    }

    public JsonObject Json { get; }

    /// <summary>The metric values in JSON order (null for a value JSON could not hold).</summary>
    public List<(string Key, double? Value)> Metrics { get; } = [];

    public double? this[string key] => Metrics.FirstOrDefault(m => m.Key == key).Value;

    public bool Has(string key) => Metrics.Any(m => m.Key == key);

    public (double Lower, double Upper)? Interval(string key) =>
        Obj("intervals")[key + "_ci"] is JsonArray { Count: 2 } a && Number(a[0]) is { } lo && Number(a[1]) is { } hi ? (lo, hi) : null;

    /// <summary>The bootstrap's level (0.95), when intervals were computed.</summary>
    public double? IntervalLevel => Json["bootstrap"] is JsonObject b ? Number(b["level"]) : null;

    /// <summary><see cref="KeyDirection"/> of a key, from the JSON's <c>directions</c>.</summary>
    public KeyDirection Direction(string key) => (Obj("directions")[key] as JsonValue)?.ToString() switch
    {
        "lower" => KeyDirection.LowerIsBetter,
        "higher" => KeyDirection.HigherIsBetter,
        _ => KeyDirection.Neither,
    };

    /// <summary>The metric (registry name) that reports <paramref name="key"/>.</summary>
    public string MetricOf(string key)
    {
        var conventions = Obj("conventions");
        foreach (var d in MetricRegistry.Default.Definitions)
            if (conventions.ContainsKey(d.Info.Name) && d.Info.Keys.Any(k => k.Name == key)) return d.Info.Name;
        return conventions.Count == 1 ? conventions.First().Key : key;
    }

    public string? Convention(string metric) => (Obj("conventions")[metric] as JsonValue)?.ToString();

    public JsonObject? Details(string metric) => Obj("details")[metric] as JsonObject;

    public JsonObject Inputs => Obj("inputs");

    public JsonObject Obj(string name) => Json[name] as JsonObject ?? [];

    public IEnumerable<string> Warnings => (Json["warnings"] as JsonArray ?? []).Select(w => w?.ToString() ?? "");

    /// <summary>A setting of a metric, as text (null when absent).</summary>
    public string? Setting(string metric, string name) => (Obj("settings")[metric] as JsonObject)?[name]?.ToString();

    public static double? Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;
}
