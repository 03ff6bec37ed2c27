using GenMetrics.Encoders;
using Xunit.Abstractions;

namespace GenMetrics.Tests.Encoders;

/// <summary>Builds the seed-0 random-CNN once for the tests of this class.</summary>
public sealed class RandomCnnFixture : IDisposable
{
    internal RandomCnnEncoder Model { get; } = RandomCnnEncoder.Create();

    /// <summary>Three 3 x 64 x 64 test images in [-1, 1] from a seeded generator; image 1 at half contrast.</summary>
    internal float[] Images { get; } = MakeImages(3);

    internal static float[] MakeImages(int count)
    {
        var rng = new Random(7);
        var x = new float[count * 3 * 64 * 64];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(2 * rng.NextDouble() - 1);
        for (int i = 3 * 64 * 64; i < Math.Min(count, 2) * 3 * 64 * 64; i++) x[i] *= 0.5f;
        return x;
    }

    public void Dispose() => Model.Dispose();
}

public class RandomCnnEncoderTests(RandomCnnFixture f, ITestOutputHelper output) : IClassFixture<RandomCnnFixture>
{
    [Fact]
    public void Describes_itself()
    {
        Assert.Equal(128, f.Model.Dimension);
        Assert.Equal((3, 64, 64), ((GenMetrics.Encoders.IEncoder)f.Model).Preprocessing.InputShape);
        Assert.Equal(new GenMetrics.Encoders.EncoderId("random-cnn", "random-cnn-v1", null, "seed=0"), f.Model.Id);
        Assert.Equal("tf@64", RandomCnnEncoder.Protocol.Id);
        Assert.Equal(64, RandomCnnEncoder.Protocol.Size);
        Assert.Equal("tf", RandomCnnEncoder.Protocol.Name);
    }

    [Fact]
    public void Weights_equal_the_documented_formula_bit_for_bit()
    {
        var w = RandomCnnWeights.Create(0);
        Assert.Equal(6, w.Count);
        Assert.Equal(9 * (3 * 32 + 32 * 32 + 32 * 64 + 64 * 64 + 64 * 128 + 128 * 128), w.Values.Sum(t => (long)t.Data.Length));
        foreach (var (name, (shape, data)) in w)
        {
            int fanIn = data.Length / shape[0];
            foreach (var i in new[] { 0, 1, 2, data.Length / 3, data.Length - 1 })
                Assert.Equal(BitConverter.SingleToInt32Bits(RandomCnnReference.Weight(0, name, fanIn, i)), BitConverter.SingleToInt32Bits(data[i]));
        }
        // The same for another seed, on every value of one tensor.
        var first = RandomCnnWeights.Create(5)["conv1_1.weight"].Data;
        for (int i = 0; i < first.Length; i++)
            Assert.Equal(BitConverter.SingleToInt32Bits(RandomCnnReference.Weight(5, "conv1_1.weight", 27, i)), BitConverter.SingleToInt32Bits(first[i]));
    }

    [Fact]
    public void Weights_are_pinned()
    {
        // Pinned from the first run (seed 0): the first value's bits and the wrapping sum of all bits per tensor.
        var w = RandomCnnWeights.Create(0);
        var got = string.Join(" ", w.Select(kv => $"{kv.Key}={BitsSum(kv.Value.Data):x16}"));
        output.WriteLine(got);
        Assert.Equal(Pinned, got);
        Assert.Equal(Conv11First, BitConverter.SingleToInt32Bits(w["conv1_1.weight"].Data[0]));
    }

    private const string Pinned = "conv1_1.weight=000001a0d7c37aca conv1_2.weight=000011a2f5b3ce4e conv2_1.weight=000023637c528874 "
        + "conv2_2.weight=000046b50ddeadb8 conv3_1.weight=00008d02037f64f7 conv3_2.weight=000118eed6a74ea2";
    private const int Conv11First = 1021943877;   // 0x3CE9A045 = 0.0285188f

    private static ulong BitsSum(float[] x)
    {
        ulong s = 0;
        foreach (var v in x) s += (uint)BitConverter.SingleToInt32Bits(v);
        return s;
    }

    [Fact]
    public void Output_equals_a_naive_float64_forward_pass_within_1e4_relative()
    {
        var got = f.Model.EncodeFeatures(f.Images.AsMemory(0, 2 * 3 * 64 * 64), 2);
        for (int n = 0; n < 2; n++)
        {
            var want = RandomCnnReference.Forward(0, f.Images.AsSpan(n * 3 * 64 * 64, 3 * 64 * 64));
            double scale = want.Max(Math.Abs), maxAbs = 0;
            for (int j = 0; j < want.Length; j++) maxAbs = Math.Max(maxAbs, Math.Abs(got.Span[n * 128 + j] - want[j]));
            output.WriteLine($"image {n}: max |diff| = {maxAbs:g3}, max |ref| = {scale:g3}, ratio {maxAbs / scale:g3}");
            Assert.True(scale > 1e-3, "features should not be all zero");
            Assert.True(maxAbs <= 1e-4 * scale, $"image {n}: max |diff| {maxAbs:g3} > 1e-4 x {scale:g3}");
        }
    }

    [Fact]
    public void Results_do_not_depend_on_the_batch_size_or_thread_count()
    {
        var all = f.Model.EncodeFeatures(f.Images, 3).Span.ToArray();
        using var one = RandomCnnEncoder.Create(batchSize: 1);
        Assert.Equal(all, one.EncodeFeatures(f.Images, 3).Span.ToArray());
        using var two = RandomCnnEncoder.Create(threads: 1, batchSize: 2);
        Assert.Equal(all, two.EncodeFeatures(f.Images, 3).Span.ToArray());
        var third = f.Model.EncodeFeatures(f.Images.AsMemory(2 * 3 * 64 * 64), 1).Span.ToArray();
        Assert.Equal(all[256..], third);
        Assert.Equal(0, f.Model.EncodeFeatures(ReadOnlyMemory<float>.Empty, 0).Rows);
    }

    [Fact]
    public void Different_seeds_give_different_features_and_the_same_seed_the_same()
    {
        var a = f.Model.EncodeFeatures(f.Images, 3).Span.ToArray();
        using var again = RandomCnnEncoder.Create(0);
        Assert.Equal(a, again.EncodeFeatures(f.Images, 3).Span.ToArray());
        using var other = RandomCnnEncoder.Create(1);
        var b = other.EncodeFeatures(f.Images, 3).Span.ToArray();
        int same = 0;
        for (int i = 0; i < a.Length; i++) if (a[i] == b[i]) same++;
        Assert.True(same < a.Length / 100, $"{same} of {a.Length} features equal across seeds");
        Assert.Equal("random-cnn[seed=1]", other.Id.DisplayName);
    }

    [Fact]
    public void Rejects_a_wrong_input_length()
    {
        var e = Assert.Throws<ArgumentException>(() => f.Model.EncodeFeatures(new float[100], 1));
        Assert.Contains("3 x 64 x 64", e.Message);
    }
}
