using System.Text.Json;
using GenMetrics.Encoders;

namespace GenMetrics.References;

/// <summary>
/// A stored reference set (<c>genmetrics ref</c>): its name and where its statistics (and features) came from, as
/// <c>ref.json</c> records it beside <c>stats.npz</c> (and <c>features.npy</c>) in <c>$GENMETRICS_HOME/refs/NAME/</c>.
/// </summary>
/// <param name="Name">The name (<c>ref:NAME</c> selects it).</param>
/// <param name="Source">What it was made from, as named when added (or the imported file).</param>
/// <param name="Count">The number of samples (0 when an imported file does not say).</param>
/// <param name="Dimension">The feature dimension.</param>
/// <param name="ContentSha256">The content hash of the source (as results record it).</param>
public sealed record ReferenceInfo(string Name, string Source, long Count, int Dimension, string? ContentSha256)
{
    /// <summary>The encoder of the features (declared for imports).</summary>
    public EncoderId? Encoder { get; init; }

    /// <summary>The preprocessing's id (declared for imports).</summary>
    public string? Preprocessing { get; init; }

    /// <summary>Which samples of the source, when not all.</summary>
    public string? Selection { get; init; }

    /// <summary>The encoder output the features are (<c>pool3</c>, <c>features</c>), when features are stored.</summary>
    public string? FeaturesOutput { get; init; }

    /// <summary>Whether the features are stored (for k-NN metrics), not only the statistics.</summary>
    public bool HasFeatures => FeaturesOutput is not null;

    /// <summary>Whether the statistics were imported from another tool, with a declared encoder and protocol.</summary>
    public bool Imported { get; init; }

    /// <summary>When it was added (UTC).</summary>
    public DateTimeOffset Created { get; init; }

    /// <summary>The GenMetrics version that added it.</summary>
    public string? Version { get; init; }

    internal string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("name", Name);
            w.WriteString("source", Source);
            w.WriteNumber("count", Count);
            w.WriteNumber("dimension", Dimension);
            if (ContentSha256 is { } h) w.WriteString("sha256", h);
            if (Encoder is { } e) w.WriteString("encoder", e.Key);
            if (Preprocessing is { } p) w.WriteString("protocol", p);
            if (Selection is { } s) w.WriteString("selection", s);
            if (FeaturesOutput is { } f) w.WriteString("features_output", f);
            w.WriteBoolean("imported", Imported);
            w.WriteString("created", Created.ToString("O"));
            if (Version is { } v) w.WriteString("genmetrics", v);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static ReferenceInfo FromJson(string json, string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var r = doc.RootElement;
            string? Text(string name) => r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return new ReferenceInfo(Text("name") ?? throw new FormatException("no name"), Text("source") ?? "", r.GetProperty("count").GetInt64(),
                r.GetProperty("dimension").GetInt32(), Text("sha256"))
            {
                Encoder = Text("encoder") is { } k ? EncoderId.FromKey(k) : null,
                Preprocessing = Text("protocol"),
                Selection = Text("selection"),
                FeaturesOutput = Text("features_output"),
                Imported = r.TryGetProperty("imported", out var i) && i.ValueKind == JsonValueKind.True,
                Created = DateTimeOffset.TryParse(Text("created"), out var c) ? c : default,
                Version = Text("genmetrics"),
            };
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InputException($"{path}: not a GenMetrics reference record ({e.Message})", e);
        }
    }
}
