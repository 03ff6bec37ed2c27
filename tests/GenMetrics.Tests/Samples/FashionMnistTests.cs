using GenMetrics.Samples;
using GenMetrics.Tests.Support;
using System.Security.Cryptography;
using System.Text.Json;

namespace GenMetrics.Tests.Samples;

/// <summary>The committed Fashion-MNIST subset (samples/fashion-mnist) through the IDX reader and the IDX source,
/// against numpy's checksums recorded by parity/make_fashion_mnist_subset.py.</summary>
public class FashionMnistTests
{
    private static string Dir => Path.Combine(Fixtures.RepoRoot, "samples", "fashion-mnist");

    private static readonly JsonElement s_subset = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "subset.json"))).RootElement;

    [Theory]
    [InlineData("train-images-idx3-ubyte.gz")]
    [InlineData("train-labels-idx1-ubyte.gz")]
    [InlineData("t10k-images-idx3-ubyte.gz")]
    [InlineData("t10k-labels-idx1-ubyte.gz")]
    public void Idx_reader_gives_numpys_values(string name)
    {
        var expected = s_subset.GetProperty(name);
        var (data, shape) = Idx.Read(Path.Combine(Dir, name));
        Assert.Equal(expected.GetProperty("shape").EnumerateArray().Select(s => s.GetInt64()), shape);
        long sum = 0;
        foreach (var b in data) sum += b;
        Assert.Equal(expected.GetProperty("sum").GetInt64(), sum);
        Assert.Equal(expected.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(data)));
    }

    [Theory]
    [InlineData("train-images-idx3-ubyte.gz", 2000)]
    [InlineData("t10k-images-idx3-ubyte.gz", 1000)]
    public void Idx_source_gives_28x28_grey_replicated_to_rgb(string name, int count)
    {
        using var source = SampleSources.Open(Path.Combine(Dir, name));
        Assert.Equal(count, source.Count);
        var (data, _) = Idx.Read(Path.Combine(Dir, name));
        long sum = 0;
        for (int i = 0; i < source.Count; i++)
        {
            var image = source.Read(i);
            Assert.Equal((28, 28), (image.Width, image.Height));
            for (int p = 0; p < 28 * 28; p++)
            {
                byte v = data[i * 784 + p];
                Assert.True(image.Pixels[p * 3] == v && image.Pixels[p * 3 + 1] == v && image.Pixels[p * 3 + 2] == v);
                sum += image.Pixels[p * 3];
            }
        }
        Assert.Equal(s_subset.GetProperty(name).GetProperty("sum").GetInt64(), sum);
    }

    [Fact]
    public void Labels_file_is_not_an_image_source()
    {
        string path = Path.Combine(Dir, "train-labels-idx1-ubyte.gz");
        var e = Assert.Throws<InputException>(() => SampleSources.Open(path));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains("labels", e.Message);
    }
}
