using System.Diagnostics.CodeAnalysis;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Imaging;
using GenMetrics.Protocols;
using GenMetrics.Samples;
using GenMetrics.Tests.Encoders;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Evaluation;

public class FeatureExtractorTests(InceptionFixture f) : IClassFixture<InceptionFixture>
{
    private static RgbImage Image(int i)
    {
        int w = 40 + 7 * i, h = 30 + 5 * i;
        var px = new byte[w * h * 3];
        for (int k = 0; k < px.Length; k++) px[k] = (byte)((k * 31 + i * 97 + (k / (w * 3)) * 13) & 0xff);
        return new RgbImage(w, h, px, $"img{i}");
    }

    /// <summary>A source that counts its decodes and can forbid them.</summary>
    private sealed class CountingSource(int n) : ISampleSource
    {
        public int Reads;
        public bool Forbid;
        public string Name => "counting";
        public int Count => n;
        public IReadOnlyList<string> ItemNames => [.. Enumerable.Range(0, n).Select(i => $"{i}.png")];
        public bool HasLossyItems => false;
        public IReadOnlyList<string> Skipped => [];
        public string ContentHash() => "content-hash-" + n;
        public RgbImage Read(int index)
        {
            if (Forbid) throw new InvalidOperationException("decoded although cached");
            Interlocked.Increment(ref Reads);
            return Image(index);
        }
        public bool TryRead(int index, [NotNullWhen(true)] out RgbImage? image)
        {
            image = Read(index);
            return true;
        }
        public void Dispose() { }
    }

    [Fact]
    public void Rows_equal_one_image_at_a_time_and_the_cache_returns_them_without_decoding()
    {
        const int n = 5;
        using var cacheDir = Fixtures.TempDir();
        var options = new ExtractionOptions { CacheFolder = cacheDir.Path, Outputs = [EncoderOutputNames.Pool3, EncoderOutputNames.LogitsUnbiased] };
        f.Model.Protocol = Protocol.Clean;
        var source = new CountingSource(n);
        var got = FeatureExtractor.Extract(source, f.Model, options);
        var pool3 = got.GetOutput("pool3");
        var logits = got.GetOutput("logits_unbiased");
        Assert.Equal((n, 2048), (pool3.Rows, pool3.Columns));
        Assert.Equal((n, 1008), (logits.Rows, logits.Columns));
        Assert.Same(pool3, got.Features);
        Assert.Equal(n, source.Reads);
        for (int i = 0; i < n; i++)
        {
            var one = f.Model.EncodeAll(Protocol.Clean.Preprocess(Image(i)), 1);
            Assert.Equal(one.Pool3.Row(0).ToArray(), pool3.Row(i).ToArray());
            Assert.Equal(one.LogitsUnbiased.Row(0).ToArray(), logits.Row(i).ToArray());
        }
        // Provenance comes from the source and the encoder.
        Assert.Equal(new Provenance("counting", InputKind.Images, n, "content-hash-5") { Encoder = f.Model.Id, Preprocessing = "clean" }, got.Provenance);

        source.Forbid = true;
        var again = FeatureExtractor.Extract(source, f.Model, options);
        Assert.Equal(pool3.Span.ToArray(), again.Features!.Span.ToArray());
        // One output alone comes from its own cache file.
        var pool3Only = FeatureExtractor.Extract(source, f.Model, options with { Outputs = ["pool3"] });
        Assert.Equal(["pool3"], pool3Only.OutputNames);

        // Another protocol is another cache entry.
        source.Forbid = false;
        f.Model.Protocol = Protocol.Tf;
        var tf = FeatureExtractor.Extract(source, f.Model, options);
        Assert.NotEqual(pool3.Span.ToArray(), tf.Features!.Span.ToArray());
        Assert.Equal("tf", tf.Provenance.Preprocessing);
    }

    [Fact]
    public void A_selection_takes_the_first_n_or_a_seeded_subset_and_its_hash_is_the_subsets()
    {
        var images = Enumerable.Range(0, 6).Select(Image).ToList();
        using var all = SampleSources.FromImages(images, "six");
        using var encoder = RandomCnnEncoder.Create(0, threads: 1);
        var options = new ExtractionOptions { UseCache = false };
        var full = FeatureExtractor.Extract(all, encoder, options);
        var first = FeatureExtractor.Extract(all, encoder, options with { Samples = new SampleSelection(3) });
        Assert.Equal(3, first.Count);
        Assert.Equal("first 3 of 6", first.Provenance.Selection);
        Assert.Equal(full.Features!.Span[..(3 * 128)].ToArray(), first.Features!.Span.ToArray());
        using var firstThree = SampleSources.FromImages(images[..3], "three");
        Assert.Equal(firstThree.ContentHash(), first.Provenance.ContentSha256);

        // sorted(RandomState(7).choice(6, 3, replace=False)) = [0, 3, 5] (numpy 1.24.2)
        var random = FeatureExtractor.Extract(all, encoder, options with { Samples = new SampleSelection(3, 7) });
        Assert.Equal("3 of 6 (seed 7)", random.Provenance.Selection);
        int[] expected = [0, 3, 5];
        for (int r = 0; r < 3; r++) Assert.Equal(full.Features.Row(expected[r]).ToArray(), random.Features!.Row(r).ToArray());

        var e = Assert.Throws<InputException>(() => FeatureExtractor.Extract(all, encoder, options with { Samples = new SampleSelection(7) }));
        Assert.Equal("num_samples", e.Setting);
        Assert.Contains("7 samples asked for, but six has 6", e.Message);
    }

    [Fact]
    public void Unknown_outputs_name_the_encoders_outputs()
    {
        using var source = SampleSources.FromImages([Image(0)], "one");
        using var encoder = RandomCnnEncoder.Create(0, threads: 1);
        var e = Assert.Throws<InputException>(() => FeatureExtractor.Extract(source, encoder, new ExtractionOptions { UseCache = false, Outputs = ["logits"] }));
        Assert.Contains("'logits' is not an output of the random-cnn[seed=0] encoder (it gives features)", e.Message);
    }
}
