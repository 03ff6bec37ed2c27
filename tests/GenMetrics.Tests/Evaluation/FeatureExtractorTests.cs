using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Imaging;
using GenMetrics.Protocols;
using GenMetrics.Tests.Encoders;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Evaluation;

public class ImageFeaturesTests(InceptionFixture f) : IClassFixture<InceptionFixture>
{
    private static RgbImage Image(int i)
    {
        int w = 40 + 7 * i, h = 30 + 5 * i;
        var px = new byte[w * h * 3];
        for (int k = 0; k < px.Length; k++) px[k] = (byte)((k * 31 + i * 97 + (k / (w * 3)) * 13) & 0xff);
        return new RgbImage(w, h, px, $"img{i}");
    }

    [Fact]
    public void Pipeline_rows_equal_one_image_at_a_time_and_the_cache_returns_them_without_decoding()
    {
        const int n = 5;
        using var cacheDir = Fixtures.TempDir();
        var cache = new FeatureCache(cacheDir.Path);
        var protocol = Protocol.Clean;
        var got = ImageFeatures.Extract(n, Image, "content-hash", "test", protocol, f.Model, cache, batchSize: 2);
        Assert.Equal((n, 2048), (got.Pool3.Rows, got.Pool3.Columns));
        Assert.Equal((n, 1008), (got.LogitsUnbiased.Rows, got.LogitsUnbiased.Columns));
        for (int i = 0; i < n; i++)
        {
            var one = f.Model.EncodeAll(protocol.Preprocess(Image(i)), 1);
            Assert.Equal(one.Pool3.Row(0).ToArray(), got.Pool3.Row(i).ToArray());
            Assert.Equal(one.LogitsUnbiased.Row(0).ToArray(), got.LogitsUnbiased.Row(i).ToArray());
        }

        var again = ImageFeatures.Extract(n, _ => throw new InvalidOperationException("decoded although cached"), "content-hash", "test", protocol, f.Model, cache);
        Assert.Equal(got.Pool3.Span.ToArray(), again.Pool3.Span.ToArray());
        // Another protocol is another cache entry.
        var tf = ImageFeatures.Extract(n, Image, "content-hash", "test", Protocol.Tf, f.Model, cache, batchSize: 3);
        Assert.NotEqual(got.Pool3.Span.ToArray(), tf.Pool3.Span.ToArray());
    }
}
