using System.Security.Cryptography;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Metrics.Paired;
using GenMetrics.Samples;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Paired;

/// <summary>
/// <c>lpips</c> and <c>lpips_diversity</c> through <see cref="Evaluator"/>, the weights resolved by the store: a
/// stand-in backbone file whose SHA-256 keys a cached model built from the seeded random AlexNet of the fixtures, and
/// the real v0.1 linear weights. LPIPS diversity equals the lpips package's value in tests/fixtures/paired/lpips.json.
/// </summary>
[Collection("GENMETRICS_HOME")]
public sealed class LpipsRegistryTests : IDisposable
{
    private readonly TempDir _home = Fixtures.TempDir();
    private readonly string? _previousHome = Environment.GetEnvironmentVariable("GENMETRICS_HOME");
    private readonly string _backbone;

    public LpipsRegistryTests()
    {
        Environment.SetEnvironmentVariable("GENMETRICS_HOME", _home.Path);
        _backbone = _home.File("alexnet-random.pth");
        File.WriteAllText(_backbone, "stands for the seeded random AlexNet; the model cache answers for it");
        string Sha(string p) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(p)));
        var key = $"{LpipsGraph.Version}-{LpipsNet.Alex}-files-{Sha(_backbone)[..24]}-{Sha(LpipsFixture.LinearPath(LpipsNet.Alex))[..24]}";
        OnnxModelCache.Store(OnnxModelCache.PathFor(key, _home.Path), LpipsGraph.Build(LpipsFixture.Weights(LpipsNet.Alex)));
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("GENMETRICS_HOME", _previousHome);
        _home.Dispose();
    }

    private LpipsOptions Options(int batch = 8) => new(LpipsNet.Alex, _backbone, LpipsFixture.LinearPath(LpipsNet.Alex), batch);

    [Fact]
    public void Lpips_diversity_through_the_evaluator_equals_the_lpips_package()
    {
        var div = LpipsFixture.Json.GetProperty("diversity");
        var images = div.GetProperty("set").EnumerateArray().Select(e => PairedImages.Image(e.GetString()!)).ToList();
        using var set = SampleSources.FromImages(images, "fixture set");
        using var pairs = ImagePairs.Draw(set, div.GetProperty("pairs").GetInt32(), div.GetProperty("seed").GetUInt32());
        var result = Evaluator.Evaluate(new EvaluationSet { Pairs = pairs }, [new LpipsDiversityMetric(Options(batch: 3))]);
        Assert.True(Math.Abs(result["lpips_diversity"]!.Value - div.GetProperty("value").GetDouble()) <= 1e-5);
        Assert.Equal(KeyDirection.HigherIsBetter, result.KeyInfo("lpips_diversity")!.Direction);
        Assert.Contains(result.Warnings, w => w.Contains("does not start with 7be5be79"));
    }

    [Fact]
    public void Lpips_through_the_evaluator_equals_the_model_on_every_pair_and_does_not_depend_on_threads()
    {
        var specs = LpipsFixture.PairSpecs();
        var list = specs.Select(s => (PairedImages.Image(s.A), PairedImages.Image(s.B))).ToList();
        using var pairs = ImagePairs.FromImages(list);
        var result = Evaluator.Evaluate(new EvaluationSet { Pairs = pairs }, [new LpipsMetric(Options())]);
        var want = LpipsFixture.Net(LpipsNet.Alex).GetProperty("distances").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var got = result.ItemValues.Single().Value.Select(v => v.Value).ToArray();
        for (int i = 0; i < want.Length; i++) Assert.True(Math.Abs(got[i] - want[i]) <= 1e-5, $"pair {i}: {got[i]:R} vs lpips {want[i]:R}");
        using (Parallelism.Limit(1))
        {
            var one = Evaluator.Evaluate(new EvaluationSet { Pairs = pairs }, [new LpipsMetric(Options(batch: 1))]);
            Assert.Equal(result["lpips"]!.Value, one["lpips"]!.Value, 7);
        }
    }
}
