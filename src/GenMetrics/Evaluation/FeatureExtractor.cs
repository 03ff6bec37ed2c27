using System.Collections.Concurrent;
using GenMetrics.Encoders;
using GenMetrics.Imaging;
using GenMetrics.Internals;
using GenMetrics.Samples;

namespace GenMetrics.Evaluation;

/// <summary>
/// Images to features: decode and preprocess on worker threads (the encoder's own <see cref="IEncoder.Preprocessing"/>),
/// encode on the calling thread, overlapped through a bounded queue; features cached per (content, encoder id,
/// preprocessing, output). The result is a <see cref="FeatureSet"/> that carries its provenance and warnings.
/// Rows do not depend on batch size or worker count.
/// </summary>
public static class FeatureExtractor
{
    /// <summary>
    /// Opens <paramref name="path"/> (a folder, .zip, uint8 .npy/.npz array, IDX file or image; see
    /// <see cref="SampleSources.Open"/>) and extracts its features with <paramref name="encoder"/>.
    /// </summary>
    /// <exception cref="InputException">The input cannot be opened or decoded, or holds no images; the message names it.</exception>
    public static FeatureSet Extract(string path, IEncoder encoder, ExtractionOptions? options = null,
        IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new ExtractionOptions();
        using var source = SampleSources.Open(path, options.Source);
        return Extract(source, encoder, options, progress, cancellationToken);
    }

    /// <summary>Extracts the features of the images of <paramref name="source"/> with <paramref name="encoder"/>.</summary>
    /// <exception cref="InputException">An image cannot be decoded (unless the source skips those), the source is empty,
    /// or an output asked for is not one of the encoder's.</exception>
    public static FeatureSet Extract(ISampleSource source, IEncoder encoder, ExtractionOptions? options = null,
        IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(encoder);
        options ??= new ExtractionOptions();
        if (source.Count == 0) throw new InputException($"{source.Name}: no images");
        int total = source.Count;
        using var selected = options.Samples is { } sel ? SampleSources.Select(source, sel) : null;
        var items = selected ?? source;
        var wanted = Wanted(encoder, options.Outputs);
        var warnings = new List<string>(encoder.Warnings);
        if (items.HasLossyItems)
            warnings.Add($"{source.Name}: holds lossy images (JPEG/WebP); compression artefacts change FID, so compare only with references made from the same format");

        var hash = items.ContentHash();
        var id = encoder.Id;
        var prep = encoder.Preprocessing;
        // Skipped items are known only after decoding, so a run that may skip is not cached.
        bool mayCache = options.UseCache && !options.Source.SkipInvalid;
        var cache = mayCache ? new FeatureCache(options.CacheFolder ?? GenMetricsHome.FromEnvironment().Features) : null;
        var keys = Array.ConvertAll(wanted, w => FeatureCache.Key(hash, id.Key, prep.Key, w.Output.Name));
        var outputs = cache is null ? null : TryLoadAll(cache, keys, wanted, items.Count, source.Name);

        var skipped = new ConcurrentDictionary<int, bool>();
        if (outputs is null)
        {
            outputs = Compute(items, encoder, wanted, options, skipped, progress, cancellationToken);
            if (cache is not null)
                for (int i = 0; i < wanted.Length; i++) cache.Store(keys[i], outputs[i]);
        }

        if (!skipped.IsEmpty)
        {
            var keep = Enumerable.Range(0, items.Count).Where(i => !skipped.ContainsKey(i)).ToArray();
            if (keep.Length == 0) throw new InputException($"{source.Name}: all {items.Count} images are invalid");
            var names = items.Skipped;
            warnings.Add($"{source.Name}: skipped {skipped.Count} invalid image(s) of {items.Count}: {string.Join("; ", names.Take(3))}{(names.Count > 3 ? "; ..." : "")}");
            outputs = Array.ConvertAll(outputs, o => o.SelectRows(keep));
        }
        var provenance = new Provenance(source.Name, InputKind.Images, outputs[0].Rows, hash)
        {
            Encoder = id,
            Preprocessing = prep.Id,
            Selection = options.Samples?.Describe(total),
        };
        var named = new (string, FeatureMatrix)[wanted.Length];
        for (int i = 0; i < wanted.Length; i++) named[i] = (wanted[i].Output.Name, outputs[i]);
        return new FeatureSet(provenance, named, null, warnings);
    }

