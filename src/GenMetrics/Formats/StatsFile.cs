using System.Text;
using System.Text.Json;
using GenMetrics.Encoders;
using GenMetrics.Metrics;

namespace GenMetrics.Formats;

/// <summary>Where the statistics in a statistics file came from, as GenMetrics records it beside <c>mu</c> and <c>sigma</c>.</summary>
/// <param name="Encoder">The encoder that produced the features (null: features were given, or it was not recorded).</param>
/// <param name="Protocol">The preprocessing's id (<c>tf</c>, <c>tf@64</c>, ...), or null.</param>
/// <param name="Count">The number of samples summarised.</param>
/// <param name="Version">The GenMetrics version that wrote the file.</param>
/// <param name="Source">The input the statistics summarise, as it was named.</param>
/// <param name="ContentSha256">The content hash of that input.</param>
public sealed record StatsProvenance(EncoderId? Encoder, string? Protocol, long Count, string? Version, string? Source, string? ContentSha256);

/// <summary>
/// Statistics files as pytorch-fid and clean-fid write them: an .npz holding <c>mu</c> (d,) and <c>sigma</c> (d, d),
/// float64 (float32 is accepted on reading). GenMetrics adds two arrays those tools ignore (they read <c>mu</c> and
/// <c>sigma</c> by name): <c>count</c> (an int64 scalar, the number of samples) and <c>genmetrics</c> (UTF-8 JSON
/// bytes: encoder id, protocol, count, version, source, content hash; in Python
/// <c>json.loads(np.load(path)["genmetrics"].tobytes())</c>).
/// </summary>
public static class StatsFile
{
    private const string MeanKey = "mu";
    private const string CovarianceKey = "sigma";
    private const string CountKey = "count";
    private const string ProvenanceKey = "genmetrics";

    /// <summary>Reads and validates a statistics file; the sample count is the recorded one (0 when the file has none).</summary>
    /// <exception cref="InputException">A key is missing, the shapes disagree, d is 0, or a value is NaN or infinite.</exception>
    public static GaussianStats Read(string path)
    {
        using (var file = FileInput.OpenRead(path))
            if (!FileInput.IsZip(file))
                throw new InputException($"{path}: not a statistics file (expected an .npz archive with '{MeanKey}' and '{CovarianceKey}')");
        var keys = Npz.ListArrays(path);
        foreach (var key in (ReadOnlySpan<string>)[MeanKey, CovarianceKey])
            if (!keys.Contains(key))
                throw new InputException($"{path}: not a statistics file: no array '{key}' (found {Npz.KeyList(keys)})");
        var mu = Npz.ReadArray(path, MeanKey);
        var sigma = Npz.ReadArray(path, CovarianceKey);
        if (mu.Shape.Length != 1 || sigma.Shape is not [var rows, var cols] || rows != mu.Shape[0] || cols != mu.Shape[0])
            throw new InputException($"{path}: '{MeanKey}' has shape {mu.Header.ShapeText} and '{CovarianceKey}' has shape " +
                                     $"{sigma.Header.ShapeText}; expected (d,) and (d, d)");
        if (mu.Shape[0] == 0) throw new InputException($"{path}: empty statistics (d = 0)");
        int d = checked((int)mu.Shape[0]);
        var mean = mu.ToDouble();
        var covariance = sigma.ToDouble();
        CheckFinite(path, MeanKey, mean, 1);
        CheckFinite(path, CovarianceKey, covariance, d);
        long count = keys.Contains(CountKey) ? ReadCount(path) : 0;
        return new GaussianStats(mean, covariance, count, CovarianceEstimator.Unbiased, path, owned: true);
    }

    /// <summary>The provenance GenMetrics recorded in a statistics file, or null for a file without it (another tool's).</summary>
    /// <exception cref="InputException">The file is not a readable archive, or its provenance member is malformed.</exception>
    public static StatsProvenance? ReadProvenance(string path)
    {
        if (!Npz.ListArrays(path).Contains(ProvenanceKey)) return null;
        var bytes = Npz.ReadArray(path, ProvenanceKey);
        if (bytes.DType != NpyDType.UInt8 || bytes.Shape.Length != 1)
            throw new InputException($"{path}: array '{ProvenanceKey}' is '{bytes.DType.Descr}' {bytes.Header.ShapeText}; expected the UTF-8 bytes of a JSON object");
        try
        {
            using var doc = JsonDocument.Parse(bytes.Data);
            var root = doc.RootElement;
            string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            long count = root.TryGetProperty("count", out var c) && c.TryGetInt64(out var n) ? n : 0;
            return new StatsProvenance(Text("encoder") is { } id ? EncoderId.FromKey(id) : null, Text("protocol"), count,
                Text("version"), Text("source"), Text("sha256"));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new InputException($"{path}: array '{ProvenanceKey}' is not a GenMetrics provenance record ({e.Message})", e);
        }
    }

