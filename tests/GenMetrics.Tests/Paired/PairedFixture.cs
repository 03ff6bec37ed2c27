using System.Text.Json;
using GenMetrics.Imaging;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Paired;

/// <summary>tests/fixtures/paired/ssim_psnr.json (parity/make_paired_fixtures.py): image pairs and the references' values.</summary>
internal static class PairedFixture
{
    private static readonly Lazy<JsonElement> s_root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Fixtures.Path("paired", "ssim_psnr.json"))).RootElement);

    public static JsonElement Root => s_root.Value;

    public static int CaseCount => Root.GetProperty("cases").GetArrayLength();

    public static JsonElement Case(int i) => Root.GetProperty("cases")[i];

    public static (RgbImage A, RgbImage B) Images(int i)
    {
        var c = Case(i);
        return (PairedImages.Image(c.GetProperty("a").GetString()!), PairedImages.Image(c.GetProperty("b").GetString()!));
    }

    /// <summary>The reference's value, or null where it raised (the string starts with "error").</summary>
    public static double? Value(int i, bool greyscale, string key)
    {
        var v = Case(i).GetProperty(greyscale ? "grey" : "rgb").GetProperty(key);
        if (v.ValueKind == JsonValueKind.Number) return v.GetDouble();
        var s = v.GetString()!;
        return s switch
        {
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            "nan" => double.NaN,
            _ when s.StartsWith("error", StringComparison.Ordinal) => null,
            _ => throw new InvalidDataException($"case {i} {key}: {s}"),
        };
    }

    public static IEnumerable<object[]> CasesAndChannels()
    {
        for (int i = 0; i < CaseCount; i++)
        {
            yield return [i, false];
            yield return [i, true];
        }
    }
}
