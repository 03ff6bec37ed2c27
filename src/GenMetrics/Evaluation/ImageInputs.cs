using System.Collections.Concurrent;
using GenMetrics.Encoders;
using GenMetrics.Protocols;
using GenMetrics.Samples;

namespace GenMetrics.Evaluation;

/// <summary>
/// Opens an image input (folder, zip, uint8 array, IDX file), extracts its Inception features under a protocol and
/// wraps them as a <see cref="MetricInput"/>, adding warnings for lossy formats and skipped files.
/// </summary>
internal static class ImageInputs
{
    /// <summary>Images through the FID Inception: pool3 features and logits_unbiased for the Inception Score.</summary>
    public static MetricInput Load(string path, SampleSourceOptions sourceOptions, Protocol protocol, Func<FidInceptionV3> openEncoder,
        FeatureCache? cache, List<string> warnings, IProgress<ExtractionProgress>? progress = null) =>
        Load(path, sourceOptions, warnings, (source, read, hash, useCache) =>
        {
            var encoder = openEncoder();   // after the input is known to be readable: a typo never triggers a download
            var f = ImageFeatures.Extract(source.Count, read, hash, path, protocol, encoder, useCache ? cache : null, progress);
            return (f.Pool3, f.LogitsUnbiased);
        });

    /// <summary>Images through any encoder (its own protocol), features only.</summary>
    public static MetricInput Load(string path, SampleSourceOptions sourceOptions, Protocol protocol, IEncoder encoder, string encoderId,
        FeatureCache? cache, List<string> warnings, IProgress<ExtractionProgress>? progress = null) =>
        Load(path, sourceOptions, warnings, (source, read, hash, useCache) =>
            (ImageFeatures.Extract(source.Count, read, hash, path, protocol, encoder, encoderId, useCache ? cache : null, progress), null));

    /// <summary>Images through an ONNX-file encoder and its own preprocessing, features only.</summary>
    public static MetricInput Load(string path, SampleSourceOptions sourceOptions, OnnxFileEncoder encoder,
        FeatureCache? cache, List<string> warnings, IProgress<ExtractionProgress>? progress = null) =>
        Load(path, sourceOptions, warnings, (source, read, hash, useCache) =>
            (ImageFeatures.Extract(source.Count, read, hash, path, encoder.ImageLength, encoder.Preprocess, encoder.Key, encoder, encoder.Key,
                useCache ? cache : null, progress), null));

    private delegate (FeatureMatrix Features, FeatureMatrix? Logits) Extractor(ISampleSource source, Func<int, Imaging.RgbImage> read, string hash, bool useCache);

    private static MetricInput Load(string path, SampleSourceOptions sourceOptions, List<string> warnings, Extractor extract)
    {
        using var source = SampleSources.Open(path, sourceOptions);
        if (source.Count == 0) throw new InputException($"{path}: no images");
        var hash = source.ContentHash();
        if (source.HasLossyItems)
            warnings.Add($"{path}: holds lossy images (JPEG/WebP); compression artefacts change FID, so compare only with references made from the same format");

        var skipped = new ConcurrentDictionary<int, bool>();
        // Skipped items are known only after decoding, so a run that may skip is not cached.
        var (features, logits) = extract(source, i =>
        {
            if (!sourceOptions.SkipInvalid) return source.Read(i);
            if (source.TryRead(i, out var image)) return image;
            skipped[i] = true;
            return Placeholder;
        }, hash, !sourceOptions.SkipInvalid);

        if (!skipped.IsEmpty)
        {
            var keep = Enumerable.Range(0, source.Count).Where(i => !skipped.ContainsKey(i)).ToArray();
            if (keep.Length == 0) throw new InputException($"{path}: all {source.Count} images are invalid");
            warnings.Add($"{path}: skipped {skipped.Count} invalid image(s) of {source.Count} (--skip-invalid): {string.Join("; ", source.Skipped.Take(3))}{(source.Skipped.Count > 3 ? "; ..." : "")}");
            features = features.SelectRows(keep);
            logits = logits?.SelectRows(keep);
        }
        return MetricInput.FromImageFeatures(features, logits, path, hash);
    }

    // Stands in for an unreadable image so the batch keeps its shape; its row is dropped afterwards.
    private static readonly Imaging.RgbImage Placeholder = new(1, 1, new byte[3], "skipped");
}
