using System.Text.Json;
using GenMetrics.Encoders;

namespace GenMetrics.Sharding;

/// <summary>What a part file holds.</summary>
public enum PartKind
{
    /// <summary>Partial statistics (<c>stats --shard</c>): count, sums and sums of outer products.</summary>
    Statistics,

    /// <summary>A shard's features (<c>features --shard</c>).</summary>
    Features,

    /// <summary>A shard's k-NN decisions and per-point results for prdc, pr, copies, alpha_precision and ct (<c>eval --shard</c>).</summary>
    Knn,
}

/// <summary>
/// One input as a part records it: the whole sample list the shards cut (its source, size, selection and a hash of
/// its listing, the same in every part) and the samples [<see cref="Start"/>, <see cref="End"/>) this part took.
/// </summary>
/// <param name="Role">The input's role: <c>source</c>, or <c>real</c>, <c>generated</c> and (for copies and
/// alpha_precision with a training set, and ct) <c>train</c> for k-NN parts.</param>
/// <param name="Source">The input as named.</param>
/// <param name="Start">The first sample of the list in this part.</param>
/// <param name="End">One past the last.</param>
/// <param name="Total">The samples in the whole list.</param>
/// <param name="ListSha256">Identifies the whole list, the same in every part of it: a SHA-256 of the item names in
/// order for images, of the shape and first row for a features file.</param>
/// <param name="ContentSha256">The content hash of this part's samples (as <see cref="Evaluation.Provenance.ContentSha256"/>).</param>
/// <param name="Dimension">The feature dimension.</param>
public sealed record PartInput(string Role, string Source, int Start, int End, int Total, string ListSha256, string? ContentSha256, int Dimension)
{
    /// <summary>The encoder of images (null for features files).</summary>
    public EncoderId? Encoder { get; init; }

    /// <summary>The preprocessing's id, for images.</summary>
    public string? Preprocessing { get; init; }

    /// <summary>Which samples of the source make the list, when not all (<c>first 1000 of 5000</c>).</summary>
    public string? Selection { get; init; }

    /// <summary>The number of samples in this part.</summary>
    public int Count => End - Start;

    // A d x d float64 matrix must fit one .NET array.
    private const int MaxDimension = 46340;

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("role", Role);
        w.WriteString("source", Source);
        w.WriteNumber("start", Start);
        w.WriteNumber("end", End);
        w.WriteNumber("total", Total);
        w.WriteString("list_sha256", ListSha256);
        if (ContentSha256 is { } h) w.WriteString("sha256", h);
        w.WriteNumber("dimension", Dimension);
        if (Encoder is { } e) w.WriteString("encoder", e.Key);
        if (Preprocessing is { } p) w.WriteString("protocol", p);
        if (Selection is { } s) w.WriteString("selection", s);
        w.WriteEndObject();
    }

    internal static PartInput Read(JsonElement e, string path)
    {
        string? Text(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        int Int(string name) => e.TryGetProperty(name, out var v) && v.TryGetInt32(out var x) ? x : throw PartFile.Bad(path, $"no integer '{name}'");
        var input = new PartInput(Text("role") ?? "source", Text("source") ?? throw PartFile.Bad(path, "no 'source'"), Int("start"), Int("end"), Int("total"),
            Text("list_sha256") ?? throw PartFile.Bad(path, "no 'list_sha256'"), Text("sha256"), Int("dimension"))
        {
            Encoder = Text("encoder") is { } k ? EncoderId.FromKey(k) : null,
            Preprocessing = Text("protocol"),
            Selection = Text("selection"),
        };
        if (input.Start < 0 || input.End < input.Start || input.Total < input.End || input.Dimension is < 1 or > MaxDimension)
            throw PartFile.Bad(path, $"rows [{input.Start}, {input.End}) of {input.Total}, d = {input.Dimension} are inconsistent");
        return input;
    }
}

/// <summary>A k-NN metric a part computed decisions for, with its neighbourhood size.</summary>
/// <param name="Name">The registry name: <c>prdc</c>, <c>pr</c>, <c>copies</c>, <c>alpha_precision</c> or <c>ct</c>.</param>
/// <param name="K">k (1 for copies, alpha_precision and ct, whose neighbours are the nearest ones).</param>
public sealed record PartMetric(string Name, int K)
{
    /// <summary>
    /// The metric's other settings that change its arrays or its reduction, as <c>name=value</c> pairs joined by
    /// <c>;</c> (<c>copy_ratio=0.5</c>, <c>steps=30</c>); null when it has none. Parts of one run agree on it.
    /// </summary>
    public string? Options { get; init; }

    /// <summary><c>copies (k = 1, copy_ratio=0.5)</c>.</summary>
    public override string ToString() => $"{Name} (k = {K}{(Options is { } o ? $", {o.Replace(";", ", ")}" : "")})";
}

