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
    public static MetricInput Load(string path, SampleSourceOptions sourceOptions, Protocol protocol, Func<FidInceptionV3> openEncoder,
        FeatureCache? cache, List<string> warnings, IProgress<ExtractionProgress>? progress = null)
    {
        using var source = SampleSources.Open(path, sourceOptions);
        if (source.Count == 0) throw new InputException($"{path}: no images");
        var encoder = openEncoder();   // after the input is known to be readable: a typo never triggers a download
        var hash = source.ContentHash();
        if (source.HasLossyItems)
            warnings.Add($"{path}: holds lossy images (JPEG/WebP); compression artefacts change FID, so compare only with references made from the same format");

        var skipped = new ConcurrentDictionary<int, bool>();
        var features = ImageFeatures.Extract(source.Count, i =>
        {
            if (!sourceOptions.SkipInvalid) return source.Read(i);
            if (source.TryRead(i, out var image)) return image;
            skipped[i] = true;
            return Placeholder;
        }, hash, path, protocol, encoder, sourceOptions.SkipInvalid ? null : cache, progress);

        if (!skipped.IsEmpty)
        {
            var keep = Enumerable.Range(0, source.Count).Where(i => !skipped.ContainsKey(i)).ToArray();
            if (keep.Length == 0) throw new InputException($"{path}: all {source.Count} images are invalid");
            warnings.Add($"{path}: skipped {skipped.Count} invalid image(s) of {source.Count} (--skip-invalid): {string.Join("; ", source.Skipped.Take(3))}{(source.Skipped.Count > 3 ? "; ..." : "")}");
            features = new InceptionFeatures(features.Pool3.SelectRows(keep), features.LogitsUnbiased.SelectRows(keep));
        }
        return MetricInput.FromImageFeatures(features.Pool3, features.LogitsUnbiased, path, hash);
    }

    // Stands in for an unreadable image so the batch keeps its shape; its row is dropped afterwards.
    private static readonly Imaging.RgbImage Placeholder = new(1, 1, new byte[3], "skipped");
}
