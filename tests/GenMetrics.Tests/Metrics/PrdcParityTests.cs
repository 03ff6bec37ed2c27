using System.Text.Json;
using GenMetrics.Metrics;
using GenMetrics.Numerics;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Metrics;

/// <summary>
/// prdc (k = 5, strict) and torch-fidelity (k = 3, inclusive) on seeded synthetic features, against the numbers the
/// references computed on the same float32 features (parity/prdc_parity.py). The metrics are ratios of counts, so
/// equality is exact (torch's float32 means are reproduced as float32 means).
/// </summary>
public class PrdcParityTests
{
    public static TheoryData<string, int> Cases() => new()
    {
        { "d64_n1000", 512 }, { "d64_n1000", 256 }, { "d64_n1000", 0 },
        { "d2048_n1500", 512 },
        { "d512_n300_m400", 512 }, { "d512_n300_m400", 256 },
    };

    private static FeatureMatrix Synthetic(JsonElement e, string name) => SyntheticFeatures.Create(
        e.GetProperty("seed").GetUInt64(), e.GetProperty("n").GetInt32(), e.GetProperty("d").GetInt32(),
        (float)e.GetProperty("shift").GetDouble(), (float)e.GetProperty("factor").GetDouble(), name);

    [Theory, MemberData(nameof(Cases))]
    public void Matches_prdc_and_torch_fidelity(string name, int width)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("prdc", name + ".json")));
        var root = doc.RootElement;
        var real = Synthetic(root.GetProperty("real"), "real");
        var fake = Synthetic(root.GetProperty("fake"), "fake");

        var p = root.GetProperty("prdc");
        var ours = Prdc.ComputeAt(real, fake, new PrdcOptions(p.GetProperty("k").GetInt32()), (SimdWidth)width);
        Assert.Equal(p.GetProperty("precision").GetDouble(), ours.Precision);
        Assert.Equal(p.GetProperty("recall").GetDouble(), ours.Recall);
        Assert.Equal(p.GetProperty("density").GetDouble(), ours.Density);
        Assert.Equal(p.GetProperty("coverage").GetDouble(), ours.Coverage);

        var t = root.GetProperty("torch_fidelity");
        var tf = Prdc.ComputeAt(real, fake, PrdcOptions.TorchFidelity with { K = t.GetProperty("k").GetInt32() }, (SimdWidth)width);
        Assert.Equal(t.GetProperty("precision").GetDouble(), tf.Precision);
        Assert.Equal(t.GetProperty("recall").GetDouble(), tf.Recall);
        Assert.Equal(t.GetProperty("f_score").GetDouble(), tf.FScore, 1e-12);
    }

    [Fact]
    public void Matches_the_small_test_vector()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("prdc", "small_k2.json")));
        var root = doc.RootElement;
        FeatureMatrix Rows(string key, string name) => FeatureMatrix.FromRows(root.GetProperty(key).EnumerateArray()
            .Select(r => r.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray()).ToArray(), name);
        var p = root.GetProperty("prdc");
        var ours = Prdc.Compute(Rows("real_rows", "real"), Rows("fake_rows", "fake"), new PrdcOptions(K: 2));
        Assert.Equal(p.GetProperty("precision").GetDouble(), ours.Precision);
        Assert.Equal(2.0 / 3.0, ours.Precision);
        Assert.Equal(1.0, ours.Recall);
        Assert.Equal(1.0, ours.Density);
        Assert.Equal(1.0, ours.Coverage);
    }
}
