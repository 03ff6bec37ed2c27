using GenMetrics.Imaging;
using GenMetrics.Numerics;
using GenMetrics.Protocols;

namespace GenMetrics.Tests.Protocols;

public sealed class ProtocolTests
{
    [Fact]
    public void Registry_finds_the_three_protocols_and_tf_is_first()
    {
        Assert.Same(Protocol.Tf, Protocol.Get("tf"));
        Assert.Same(Protocol.PytorchFid, Protocol.Get("pytorch-fid"));
        Assert.Same(Protocol.Clean, Protocol.Get("clean"));
        Assert.Equal(["tf", "pytorch-fid", "clean"], Protocol.All.Select(p => p.Name));
    }

    [Fact]
    public void Unknown_name_lists_the_known_ones()
    {
        var e = Assert.Throws<InputException>(() => Protocol.Get("legacy_tensorflow"));
        Assert.Contains("legacy_tensorflow", e.Message);
        Assert.Contains("tf, pytorch-fid, clean", e.Message);
    }

    [Fact]
    public void Keys_differ_and_name_every_setting()
    {
        var keys = Protocol.All.Select(p => p.Key).ToArray();
        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.Equal("clean;filter=PilBicubic;range=Zero255;clip=1;size=299", Protocol.Clean.Key);
        Assert.NotEqual(Protocol.Tf.Key, (Protocol.Tf with { Size = 224 }).Key);
    }

    [Theory]
    [InlineData("tf")]
    [InlineData("pytorch-fid")]
    [InlineData("clean")]
    public void A_299_image_is_only_normalised(string name)
    {
        var p = Protocol.Get(name);
        var img = ProtocolInputs.Make("noise", 299, 299);
        var x = p.Preprocess(img);
        for (var c = 0; c < 3; c++)
            for (var i = 0; i < 299 * 299; i++)
            {
                float v = img.Pixels[3 * i + c];
                var expected = p.Range == PixelRange.Unit ? 2f * (v / 255f) - 1f : (v - 128f) / 128f;
                Assert.Equal(expected, x[c * 299 * 299 + i]);
            }
    }

    [Theory]
    [InlineData("tf")]
    [InlineData("pytorch-fid")]
    [InlineData("clean")]
    public void Batch_equals_one_by_one_at_any_thread_count(string name)
    {
        var p = Protocol.Get(name);
        RgbImage[] images = [ProtocolInputs.Make("noise", 37, 20), ProtocolInputs.Make("gradient", 300, 301),
            ProtocolInputs.Make("noise", 299, 299), ProtocolInputs.Make("gradient", 64, 48), ProtocolInputs.Make("noise", 1, 1)];
        var one = images.SelectMany(p.Preprocess).ToArray();
        foreach (var threads in new[] { 1, 2, -1 })
        {
            var batch = new float[images.Length * p.ImageLength];
            p.PreprocessBatch(images, batch, threads);
            Assert.Equal(one, batch);
        }
    }

    [Theory]
    [InlineData("tf")]
    [InlineData("pytorch-fid")]
    [InlineData("clean")]
    public void Scalar_and_vector_paths_agree_bit_for_bit(string name)
    {
        var p = Protocol.Get(name);
        foreach (var img in new[] { ProtocolInputs.Make("noise", 123, 77), ProtocolInputs.Make("noise", 700, 300) })
        {
            var s = new float[p.ImageLength];
            var v = new float[p.ImageLength];
            p.Preprocess(img, s, SimdWidth.Scalar);
            p.Preprocess(img, v, SimdWidth.V256);
            Assert.Equal(s, v);
        }
    }

    [Fact]
    public void Other_output_sizes_work()
    {
        var p = Protocol.Clean with { Name = "clean-224", Size = 224 };
        var x = p.Preprocess(ProtocolInputs.Make("gradient", 64, 48));
        Assert.Equal(3 * 224 * 224, x.Length);
        Assert.All(x, v => Assert.InRange(v, -1f, 1f));
    }

    [Fact]
    public void Small_destination_is_rejected()
    {
        var img = ProtocolInputs.Make("noise", 8, 8);
        Assert.Throws<ArgumentException>(() => Protocol.Tf.Preprocess(img, new float[10]));
        Assert.Throws<ArgumentException>(() => Protocol.Tf.PreprocessBatch([img, img], new float[Protocol.Tf.ImageLength]));
    }
}
