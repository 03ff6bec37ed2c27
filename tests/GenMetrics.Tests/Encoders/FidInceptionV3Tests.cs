using GenMetrics.Encoders;
using GenMetrics.Formats;
using GenMetrics.Tests.Support;
using Xunit.Abstractions;

namespace GenMetrics.Tests.Encoders;

/// <summary>Builds the network once (random weights, temporary cache) for the tests of this class.</summary>
public sealed class InceptionFixture : IDisposable
{
    internal TempDir Home { get; } = Fixtures.TempDir();
    internal Dictionary<string, (int[] Shape, float[] Data)> Weights { get; } = RandomInceptionWeights.Create();
    internal float[] Images { get; } = RandomInceptionWeights.Images(3);
    internal FidInceptionV3 Model { get; }

    public InceptionFixture() => Model = FidInceptionV3.Create(Weights, cacheHome: Home.Path);

    public void Dispose()
    {
        Model.Dispose();
        Home.Dispose();
    }
}

public class FidInceptionV3Tests(InceptionFixture f, ITestOutputHelper output) : IClassFixture<InceptionFixture>
{
    [Fact]
    public void Random_weights_equal_the_fixture_generator_bit_for_bit()
    {
        AssertBits("probe_conv1a_weight.npy", f.Weights["Conv2d_1a_3x3.conv.weight"].Data);
        AssertBits("probe_fc_bias.npy", f.Weights["fc.bias"].Data);
        AssertBits("probe_7c_pool_bn.npy", [.. new[] { "weight", "bias", "running_mean", "running_var" }
            .SelectMany(k => f.Weights["Mixed_7c.branch_pool.bn." + k].Data)]);
        AssertBits("probe_images_head.npy", f.Images[..1000]);
        Assert.Equal(472, f.Weights.Count);
        Assert.Equal(23_885_392, f.Weights.Values.Sum(t => (long)t.Data.Length));
    }

    [Theory]
    [InlineData("pool3")]
    [InlineData("logits_unbiased")]
    [InlineData("logits")]
    public void Outputs_match_pytorch_fid_within_1e4_relative(string tap)
    {
        var outs = f.Model.EncodeAll(f.Images, 3);
        var got = tap switch { "pool3" => outs.Pool3, "logits_unbiased" => outs.LogitsUnbiased, _ => outs.Logits };
        var want = Npy.Read(Fixtures.Path("inception", tap + ".npy")).ToSingle();
        Assert.Equal(want.Length, got.Span.Length);
        Assert.Equal(3, got.Rows);
        double scale = 0, maxAbs = 0, maxRel = 0;
        foreach (var w in want) scale = Math.Max(scale, Math.Abs(w));
        for (int i = 0; i < want.Length; i++)
        {
            double d = Math.Abs(got.Span[i] - want[i]);
            maxAbs = Math.Max(maxAbs, d);
            if (Math.Abs(want[i]) > 1e-2 * scale) maxRel = Math.Max(maxRel, d / Math.Abs(want[i]));
        }
        output.WriteLine($"{tap}: max |diff| = {maxAbs:g3}, / max |ref| ({scale:g3}) = {maxAbs / scale:g3}, max elementwise relative (|ref| > 1% of max) = {maxRel:g3}");
        Assert.True(maxAbs <= 1e-4 * scale, $"{tap}: max |diff| {maxAbs:g3} > 1e-4 x {scale:g3}");
    }

    [Fact]
    public void Results_do_not_depend_on_the_batch_size()
    {
        using var one = FidInceptionV3.Create(f.Weights, batchSize: 1, cacheHome: f.Home.Path);
        Assert.True(one.LoadedFromCache);
        var a = one.EncodeAll(f.Images, 3);
        var b = f.Model.EncodeAll(f.Images, 3);
        Assert.Equal(b.Pool3.Span.ToArray(), a.Pool3.Span.ToArray());
        Assert.Equal(b.Logits.Span.ToArray(), a.Logits.Span.ToArray());
        Assert.Equal(0, f.Model.EncodeAll(ReadOnlyMemory<float>.Empty, 0).Pool3.Rows);
    }

    [Fact]
    public void Results_do_not_depend_on_the_thread_count()
    {
        using var single = FidInceptionV3.Create(f.Weights, threads: 1, cacheHome: f.Home.Path);
        var a = single.EncodeAll(f.Images, 3);
        var b = f.Model.EncodeAll(f.Images, 3);
        Assert.Equal(b.Pool3.Span.ToArray(), a.Pool3.Span.ToArray());
        Assert.Equal(b.LogitsUnbiased.Span.ToArray(), a.LogitsUnbiased.Span.ToArray());
    }

    [Fact]
    public void A_second_build_loads_the_cached_model()
    {
        using var home = Fixtures.TempDir();
        using var first = FidInceptionV3.Create(f.Weights, cacheHome: home.Path);
        Assert.False(first.LoadedFromCache);
        var files = Directory.GetFiles(Path.Combine(home.Path, "models"));
        Assert.Single(files);
        Assert.Contains(first.WeightsSha256[..32], Path.GetFileName(files[0]));
        Assert.Contains(FidInceptionGraph.Version, Path.GetFileName(files[0]));
        using var second = FidInceptionV3.Create(f.Weights, cacheHome: home.Path);
        Assert.True(second.LoadedFromCache);
        Assert.Equal(first.EncodeAll(f.Images.AsMemory(0, 3 * 299 * 299), 1).Pool3.Span.ToArray(), second.EncodeAll(f.Images.AsMemory(0, 3 * 299 * 299), 1).Pool3.Span.ToArray());
        Assert.Empty(Directory.GetFiles(Path.Combine(home.Path, "models"), "*.tmp"));
    }

