using System.Globalization;
using System.Text.Json;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Formats;

/// <summary>tests/fixtures/formats/manifest.json, written by parity/make_format_fixtures.py with numpy 1.24.</summary>
internal static class FormatFixtures
{
    private static readonly Lazy<JsonElement> s_manifest = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path("manifest.json"))).RootElement);

    public static JsonElement Manifest => s_manifest.Value;

    public static string Path(string relative) => Fixtures.Path(["formats", .. relative.Split('/')]);

    public static JsonElement Array(string file)
    {
        foreach (var e in Manifest.GetProperty("arrays").EnumerateArray())
            if (e.GetProperty("file").GetString() == file) return e;
        throw new KeyNotFoundException(file);
    }

    public static TheoryData<string> ArrayFiles(string section)
    {
        var data = new TheoryData<string>();
        foreach (var e in Manifest.GetProperty(section).EnumerateArray()) data.Add(e.GetProperty("file").GetString()!);
        return data;
    }

    /// <summary>Numbers as the script wrote them (Python repr, NaN, Infinity, -Infinity): they parse back exactly.</summary>
    public static double[] Numbers(JsonElement list) =>
        [.. list.EnumerateArray().Select(v => double.Parse(v.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture))];

    public static long[] Longs(JsonElement list) => [.. list.EnumerateArray().Select(v => v.GetInt64())];

    /// <summary>Bitwise equality, except that any NaN equals any NaN (numpy and .NET may pick different payloads).</summary>
    public static void AssertSame(double expected, double actual, string what)
    {
        if (double.IsNaN(expected) && double.IsNaN(actual)) return;
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"{what}: expected {expected:R}, got {actual:R}");
    }
}