/// <summary>
/// What a part file (<c>stats --shard</c>, <c>features --shard</c>, <c>eval --shard</c>) records about itself, as JSON
/// in its <c>genmetrics</c> array: the kind, the shard, the GenMetrics version, the inputs with the samples taken, and
/// for k-NN parts the metrics and their settings. <c>merge</c> checks the parts against each other with it.
/// </summary>
/// <param name="Kind">What the part holds.</param>
/// <param name="Shard">Which shard.</param>
/// <param name="Inputs">The inputs (one for statistics and features; real, generated and maybe train for k-NN).</param>
public sealed record PartInfo(PartKind Kind, Shard Shard, IReadOnlyList<PartInput> Inputs)
{
    /// <summary>The GenMetrics version that wrote the part.</summary>
    public string? Version { get; init; }

    /// <summary>Features parts: the encoder output (<c>pool3</c>, <c>logits_unbiased</c>, <c>features</c>).</summary>
    public string? Output { get; init; }

    /// <summary>k-NN parts: the metrics (<c>prdc</c>, <c>pr</c>, <c>copies</c>, <c>alpha_precision</c>, <c>ct</c>), k and the settings of each.</summary>
    public IReadOnlyList<PartMetric> Metrics { get; init; } = [];

    /// <summary>Warnings about the inputs (lossy images, non-canonical weights), carried into the merged result.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The input with <paramref name="role"/>.</summary>
    public PartInput Input(string role = "source") => Inputs.First(i => i.Role == role);

    internal string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("format", PartFile.Format);
            w.WriteString("kind", KindName(Kind));
            w.WriteNumber("shard", Shard.Index);
            w.WriteNumber("shards", Shard.Count);
            w.WriteNumber("unit", Shard.Unit);
            if (Version is { } v) w.WriteString("version", v);
            if (Output is { } o) w.WriteString("output", o);
            w.WritePropertyName("inputs");
            w.WriteStartArray();
            foreach (var i in Inputs) i.Write(w);
            w.WriteEndArray();
            if (Warnings.Count > 0)
            {
                w.WritePropertyName("warnings");
                w.WriteStartArray();
                foreach (var x in Warnings) w.WriteStringValue(x);
                w.WriteEndArray();
            }
            if (Metrics.Count > 0)
            {
                w.WritePropertyName("metrics");
                w.WriteStartArray();
                foreach (var m in Metrics)
                {
                    w.WriteStartObject();
                    w.WriteString("name", m.Name);
                    w.WriteNumber("k", m.K);
                    if (m.Options is { } opts) w.WriteString("options", opts);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static PartInfo FromJson(ReadOnlySpan<byte> json, string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            var root = doc.RootElement;
            if (!root.TryGetProperty("format", out var f) || f.GetString() != PartFile.Format) throw PartFile.Bad(path, "not a GenMetrics part");
            var kind = root.GetProperty("kind").GetString() switch
            {
                "statistics" => PartKind.Statistics,
                "features" => PartKind.Features,
                "knn" => PartKind.Knn,
                var other => throw PartFile.Bad(path, $"unknown kind '{other}'"),
            };
            int unit = root.GetProperty("unit").GetInt32();
            if (unit != Shard.Unit) throw new InputException($"{path}: a part cut in blocks of {unit} samples; this GenMetrics cuts in blocks of {Shard.Unit} (make every part with one version)");
            Shard shard;
            try
            {
                shard = new Shard(root.GetProperty("shard").GetInt32(), root.GetProperty("shards").GetInt32());
            }
            catch (InputException e)
            {
                throw PartFile.Bad(path, e.Message);   // a shard no command writes: 0/0, 5/1
            }
            var inputs = root.GetProperty("inputs").EnumerateArray().Select(e => PartInput.Read(e, path)).ToList();
            if (inputs.Count == 0) throw PartFile.Bad(path, "no inputs");
            // The roles merge looks up: one input per role, and those of its kind present.
            if (inputs.Select(i => i.Role).Distinct().Count() != inputs.Count) throw PartFile.Bad(path, "an input role is given twice");
            foreach (var role in kind == PartKind.Knn ? ["real", "generated"] : new[] { "source" })
                if (!inputs.Any(i => i.Role == role)) throw PartFile.Bad(path, $"no '{role}' input");
            var metrics = root.TryGetProperty("metrics", out var ms)
                ? ms.EnumerateArray().Select(m => new PartMetric(m.GetProperty("name").GetString() ?? "", m.GetProperty("k").GetInt32())
                    {
                        Options = m.TryGetProperty("options", out var mo) ? mo.GetString() : null,
                    }).ToList()
                : [];
            foreach (var i in inputs)
                if (shard.Rows(i.Total) != (i.Start, i.End))
                    throw PartFile.Bad(path, $"shard {shard} of {i.Total} samples is [{shard.Rows(i.Total).Start}, {shard.Rows(i.Total).End}), but the part says [{i.Start}, {i.End})");
            return new PartInfo(kind, shard, inputs)
            {
                Version = root.TryGetProperty("version", out var v) ? v.GetString() : null,
                Output = root.TryGetProperty("output", out var o) ? o.GetString() : null,
                Metrics = metrics,
                Warnings = root.TryGetProperty("warnings", out var ws) ? ws.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [],
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw PartFile.Bad(path, e.Message);
        }
    }

    internal static string KindName(PartKind kind) => kind switch
    {
        PartKind.Statistics => "statistics",
        PartKind.Features => "features",
        _ => "knn",
    };
}
