using System.Reflection;
using System.Text;
using System.Text.Json;
using GenMetrics.Evaluation;
using GenMetrics.Internals;

namespace GenMetrics.Reports;

/// <summary>
/// Writes an <see cref="EvaluationResult"/> as the JSON object described in DESIGN.md (a stable contract, versioned by
/// <c>schema_version</c>): <c>metrics</c>, <c>intervals</c> (<c>KEY_ci: [lo, hi]</c>, empty without a bootstrap),
/// <c>details</c>, <c>inputs</c>, <c>encoder</c>, <c>protocol</c>, <c>settings</c> (per metric, typed),
/// <c>conventions</c> and <c>directions</c>, <c>bootstrap</c> (how the intervals were made, or null),
/// <c>versions</c>, <c>timing_s</c>, <c>warnings</c>.
/// </summary>
public static class ResultJson
{
    /// <summary>The result as indented UTF-8 JSON text.</summary>
    public static string Serialize(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Write(w, result);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes the JSON file atomically: nothing is left at <paramref name="path"/> if writing fails.</summary>
    public static void WriteFile(string path, EvaluationResult result) =>
        OutputFile.WriteAllText(path, Serialize(result) + "\n");

    private static void Write(Utf8JsonWriter w, EvaluationResult r)
    {
        w.WriteStartObject();
        w.WriteNumber("schema_version", r.SchemaVersion);
        w.WriteStartObject("metrics");
        foreach (var (k, v) in r.Metrics) WriteNumber(w, k, v);
        w.WriteEndObject();

        w.WriteStartObject("intervals");
        foreach (var (k, v) in r.Intervals)
        {
            w.WriteStartArray(k + "_ci");
            WriteNumberValue(w, v.Lower);
            WriteNumberValue(w, v.Upper);
            w.WriteEndArray();
        }
        w.WriteEndObject();

        w.WriteStartObject("details");
        foreach (var (name, d) in r.Details)
        {
            w.WritePropertyName(name);
            d.WriteTo(w);
        }
        w.WriteEndObject();

        w.WriteStartObject("inputs");
        foreach (var i in r.Inputs)
        {
            var p = i.Provenance;
            w.WriteStartObject(i.Role);
            w.WriteString("source", p.Source);
            w.WriteString("kind", p.Kind.ToString().ToLowerInvariant());
            w.WriteNumber("count", p.Count);
            if (i.Dimension > 0) w.WriteNumber("dimension", i.Dimension);   // images compared as images have none
            w.WriteString("sha256", p.ContentSha256);
            if (p.Encoder is { } e) w.WriteString("encoder", e.Key);
            if (p.Preprocessing is { } pre) w.WriteString("protocol", pre);
            if (p.Selection is { } sel) w.WriteString("selection", sel);
            if (p.Generator is { } generator)
            {
                w.WriteStartObject("generator");
                foreach (var s in generator) WriteSetting(w, s);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();

        w.WriteStartObject("encoder");
        if (r.Encoder is { } enc)
        {
            w.WriteString("name", enc.Name);
            if (enc.Variant is { } variant) w.WriteString("variant", variant);
            w.WriteString("graph_version", enc.GraphVersion);
            if (enc.WeightsSha256 is { } h) w.WriteString("weights_sha256", h);
            w.WriteString("id", enc.Key);
        }
        else w.WriteString("name", "none");
        w.WriteEndObject();

        if (r.Preprocessing is null) w.WriteNull("protocol"); else w.WriteString("protocol", r.Preprocessing);

        w.WriteStartObject("settings");
        foreach (var (metric, settings) in r.Settings)
        {
            w.WriteStartObject(metric);
            foreach (var s in settings) WriteSetting(w, s);
            w.WriteEndObject();
        }
        w.WriteEndObject();

        w.WriteStartObject("conventions");
        foreach (var m in r.MetricInfos) w.WriteString(m.Name, m.Convention);
        w.WriteEndObject();

        w.WriteStartObject("directions");
        foreach (var m in r.MetricInfos)
            foreach (var k in m.Keys)
                w.WriteString(k.Name, Direction(k.Direction));
        w.WriteEndObject();

        if (r.Bootstrap is { } b) WriteBootstrap(w, b); else w.WriteNull("bootstrap");

        w.WriteStartObject("versions");
        w.WriteString("genmetrics", Version);
        w.WriteString("dotnet", Environment.Version.ToString());
        w.WriteString("os", System.Runtime.InteropServices.RuntimeInformation.OSDescription);
        w.WriteEndObject();

        w.WriteStartObject("timing_s");
        foreach (var (k, v) in r.TimingSeconds) w.WriteNumber(k, Math.Round(v, 6));
        w.WriteEndObject();

        w.WriteStartArray("warnings");
        foreach (var s in r.Warnings) w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>How results spell a direction: <c>lower</c>, <c>higher</c> or <c>none</c> (which is better).</summary>
    public static string Direction(KeyDirection d) => d switch
    {
        KeyDirection.LowerIsBetter => "lower",
        KeyDirection.HigherIsBetter => "higher",
        _ => "none",
    };

    private static void WriteBootstrap(Utf8JsonWriter w, BootstrapSummary b)
    {
        w.WriteStartObject("bootstrap");
        w.WriteNumber("replicates", b.Options.Replicates);
        w.WriteNumber("seed", b.Options.Seed);
        w.WriteNumber("level", b.Options.Level);
        w.WriteString("method", "percentile (numpy.percentile, linear)");
        w.WriteString("draw", "rng = numpy.random.RandomState(seed); per replicate: ig = rng.randint(0, n_generated, n_generated), then, when the real set is resampled, ir = rng.randint(0, n_real, n_real)");
        w.WriteStartObject("resampled");
        foreach (var (metric, roles) in b.Resampled)
        {
            w.WriteStartArray(metric);
            foreach (var role in roles) w.WriteStringValue(InputRoles.Name(role));
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.WriteStartObject("without_interval");
        foreach (var (metric, reason) in b.WithoutInterval) w.WriteString(metric, reason);
        w.WriteEndObject();
        w.WriteStartObject("timing_s");
        foreach (var (metric, t) in b.Seconds) w.WriteNumber(metric, Math.Round(t, 6));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteNumberValue(Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v)) w.WriteNumberValue(v); else w.WriteNullValue();
    }

    private static void WriteSetting(Utf8JsonWriter w, Setting s)
    {
        switch (s.Value)
        {
            case long l: w.WriteNumber(s.Name, l); break;
            case double d: WriteNumber(w, s.Name, d); break;
            case bool b: w.WriteBoolean(s.Name, b); break;
            default: w.WriteString(s.Name, (string)s.Value); break;
        }
    }

    // JSON has no NaN or Infinity: a non-finite value is written as null (on valid input only torchmetrics' PSNR of
    // identical images is one, +inf, and its metric says so in a warning).
    private static void WriteNumber(Utf8JsonWriter w, string key, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(key, v); else w.WriteNull(key);
    }

    /// <summary>The library's version (its informational version): the JSON's <c>versions.genmetrics</c> and the tool's <c>--version</c>.</summary>
    public static string Version { get; } =
        typeof(ResultJson).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
