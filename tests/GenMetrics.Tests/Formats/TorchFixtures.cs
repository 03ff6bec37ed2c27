using System.Globalization;
using System.Text.Json;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Formats;

/// <summary>tests/fixtures/torch/expected.json, written by parity/make_torch_fixtures.py from what torch.load returns.</summary>
internal static class TorchFixtures
{
    private static readonly Lazy<JsonElement> s_expected = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path("expected.json"))).RootElement);

    public static string Path(string relative) => System.IO.Path.GetFullPath(Fixtures.Path(["torch", .. relative.Split('/')]));

    public static JsonElement Expected(string file) => s_expected.Value.GetProperty("files").GetProperty(file);

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var p in s_expected.Value.GetProperty("files").EnumerateObject()) data.Add(p.Name);
        return data;
    }

    public static double Number(JsonElement v) => v.ValueKind == JsonValueKind.String
        ? double.Parse(v.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
        : v.GetDouble();
}
