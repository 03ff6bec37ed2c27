using GenMetrics.Encoders;
using GenMetrics.Imaging;
using GenMetrics.Protocols;

namespace GenMetrics.Evaluation;

/// <summary>Inception features of a set of images: pool3 (2048, for FID/KID/PRDC) and logits_unbiased (1008, for IS).</summary>
internal sealed record InceptionFeatures(FeatureMatrix Pool3, FeatureMatrix LogitsUnbiased);

/// <summary>
/// Images → protocol → FID InceptionV3, through <see cref="FeaturePipeline"/> (decoding and resizing on worker threads,
/// overlapped with inference), with an optional feature cache keyed by content hash, weights hash and protocol.
/// </summary>
internal static class ImageFeatures
{
    private const int Pool3 = 2048, Classes = 1008;

    public static InceptionFeatures Extract(int count, Func<int, RgbImage> read, string contentSha256, string source,
        Protocol protocol, FidInceptionV3 encoder, FeatureCache? cache = null, IProgress<ExtractionProgress>? progress = null,
        int batchSize = FidInceptionV3.DefaultBatchSize)
    {
        string? key = cache is null ? null : FeatureCache.Key(contentSha256, $"inception:{encoder.WeightsSha256}", protocol.Key, "pool3+logits_unbiased");
        var both = key is null ? null : cache!.TryLoad(key, count);
        if (both is null || both.Columns != Pool3 + Classes)
        {
            var data = FeaturePipeline.Run(count, protocol.ImageLength, Pool3 + Classes,
                (i, dest) => protocol.Preprocess(read(i), dest),
                (inputs, n, features) =>
                {
                    var o = encoder.EncodeAll(inputs, n);
                    for (int r = 0; r < n; r++)
                    {
                        o.Pool3.Row(r).CopyTo(features.Slice(r * (Pool3 + Classes), Pool3));
                        o.LogitsUnbiased.Row(r).CopyTo(features.Slice(r * (Pool3 + Classes) + Pool3, Classes));
                    }
                },
                batchSize, progress: progress);
            both = new FeatureMatrix(data, count, Pool3 + Classes, source);
            if (key is not null) cache!.Store(key, both);
        }
        return Split(both, source);
    }

    /// <summary>Features of any encoder (no logits), with the same pipeline and cache.</summary>
    public static FeatureMatrix Extract(int count, Func<int, RgbImage> read, string contentSha256, string source,
        Protocol protocol, IEncoder encoder, string encoderId, FeatureCache? cache = null, IProgress<ExtractionProgress>? progress = null,
        int batchSize = 64) =>
        Extract(count, read, contentSha256, source, protocol.ImageLength, protocol.Preprocess, protocol.Key, encoder, encoderId, cache, progress, batchSize);

    /// <summary>
    /// Features of any encoder with its own preprocessing (<paramref name="recipeKey"/> names every setting of it,
    /// for the cache key).
    /// </summary>
    public static FeatureMatrix Extract(int count, Func<int, RgbImage> read, string contentSha256, string source,
        int inputLength, PreprocessInto preprocess, string recipeKey, IEncoder encoder, string encoderId, FeatureCache? cache = null,
        IProgress<ExtractionProgress>? progress = null, int batchSize = 64)
    {
        string? key = cache is null ? null : FeatureCache.Key(contentSha256, encoderId, recipeKey, "features");
        var cached = key is null ? null : cache!.TryLoad(key, count);
        if (cached is not null && cached.Columns == encoder.Dimension) return cached;
        var data = FeaturePipeline.Run(count, inputLength, encoder.Dimension,
            (i, dest) => preprocess(read(i), dest),
            (inputs, n, features) => encoder.Encode(inputs, n).Span.CopyTo(features),
            batchSize, progress: progress);
        var result = new FeatureMatrix(data, count, encoder.Dimension, source);
        if (key is not null) cache!.Store(key, result);
        return result;
    }

    /// <summary>Writes an image's network input into a span.</summary>
    public delegate void PreprocessInto(RgbImage image, Span<float> destination);

    private static InceptionFeatures Split(FeatureMatrix both, string source)
    {
        int n = both.Rows;
        var pool = new float[n * Pool3];
        var logits = new float[n * Classes];
        for (int r = 0; r < n; r++)
        {
            both.Row(r)[..Pool3].CopyTo(pool.AsSpan(r * Pool3, Pool3));
            both.Row(r)[Pool3..].CopyTo(logits.AsSpan(r * Classes, Classes));
        }
        return new InceptionFeatures(new FeatureMatrix(pool, n, Pool3, source), new FeatureMatrix(logits, n, Classes, source + " (logits_unbiased)"));
    }
}
