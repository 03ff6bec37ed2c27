using System.Text.Json.Nodes;

namespace GenMetrics.Evaluation;

/// <summary>A setting a metric used, as results record it: a number, a flag or a text (never a number in a string).</summary>
public sealed record Setting
{
    private Setting(string name, object value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The setting's name (snake_case).</summary>
    public string Name { get; }

    /// <summary>The value: a <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> or <see cref="string"/>.</summary>
    public object Value { get; }

    /// <summary>An integer setting.</summary>
    public static Setting Of(string name, long value) => new(name, value);

    /// <summary>A real-valued setting.</summary>
    public static Setting Of(string name, double value) => new(name, value);

    /// <summary>A yes/no setting.</summary>
    public static Setting Of(string name, bool value) => new(name, value);

    /// <summary>A named choice or a text.</summary>
    public static Setting Of(string name, string value) => new(name, value);
}

/// <summary>One item's value (a sample, or an image pair), as per-item outputs list them.</summary>
/// <param name="Name">The item's name: a relative file name, an archive member or an index; for a pair, the name both
/// images share (or <c>a|b</c> when they differ).</param>
/// <param name="Value">Its value (may be infinite where the reference gives infinity, as torchmetrics' PSNR of identical images).</param>
public readonly record struct ItemValue(string Name, double Value);

/// <summary>What one metric computed: its values by key, the settings it used, warnings and structured details.</summary>
public sealed class MetricResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="values">The values by JSON key, in the order the metric declares its keys.</param>
    /// <param name="settings">Every setting that changes a value (k, subsets, seed, estimator, ...).</param>
    /// <param name="warnings">Legitimate-but-risky conditions (few samples, N &lt; d, ...).</param>
    /// <param name="details">Structured extras (per class, per cell, curves), written under <c>details.NAME</c>.</param>
    public MetricResult(IEnumerable<KeyValuePair<string, double>> values, IEnumerable<Setting> settings,
        IEnumerable<string>? warnings = null, JsonObject? details = null)
    {
        Values = [.. values];
        Settings = [.. settings];
        Warnings = [.. warnings ?? []];
        Details = details;
    }

    /// <summary>The values by JSON key.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Values { get; }

    /// <summary>The settings used.</summary>
    public IReadOnlyList<Setting> Settings { get; }

    /// <summary>Warnings for the result.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Structured extras, or null.</summary>
    public JsonObject? Details { get; }

    /// <summary>The value of each item the summary value averages (per image pair for the paired metrics), in input order, or null.</summary>
    public IReadOnlyList<ItemValue>? ItemValues { get; init; }
}
