using GenMetrics.Encoders;
using GenMetrics.Imaging;
using GenMetrics.Metrics.Paired;
using Xunit.Abstractions;

namespace GenMetrics.Tests.Paired;

/// <summary>
/// LPIPS v0.1 against the lpips package (PerceptualSimilarity 082bb24) run by parity/make_lpips_fixtures.py on
/// torch 1.13 with the same seeded random torchvision backbones and the real linear weights: within 1e-5 absolute.
/// </summary>
public class LpipsParityTests(LpipsFixture f, ITestOutputHelper output) : IClassFixture<LpipsFixture>
{
    public static IEnumerable<object[]> Nets() => Enum.GetNames<LpipsNet>().Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Nets))]
    public void Random_backbone_equals_the_fixture_generator_in_torchvisions_layout(string netName)
    {
        var net = Enum.Parse<LpipsNet>(netName);
        var fixture = LpipsFixture.Net(net);
        // The features keys and shapes of torchvision 0.14's state_dict, in its order.
        var tv = fixture.GetProperty("torchvision_keys").EnumerateArray()
            .Select(e => (e[0].GetString()!, e[1].EnumerateArray().Select(d => d.GetInt32()).ToArray()))
            .Where(e => e.Item1.StartsWith("features.", StringComparison.Ordinal)).ToList();
        var ours = LpipsBackbone.Tensors(net).ToList();
        Assert.Equal(tv.Select(t => t.Item1), ours.Select(t => t.Key));
        for (int i = 0; i < ours.Count; i++) Assert.Equal(tv[i].Item2, ours[i].Shape);
        var weights = LpipsRandomWeights.Create(net);
        foreach (var p in fixture.GetProperty("feature_bits").EnumerateObject())
            Assert.True(p.Value.GetUInt64() == BitsSum(weights[p.Name].Data), $"{net} {p.Name}: bits differ from numpy's");
    }

    [Theory]
    [MemberData(nameof(Nets))]
    public void Distances_equal_the_lpips_package_within_1e5(string netName)
    {
        var net = Enum.Parse<LpipsNet>(netName);
        var specs = LpipsFixture.PairSpecs();
        var pairs = specs.Select(s => (PairedImages.Image(s.A), PairedImages.Image(s.B))).ToList();
        var got = f.Models[net].Distances(pairs);
        var want = LpipsFixture.Net(net).GetProperty("distances").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double maxAbs = 0, maxRel = 0;
        for (int i = 0; i < want.Length; i++)
        {
            double d = Math.Abs(got[i] - want[i]);
            maxAbs = Math.Max(maxAbs, d);
            if (want[i] > 0) maxRel = Math.Max(maxRel, d / want[i]);
            output.WriteLine($"{net} {specs[i].A} / {specs[i].B}: {got[i]:R} vs lpips {want[i]:R}");
            Assert.True(d <= 1e-5, $"{net} pair {i}: {got[i]:R} vs {want[i]:R}");
        }
        output.WriteLine($"{net}: max |diff| {maxAbs:E2}, max relative {maxRel:E2}");
        Assert.True(maxRel <= 1e-4, $"{net}: relative error {maxRel:E2}");
    }

    [Theory]
    [MemberData(nameof(Nets))]
    public void Distance_to_itself_is_zero_and_distance_is_symmetric(string netName)
    {
        var model = f.Models[Enum.Parse<LpipsNet>(netName)];
        var (a, b) = (PairedImages.Image("40x48:scene:3"), PairedImages.Image("40x48:noisy:3:9"));
        Assert.Equal(0.0, model.Distance(a, a));
        Assert.Equal(model.Distance(a, b), model.Distance(b, a));
        Assert.True(model.Distance(a, b) > 0);
    }

    [Theory]
    [MemberData(nameof(Nets))]
    public void Minimum_size_is_the_references_and_smaller_images_name_both(string netName)
    {
        var net = Enum.Parse<LpipsNet>(netName);
        int min = LpipsFixture.Net(net).GetProperty("minimum_size").GetInt32();
        Assert.Equal(min, f.Models[net].MinimumSize);
        var (a, b) = (PairedImages.Image($"{min}x{min}:scene:1"), PairedImages.Image($"{min}x{min}:noisy:1:2"));
        Assert.True(f.Models[net].Distance(a, b) > 0);
        var (s, t) = (PairedImages.Image($"{min - 1}x{min + 5}:scene:1"), PairedImages.Image($"{min - 1}x{min + 5}:scene:2"));
        var e = Assert.Throws<InputException>(() => f.Models[net].Distance(s, t));
        Assert.Contains(s.Source, e.Message);
        Assert.Contains(t.Source, e.Message);
        Assert.Contains($"{min} x {min}", e.Message);
    }

    [Fact]
    public void Mismatched_sizes_name_both_images()
    {
        var a = new RgbImage(40, 40, new byte[40 * 40 * 3], "gen/1.png");
        var b = new RgbImage(40, 41, new byte[40 * 41 * 3], "ref/1.png");
        var e = Assert.Throws<InputException>(() => f.Models[LpipsNet.Alex].Distance(a, b));
        Assert.Contains("gen/1.png", e.Message);
        Assert.Contains("ref/1.png", e.Message);
    }

    [Fact]
    public void Results_do_not_depend_on_batch_size_or_thread_count()
    {
        var pairs = Enumerable.Range(0, 7).Select(i => (PairedImages.Image($"48x40:scene:{i}"), PairedImages.Image($"48x40:noisy:{i}:{i + 30}")))
            .Append((PairedImages.Image("50x52:scene:1"), PairedImages.Image("50x52:scene:2"))).ToList();
        var batched = f.Models[LpipsNet.Alex].Distances(pairs);
        using var single = LpipsModel.Create(LpipsFixture.Weights(LpipsNet.Alex), threads: 1, batchSize: 1);
        var one = single.Distances(pairs);
        for (int i = 0; i < pairs.Count; i++) Assert.True(Math.Abs(batched[i] - one[i]) <= 1e-7 * Math.Max(1, one[i]), $"pair {i}: {batched[i]:R} vs {one[i]:R}");
    }

    [Fact]
    public void Diversity_draws_numpys_pairs_and_equals_the_lpips_mean()
    {
        var div = LpipsFixture.Json.GetProperty("diversity");
        var set = div.GetProperty("set").EnumerateArray().Select(e => PairedImages.Image(e.GetString()!)).ToList();
        int pairs = div.GetProperty("pairs").GetInt32();
        uint seed = div.GetProperty("seed").GetUInt32();
        var drawn = LpipsDiversity.DrawPairs(set.Count, pairs, seed);
        var want = div.GetProperty("drawn").EnumerateArray().Select(e => (e[0].GetInt32(), e[1].GetInt32())).ToArray();
        Assert.Equal(want, drawn.Select(p => (p.I, p.J)).ToArray());
        Assert.All(drawn, p => Assert.NotEqual(p.I, p.J));
        double got = LpipsDiversity.Compute(set, f.Models[LpipsNet.Alex], pairs, seed);
        output.WriteLine($"diversity {got:R} vs {div.GetProperty("value").GetDouble():R}");
        Assert.True(Math.Abs(got - div.GetProperty("value").GetDouble()) <= 1e-5);
        Assert.Throws<InputException>(() => LpipsDiversity.DrawPairs(1, 10));
        Assert.All(LpipsDiversity.DrawPairs(2, 50, 7), p => Assert.Equal(1, p.I + p.J));
    }

    private static ulong BitsSum(float[] x)
    {
        ulong s = 0;
        foreach (var v in x) s += (uint)BitConverter.SingleToInt32Bits(v);
        return s;
    }
}
