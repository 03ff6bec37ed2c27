using System.Text.Json;

namespace GenMetrics.Tests.Support;

/// <summary>
/// Rebuilds the feature sets of parity/make_memorization_fixtures_2.py from a fixture: synthetic sets by their spec,
/// and a set whose first rows copy another set's rows (row + scale * noise row, float32, as the script's with_copies).
/// </summary>
internal static class MemorizationFixtures
{
    public static JsonDocument Load(string folder, string name) =>
        JsonDocument.Parse(File.ReadAllText(Fixtures.Path(folder, name + ".json")));

    public static FeatureMatrix Synthetic(JsonElement spec, string name) => SyntheticFeatures.Create(
        spec.GetProperty("seed").GetUInt64(), spec.GetProperty("n").GetInt32(), spec.GetProperty("d").GetInt32(),
        (float)spec.GetProperty("shift").GetDouble(), (float)spec.GetProperty("factor").GetDouble(), name);

    /// <summary>The set named <paramref name="key"/>; for "generated", with the fixture's copies applied.</summary>
    public static FeatureMatrix Set(JsonElement root, string key)
    {
        var x = Synthetic(root.GetProperty(key), key);
        if (key != "generated" || !root.TryGetProperty("copies", out var c) || c.ValueKind == JsonValueKind.Null) return x;
        var source = Synthetic(root.GetProperty(c.GetProperty("of").GetString()!), "copied");
        int count = c.GetProperty("count").GetInt32(), d = x.Columns;
        float scale = (float)c.GetProperty("scale").GetDouble();
        var data = x.Span.ToArray();
        var b = source.Span;
        for (int i = 0; i < count * d; i++) data[i] = b[i] + data[i] * scale;
        return new FeatureMatrix(data, x.Rows, d, key);
    }

    public static int[] Labels(JsonElement digits) => digits.GetString()!.Select(ch => ch - '0').ToArray();

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
