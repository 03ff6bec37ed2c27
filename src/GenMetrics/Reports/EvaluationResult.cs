using System.Text.Json.Nodes;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;

namespace GenMetrics.Reports;

/// <summary>What one evaluation measured: metric values under their stable JSON keys, and exactly what went in.</summary>
public sealed class EvaluationResult
{
    /// <summary>The version of the JSON layout (<see cref="ResultJson"/>); it changes when a key changes meaning or place.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>The schema version this result is written in.</summary>
    public int SchemaVersion => CurrentSchemaVersion;

    /// <summary>Metric values by their JSON key (<c>fid</c>, <c>kid_mean</c>, ...), in the order they were computed.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Metrics { get; init; } = [];

    /// <summary>The metrics computed: their keys with directions, and the reference conventions they match.</summary>
    public IReadOnlyList<MetricInfo> MetricInfos { get; init; } = [];

    /// <summary>The inputs by role, each with its provenance.</summary>
    public IReadOnlyList<InputSummary> Inputs { get; init; } = [];

    /// <summary>The encoder that produced the features (null when features or statistics were given).</summary>
    public EncoderId? Encoder { get; init; }

    /// <summary>The preprocessing's id (<c>tf</c>, <c>tf@64</c>, ...), or null when features were given.</summary>
    public string? Preprocessing { get; init; }

    /// <summary>The settings each metric used, by metric name.</summary>
    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<Setting>>> Settings { get; init; } = [];

    /// <summary>Structured extras by metric name (per class, per cell, curves).</summary>
    public IReadOnlyList<KeyValuePair<string, JsonObject>> Details { get; init; } = [];

    /// <summary>Per-item values by metric name (per image pair for the paired metrics), for metrics that report them.</summary>
    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<ItemValue>>> ItemValues { get; init; } = [];

    /// <summary>Seconds spent per metric, and in total.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> TimingSeconds { get; init; } = [];

    /// <summary>Legitimate-but-risky conditions worth a reader's attention (few samples, N &lt; d, lossy images, ...).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Bootstrap intervals by metric key (empty without a bootstrap), in key order.</summary>
    public IReadOnlyList<KeyValuePair<string, MetricInterval>> Intervals { get; init; } = [];

    /// <summary>How the bootstrap behind <see cref="Intervals"/> ran, or null when none ran.</summary>
    public BootstrapSummary? Bootstrap { get; init; }

    /// <summary>The bootstrap interval of a metric key, or null.</summary>
    public MetricInterval? Interval(string key)
    {
        foreach (var kv in Intervals) if (kv.Key == key) return kv.Value;
        return null;
    }

    /// <summary>The value of a metric by key, or null when it was not computed.</summary>
    public double? this[string key]
    {
        get
        {
            foreach (var kv in Metrics) if (kv.Key == key) return kv.Value;
            return null;
        }
    }

    /// <summary>The description of result key <paramref name="key"/> (its direction), or null.</summary>
    public MetricKey? KeyInfo(string key)
    {
        foreach (var m in MetricInfos)
            foreach (var k in m.Keys)
                if (k.Name == key) return k;
        return null;
    }
}

/// <summary>One input of an evaluation.</summary>
/// <param name="Role">The role: <c>generated</c>, <c>real</c>, <c>train</c>; for image pairs <c>pairs_a</c> and
/// <c>pairs_b</c> (or <c>generated</c> for pairs drawn from one set).</param>
/// <param name="Provenance">Where it came from: source, kind, count, content hash, encoder, preprocessing.</param>
/// <param name="Dimension">The feature dimension (0 for images compared as images, as the paired metrics do).</param>
public sealed record InputSummary(string Role, Provenance Provenance, int Dimension);