    [Fact]
    public void Keyed_by_the_file_hash_a_cached_model_skips_reading_the_weights()
    {
        using var home = Fixtures.TempDir();
        var sha = new string('A', 64);
        int reads = 0;
        IReadOnlyDictionary<string, (int[] Shape, float[] Data)> Read() { reads++; return f.Weights; }
        using (var first = FidInceptionV3.CreateForFile(sha, Read, cacheHome: home.Path)) Assert.False(first.LoadedFromCache);
        using var second = FidInceptionV3.CreateForFile(sha, Read, cacheHome: home.Path);
        Assert.True(second.LoadedFromCache);
        Assert.Equal(1, reads);
        Assert.Equal(new string('a', 64), second.WeightsSha256);
        Assert.Equal(f.Model.EncodeAll(f.Images.AsMemory(0, 3 * 299 * 299), 1).Pool3.Span.ToArray(), second.EncodeAll(f.Images.AsMemory(0, 3 * 299 * 299), 1).Pool3.Span.ToArray());
        Assert.Throws<ArgumentException>(() => FidInceptionV3.CreateForFile("6726825d", Read, cacheHome: home.Path));
    }

    [Fact]
    public void A_damaged_cache_file_is_rebuilt()
    {
        using var home = Fixtures.TempDir();
        var key = $"{FidInceptionGraph.Version}-{f.Model.WeightsSha256[..32]}";
        var path = OnnxModelCache.PathFor(key, home.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [1, 2, 3]);
        using var m = FidInceptionV3.Create(f.Weights, cacheHome: home.Path);
        Assert.False(m.LoadedFromCache);
        Assert.True(new FileInfo(path).Length > 90_000_000);
    }

    [Fact]
    public void Weight_content_changes_the_cache_key()
    {
        var other = new Dictionary<string, (int[] Shape, float[] Data)>(f.Weights);
        var bias = (float[])other["fc.bias"].Data.Clone();
        bias[0] += 1;
        other["fc.bias"] = ([1008], bias);
        Assert.NotEqual(f.Model.WeightsSha256, InceptionWeights.From(other).ContentSha256());
        Assert.Equal(f.Model.WeightsSha256, InceptionWeights.From(f.Weights).ContentSha256());
    }

    [Fact]
    public void Bad_state_dicts_are_input_errors_naming_the_key()
    {
        var missing = new Dictionary<string, (int[] Shape, float[] Data)>(f.Weights);
        missing.Remove("Mixed_6b.branch7x7dbl_5.conv.weight");
        var e = Assert.Throws<InputException>(() => InceptionWeights.From(missing, "w.pth"));
        Assert.Contains("w.pth", e.Message);
        Assert.Contains("missing key 'Mixed_6b.branch7x7dbl_5.conv.weight' (expected shape [192, 128, 1, 7])", e.Message);

        var shaped = new Dictionary<string, (int[] Shape, float[] Data)>(f.Weights) { ["fc.weight"] = ([1000, 2048], new float[1000 * 2048]) };
        e = Assert.Throws<InputException>(() => InceptionWeights.From(shaped));
        Assert.Contains("key 'fc.weight' has shape [1000, 2048], expected [1008, 2048]", e.Message);

        var extra = new Dictionary<string, (int[] Shape, float[] Data)>(f.Weights) { ["AuxLogits.fc.bias"] = ([1008], new float[1008]) };
        e = Assert.Throws<InputException>(() => InceptionWeights.From(extra));
        Assert.Contains("unexpected key 'AuxLogits.fc.bias'", e.Message);

        var tracked = new Dictionary<string, (int[] Shape, float[] Data)>(f.Weights) { ["Conv2d_1a_3x3.bn.num_batches_tracked"] = ([], [0f]) };
        InceptionWeights.From(tracked);
    }

    [Fact]
    public void Input_of_the_wrong_size_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => f.Model.EncodeAll(new float[3 * 299 * 299 - 1], 1));
    }

    [Fact]
    public void Layout_has_94_convolutions_and_472_tensors()
    {
        Assert.Equal(94, FidInceptionGraph.Convolutions.Count);
        Assert.Equal(472, FidInceptionGraph.Tensors().Count());
        Assert.Equal("Conv2d_1a_3x3", FidInceptionGraph.Convolutions[0].Name);
        Assert.Equal("Mixed_7c.branch_pool", FidInceptionGraph.Convolutions[^1].Name);
    }

    private static void AssertBits(string fixture, float[] actual)
    {
        var want = Npy.Read(Fixtures.Path("inception", fixture)).ToSingle();
        Assert.Equal(want.Length, actual.Length);
        for (int i = 0; i < want.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(want[i]) == BitConverter.SingleToInt32Bits(actual[i]), $"{fixture}[{i}]: {want[i]:R} != {actual[i]:R}");
    }
}