    private static long ReadCount(string path)
    {
        var a = Npz.ReadArray(path, CountKey);
        if (a.Count != 1 || a.DType.Kind is not (NpyKind.Int or NpyKind.UInt))
            throw new InputException($"{path}: array '{CountKey}' is '{a.DType.Descr}' {a.Header.ShapeText}; expected one integer (the sample count)");
        var v = a.ToDouble()[0];
        if (v < 0) throw new InputException($"{path}: array '{CountKey}' is {v}; a sample count cannot be negative");
        return (long)v;
    }

    /// <summary>Writes <c>mu</c> and <c>sigma</c> as float64 stored members, as <c>np.savez(path, mu=mu, sigma=sigma)</c> does, atomically.</summary>
    /// <param name="path">The .npz file to create or replace.</param>
    /// <param name="stats">The statistics (finite).</param>
    /// <param name="provenance">Where they came from: written as the <c>count</c> and <c>genmetrics</c> arrays (null: <c>mu</c> and <c>sigma</c> only).</param>
    public static void Write(string path, GaussianStats stats, StatsProvenance? provenance = null)
    {
        ArgumentNullException.ThrowIfNull(stats);
        Write(path, stats.Mean, stats.Covariance, stats.Dimension, provenance);
    }

    internal static void Write(string path, ReadOnlySpan<double> mean, ReadOnlySpan<double> covariance, int dimension, StatsProvenance? provenance = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (mean.Length != dimension) throw new ArgumentException($"mean has {mean.Length} values, expected d = {dimension}", nameof(mean));
        if (covariance.Length != (long)dimension * dimension)
            throw new ArgumentException($"covariance has {covariance.Length} values, expected d * d = {(long)dimension * dimension}", nameof(covariance));
        if (!AllFinite(mean) || !AllFinite(covariance))
            throw new ArgumentException("statistics must be finite (NaN or infinity found)", nameof(covariance));
        var arrays = new List<KeyValuePair<string, NpyArray>>
        {
            new(MeanKey, NpyArray.From(mean, [dimension])),
            new(CovarianceKey, NpyArray.From(covariance, [dimension, dimension])),
        };
        if (provenance is not null)
        {
            arrays.Add(new(CountKey, NpyArray.From([provenance.Count], ReadOnlySpan<long>.Empty)));
            arrays.Add(new(ProvenanceKey, Utf8(ProvenanceJson(provenance))));
        }
        Npz.Write(path, arrays);
    }

    /// <summary>True when the file is an .npz archive holding both <c>mu</c> and <c>sigma</c>; false for other files.</summary>
    /// <exception cref="InputException">The file is missing, or looks like a zip archive but is corrupt.</exception>
    public static bool IsStatsFile(string path) => Npz.Has(path, MeanKey, CovarianceKey);

    private static string ProvenanceJson(StatsProvenance p)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (p.Encoder is { } e) w.WriteString("encoder", e.Key);
            if (p.Protocol is { } protocol) w.WriteString("protocol", protocol);
            w.WriteNumber("count", p.Count);
            if (p.Version is { } v) w.WriteString("version", v);
            if (p.Source is { } s) w.WriteString("source", s);
            if (p.ContentSha256 is { } h) w.WriteString("sha256", h);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static NpyArray Utf8(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return NpyArray.From<byte>(bytes, [bytes.Length]);
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
            if (!double.IsFinite(v)) return false;
        return true;
    }

    private static void CheckFinite(string path, string key, double[] values, int columns)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
            {
                var at = key == MeanKey ? $"[{i}]" : $"[{i / columns}, {i % columns}]";
                throw new InputException($"{path}: '{key}'{at} is {values[i]} (statistics must be finite)");
            }
    }
}
