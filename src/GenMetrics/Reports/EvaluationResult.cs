namespace GenMetrics.Reports;

/// <summary>What one evaluation measured: metric values under their stable JSON keys, and exactly what went in.</summary>
public sealed class EvaluationResult
{
    /// <summary>Metric values by their JSON key (<c>fid</c>, <c>kid_mean</c>, ...), in the order they were computed.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Metrics { get; init; } = [];

    /// <summary>The inputs by role (<c>real</c>, <c>fake</c>), each with its source, sample count and content hash.</summary>
    public IReadOnlyList<InputSummary> Inputs { get; init; } = [];

    /// <summary>The encoder that produced the features (<c>none</c> when features were given).</summary>
    public EncoderSummary Encoder { get; init; } = EncoderSummary.None;

    /// <summary>The preprocessing protocol name, or null when features were given.</summary>
    public string? Protocol { get; init; }

    /// <summary>The settings that change a number (k, subsets, seed, ...), by name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings { get; init; } = [];

    /// <summary>Seconds spent per stage (load, each metric, total).</summary>
    public IReadOnlyList<KeyValuePair<string, double>> TimingSeconds { get; init; } = [];

    /// <summary>Legitimate-but-risky conditions worth a reader's attention (few samples, N &lt; d, ...).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The value of a metric by key, or null when it was not computed.</summary>
    public double? this[string key]
    {
        get
        {
            foreach (var kv in Metrics) if (kv.Key == key) return kv.Value;
            return null;
        }
    }
}

/// <summary>One input of an evaluation.</summary>
/// <param name="Role">The role: <c>real</c> or <c>fake</c>.</param>
/// <param name="Source">Where it came from (a path).</param>
/// <param name="Kind">What it held: <c>images</c>, <c>features</c> or <c>statistics</c>.</param>
/// <param name="Count">The number of samples (for statistics, the count the file records, or 0 when unknown).</param>
/// <param name="Dimension">The feature dimension.</param>
/// <param name="Sha256">The SHA-256 of the input's content, lower-case hex.</param>
public sealed record InputSummary(string Role, string Source, string Kind, long Count, int Dimension, string Sha256);

/// <summary>The encoder used, as recorded in a result.</summary>
/// <param name="Name">The registry name (<c>none</c>, <c>inception</c>, ...).</param>
/// <param name="WeightsSha256">The SHA-256 of its weights, when it has a weights file.</param>
public sealed record EncoderSummary(string Name, string? WeightsSha256 = null)
{
    /// <summary>No encoder: the inputs were features already.</summary>
    public static EncoderSummary None { get; } = new("none");
}