    private static (EncoderOutput Output, int Index)[] Wanted(IEncoder encoder, IReadOnlyList<string>? names)
    {
        var all = encoder.Outputs;
        if (all.Count == 0) throw new ArgumentException($"encoder {encoder.Id} declares no outputs", nameof(encoder));
        if (names is null) return all.Select((o, i) => (o, i)).ToArray();
        var result = new List<(EncoderOutput, int)>();
        foreach (var name in names)
        {
            int i = all.ToList().FindIndex(o => o.Name == name);
            if (i < 0)
                throw InputException.ForSetting("outputs", $"'{name}' is not an output of the {encoder.Id.DisplayName} encoder (it gives {string.Join(", ", all.Select(o => o.Name))})");
            if (!result.Exists(r => r.Item2 == i)) result.Add((all[i], i));
        }
        if (result.Count == 0) throw InputException.ForSetting("outputs", "no output asked for");
        return [.. result];
    }

    private static FeatureMatrix[]? TryLoadAll(FeatureCache cache, string[] keys, (EncoderOutput Output, int Index)[] wanted, int rows, string source)
    {
        var result = new FeatureMatrix[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            var f = cache.TryLoad(keys[i], rows, wanted[i].Output.Dimension, source);
            if (f is null) return null;
            result[i] = f;
        }
        return result;
    }

    private static FeatureMatrix[] Compute(ISampleSource items, IEncoder encoder, (EncoderOutput Output, int Index)[] wanted, ExtractionOptions options,
        ConcurrentDictionary<int, bool> skipped, IProgress<ExtractionProgress>? progress, CancellationToken cancellationToken)
    {
        int count = items.Count;
        var prep = encoder.Preprocessing;
        var (c, h, w) = prep.InputShape;
        int inputLength = checked(c * h * w);
        var data = Array.ConvertAll(wanted, x => new float[(long)count * x.Output.Dimension]);
        bool skipInvalid = options.Source.SkipInvalid;
        FeaturePipeline.Run(count, inputLength,
            (i, dest) =>
            {
                RgbImage image;
                if (!skipInvalid) image = items.Read(i);
                else if (!items.TryRead(i, out image!)) { skipped[i] = true; image = Placeholder; }
                prep.Preprocess(image, dest);
            },
            (inputs, n, start) =>
            {
                var result = encoder.Encode(inputs, n);
                if (result.Count != encoder.Outputs.Count)
                    throw new InvalidOperationException($"encoder {encoder.Id} returned {result.Count} outputs, but declares {encoder.Outputs.Count}");
                for (int k = 0; k < wanted.Length; k++)
                {
                    var m = result[wanted[k].Index];
                    int d = wanted[k].Output.Dimension;
                    if (m.Rows != n || m.Columns != d)
                        throw new InvalidOperationException($"encoder {encoder.Id} output '{wanted[k].Output.Name}' is {m.Rows} x {m.Columns}, expected {n} x {d}");
                    m.Span.CopyTo(data[k].AsSpan(start * d, n * d));
                }
            },
            Math.Max(1, encoder.BatchSize), options.Workers ?? 0, progress, cancellationToken, items.Name);
        return Array.ConvertAll(wanted, x => x).Select((x, k) => new FeatureMatrix(data[k], count, x.Output.Dimension, items.Name)).ToArray();
    }

    // Stands in for an unreadable image so the batch keeps its shape; its row is dropped afterwards.
    private static readonly RgbImage Placeholder = new(1, 1, new byte[3], "skipped");
}
