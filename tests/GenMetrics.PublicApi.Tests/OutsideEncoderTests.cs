using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Imaging;
using GenMetrics.Protocols;
using GenMetrics.Samples;

namespace GenMetrics.PublicApi.Tests;

/// <summary>
/// A user's own encoder, written against the public API only: its preprocessing (nearest-neighbour resize to 4 x 4,
/// x / 255) and two named outputs (per-channel mean and per-channel maximum of the prepared image).
/// </summary>
internal sealed class ChannelStatsEncoder : IEncoder
{
    public sealed class NearestPreprocessing : IImagePreprocessing
    {
        public const int Side = 4;
        public string Id => "nearest@4/255";
        public string Key => Id;
        public (int Channels, int Height, int Width) InputShape => (3, Side, Side);

        public void Preprocess(RgbImage image, Span<float> destination)
        {
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < Side; y++)
                    for (int x = 0; x < Side; x++)
                        destination[(c * Side + y) * Side + x] = image[y * image.Height / Side, x * image.Width / Side, c] / 255f;
        }
    }

    public int Calls { get; private set; }

    public EncoderId Id { get; } = new("channel-stats", "channel-stats-v1");

    public IImagePreprocessing Preprocessing { get; } = new NearestPreprocessing();

    public IReadOnlyList<EncoderOutput> Outputs { get; } = [new("mean", 3), new("max", 3)];

    public int BatchSize => 2;

    public IReadOnlyList<FeatureMatrix> Encode(ReadOnlyMemory<float> images, int count)
    {
        Calls++;
        const int plane = NearestPreprocessing.Side * NearestPreprocessing.Side;
        var mean = new float[count * 3];
        var max = new float[count * 3];
        var x = images.Span;
        for (int i = 0; i < count; i++)
            for (int c = 0; c < 3; c++)
            {
                var p = x.Slice((i * 3 + c) * plane, plane);
                float s = 0, m = float.MinValue;
                foreach (var v in p) { s += v; m = Math.Max(m, v); }
                mean[i * 3 + c] = s / plane;
                max[i * 3 + c] = m;
            }
        return [new FeatureMatrix(mean, count, 3, "mean"), new FeatureMatrix(max, count, 3, "max")];
    }

    public void Dispose() { }
}

public class OutsideEncoderTests
{
    [Fact]
    public void An_encoder_of_ones_own_runs_through_the_extractor_with_its_preprocessing_outputs_and_cache()
    {
        using var dir = new TempFolder();
        var path = TestData.WriteImages(dir.File("images.npy"), n: 5, h: 12, w: 9, seed: 3);
        using var encoder = new ChannelStatsEncoder();
        var options = new ExtractionOptions { CacheFolder = dir.File("cache") };

        var set = FeatureExtractor.Extract(path, encoder, options);

        Assert.Equal(["mean", "max"], set.OutputNames);
        Assert.Same(set.GetOutput("mean"), set.Features);
        Assert.Equal(5, set.Count);
        Assert.Equal(3, encoder.Calls);   // batches of 2: 2 + 2 + 1
        // By hand: the nearest-neighbour 4 x 4 samples of each image, / 255.
        var px = TestData.Pixels(5, 12, 9, 3);
        for (int i = 0; i < 5; i++)
            for (int c = 0; c < 3; c++)
            {
                double s = 0, m = 0;
                for (int y = 0; y < 4; y++)
                    for (int x = 0; x < 4; x++)
                    {
                        float v = px[((i * 12 + y * 12 / 4) * 9 + x * 9 / 4) * 3 + c] / 255f;
                        s += v;
                        m = Math.Max(m, v);
                    }
                Assert.Equal(s / 16, set.GetOutput("mean").Row(i)[c], 5);
                Assert.Equal(m, set.GetOutput("max").Row(i)[c], 6);
            }
        // Provenance comes from the input and the encoder, not from the caller.
        Assert.Equal(InputKind.Images, set.Provenance.Kind);
        Assert.Equal(path, set.Provenance.Source);
        Assert.Equal(encoder.Id, set.Provenance.Encoder);
        Assert.Equal("nearest@4/255", set.Provenance.Preprocessing);
        using (var source = SampleSources.Open(path))
            Assert.Equal(source.ContentHash(), set.Provenance.ContentSha256);

        // The second run is served by the cache, keyed by the encoder's id: no network call.
        var again = FeatureExtractor.Extract(path, encoder, options);
        Assert.Equal(3, encoder.Calls);
        Assert.Equal(set.Features!.Span.ToArray(), again.Features!.Span.ToArray());

        // Metrics take its features like any other encoder's.
        var other = FeatureExtractor.Extract(TestData.WriteImages(dir.File("other.npy"), 6, 12, 9, seed: 4), encoder, options);
        var result = Evaluator.Evaluate(new EvaluationSet { Real = set, Generated = other }, "fid");
        Assert.True(result["fid"] > 0);
        Assert.Equal(encoder.Id, result.Encoder);
        Assert.Equal("nearest@4/255", result.Preprocessing);
    }
}
