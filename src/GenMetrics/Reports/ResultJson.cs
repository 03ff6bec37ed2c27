using System.Reflection;
using System.Text;
using System.Text.Json;
using GenMetrics.Internals;

namespace GenMetrics.Reports;

/// <summary>Writes an <see cref="EvaluationResult"/> as the JSON object described in DESIGN.md (a stable contract).</summary>
public static class ResultJson
{
    /// <summary>The result as indented UTF-8 JSON text.</summary>
    public static string Serialize(EvaluationResult result)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            Write(w, result);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes the JSON file atomically: nothing is left at <paramref name="path"/> if writing fails.</summary>
    public static void WriteFile(string path, EvaluationResult result) =>
        AtomicFile.WriteAllText(path, Serialize(result) + "\n");

    private static void Write(Utf8JsonWriter w, EvaluationResult r)
    {
        w.WriteStartObject();
        w.WriteStartObject("metrics");
        foreach (var (k, v) in r.Metrics) WriteNumber(w, k, v);
        w.WriteEndObject();

        w.WriteStartObject("inputs");
        foreach (var i in r.Inputs)
        {
            w.WriteStartObject(i.Role);
            w.WriteString("source", i.Source);
            w.WriteString("kind", i.Kind);
            w.WriteNumber("count", i.Count);
            w.WriteNumber("dimension", i.Dimension);
            w.WriteString("sha256", i.Sha256);
            w.WriteEndObject();
        }
        w.WriteEndObject();

        w.WriteStartObject("encoder");
        w.WriteString("name", r.Encoder.Name);
        if (r.Encoder.WeightsSha256 is { } h) w.WriteString("weights_sha256", h);
        w.WriteEndObject();

        if (r.Protocol is null) w.WriteNull("protocol"); else w.WriteString("protocol", r.Protocol);

        w.WriteStartObject("settings");
        foreach (var (k, v) in r.Settings) w.WriteString(k, v);
        w.WriteEndObject();

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

    // JSON has no NaN or Infinity: a non-finite value is written as null (metrics never produce one on valid input).
    private static void WriteNumber(Utf8JsonWriter w, string key, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(key, v); else w.WriteNull(key);
    }

    /// <summary>The library's informational version.</summary>
    public static string Version { get; } =
        typeof(ResultJson).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
