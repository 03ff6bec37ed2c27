using System.Text.Json;
using GenMetrics.Encoders;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Paired;

/// <summary>
/// The three LPIPS networks with the seeded random backbones of parity/make_lpips_fixtures.py and the real v0.1
/// linear weights (tests/fixtures/lpips), built once for the tests of a class; and tests/fixtures/paired/lpips.json.
/// </summary>
public sealed class LpipsFixture : IDisposable
{
    public LpipsFixture()
    {
        foreach (var net in Enum.GetValues<LpipsNet>()) Models[net] = LpipsModel.Create(Weights(net), threads: 2);
    }

    internal Dictionary<LpipsNet, LpipsModel> Models { get; } = [];

    internal static JsonElement Json { get; } = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("paired", "lpips.json"))).RootElement;

    internal static string Name(LpipsNet net) => net.ToString().ToLowerInvariant();

    internal static string LinearPath(LpipsNet net) => Fixtures.Path("lpips", Name(net) + ".pth");

    internal static IReadOnlyDictionary<string, (int[] Shape, float[] Data)> Linear(LpipsNet net) => InceptionLoader.StateDict(LinearPath(net));

    internal static LpipsWeights Weights(LpipsNet net) =>
        LpipsWeights.From(net, LpipsRandomWeights.Create(net), Linear(net), "random backbone", LinearPath(net));

    internal static JsonElement Net(LpipsNet net) => Json.GetProperty("nets").GetProperty(Name(net));

    internal static List<(string A, string B)> PairSpecs() =>
        [.. Json.GetProperty("pairs").EnumerateArray().Select(p => (p[0].GetString()!, p[1].GetString()!))];

    public void Dispose()
    {
        foreach (var m in Models.Values) m.Dispose();
    }
}
