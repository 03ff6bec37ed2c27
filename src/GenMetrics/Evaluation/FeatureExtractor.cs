using System.Collections.Concurrent;
using GenMetrics.Encoders;
using GenMetrics.Formats;
using GenMetrics.Protocols;
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
            var decoding = new List<string>();
            outputs = Compute(items, encoder, wanted, options, skipped, progress, cancellationToken, decoding);
            warnings.AddRange(decoding);
            if (cache is not null)
                for (int i = 0; i < wanted.Length; i++) cache.Store(keys[i], outputs[i], decoding);
        }
        else
        {
            warnings.AddRange(cache!.Warnings(keys[0]));
            progress?.Report(new ExtractionProgress(source.Name, items.Count, items.Count, 0) { Decoded = items.Count, Cached = true });
        }

        var sampleItems = selected is SampleSubset subset ? new SampleItems(total, subset.Indices, source.ItemNames) : SampleItems.All(total, source.ItemNames);
        if (!skipped.IsEmpty)
        {
            var keep = Enumerable.Range(0, items.Count).Where(i => !skipped.ContainsKey(i)).ToArray();
            sampleItems = sampleItems.Rows(keep);
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
            Generator = (source as GeneratorSource)?.Settings,
        };
        var named = new (string, FeatureMatrix)[wanted.Length];
        for (int i = 0; i < wanted.Length; i++) named[i] = (wanted[i].Output.Name, outputs[i]);
        return new FeatureSet(provenance, named, null, warnings, sampleItems);
    }

    internal static (EncoderOutput Output, int Index)[] Wanted(IEncoder encoder, IReadOnlyList<string>? names)
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
        ConcurrentDictionary<int, bool> skipped, IProgress<ExtractionProgress>? progress, CancellationToken cancellationToken, List<string> warnings)
    {
        int count = items.Count;
        var data = Array.ConvertAll(wanted, x => new float[(long)count * x.Output.Dimension]);
        Run(items, encoder, wanted, options, skipped, progress, cancellationToken, (start, n, outputs) =>
        {
            for (int k = 0; k < wanted.Length; k++)
            {
                int d = wanted[k].Output.Dimension;
                outputs[k].Span.CopyTo(data[k].AsSpan(start * d, n * d));
            }
        }, warnings);
        return Array.ConvertAll(wanted, x => x).Select((x, k) => new FeatureMatrix(data[k], count, x.Output.Dimension, items.Name)).ToArray();
    }

    /// <summary>Runs the pipeline; <paramref name="sink"/> receives each batch's wanted outputs (rows start .. start + n - 1), in any order.</summary>
    internal static void Run(ISampleSource items, IEncoder encoder, (EncoderOutput Output, int Index)[] wanted, ExtractionOptions options,
        ConcurrentDictionary<int, bool> skipped, IProgress<ExtractionProgress>? progress, CancellationToken cancellationToken,
        Action<int, int, FeatureMatrix[]> sink, List<string> warnings)
    {
        int clipped = 0;
        var prep = encoder.Preprocessing;
        var (c, h, w) = prep.InputShape;
        int inputLength = checked(c * h * w);
        bool skipInvalid = options.Source.SkipInvalid;
        FeaturePipeline.Run(items.Count, inputLength,
            (i, dest) =>
            {
                RgbImage image;
                if (!skipInvalid) image = items.Read(i);
                else if (!items.TryRead(i, out image!)) { skipped[i] = true; image = Placeholder; }
                if (image.ClippedFrom16Bit) Interlocked.Increment(ref clipped);
                prep.Preprocess(image, dest);
            },
            (inputs, n, start) =>
            {
                var result = encoder.Encode(inputs, n);
                if (result.Count != encoder.Outputs.Count)
                    throw new InvalidOperationException($"encoder {encoder.Id} returned {result.Count} outputs, but declares {encoder.Outputs.Count}");
                var picked = new FeatureMatrix[wanted.Length];
                for (int k = 0; k < wanted.Length; k++)
                {
                    var m = result[wanted[k].Index];
                    int d = wanted[k].Output.Dimension;
                    if (m.Rows != n || m.Columns != d)
                        throw new InvalidOperationException($"encoder {encoder.Id} output '{wanted[k].Output.Name}' is {m.Rows} x {m.Columns}, expected {n} x {d}");
                    picked[k] = m;
                }
                sink(start, n, picked);
            },
            Math.Max(1, encoder.BatchSize), options.Workers ?? 0, progress, cancellationToken, items.Name);
        if (clipped > 0)
            warnings.Add($"{items.Name}: {clipped} 16-bit greyscale PNG(s) had values above 255, clipped to 255 as PIL's convert('RGB') does: " +
                         "they reach the encoder nearly white; convert them to 8 bits first (for example value / 257) unless you are reproducing PIL-based numbers");
    }

    /// <summary>
    /// Extracts features straight into .npy files, one per output (<paramref name="outputPaths"/>: output name to
    /// path), in bounded memory whatever the number of images: rows are appended in order as batches finish, and
    /// each file appears only when complete. No feature cache. Returns the provenance and warnings of the features.
    /// </summary>
    /// <exception cref="InputException">As <see cref="Extract(ISampleSource, IEncoder, ExtractionOptions?, IProgress{ExtractionProgress}?, CancellationToken)"/>, or an output cannot be written.</exception>
    public static ExtractionReport ExtractToFiles(ISampleSource source, IEncoder encoder, IReadOnlyDictionary<string, string> outputPaths,
        ExtractionOptions? options = null, IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(outputPaths);
        options ??= new ExtractionOptions();
        if (source.Count == 0) throw new InputException($"{source.Name}: no images");
        int total = source.Count;
        using var selected = options.Samples is { } sel ? SampleSources.Select(source, sel) : null;
        var items = selected ?? source;
        var wanted = Wanted(encoder, [.. outputPaths.Keys]);
        foreach (var path in outputPaths.Values) OutputFile.Check(path);
        var warnings = new List<string>(encoder.Warnings);
        if (items.HasLossyItems)
            warnings.Add($"{source.Name}: holds lossy images (JPEG/WebP); compression artefacts change FID, so compare only with references made from the same format");

        var writers = new List<NpyStreamWriter>();
        try
        {
            foreach (var (output, _) in wanted) writers.Add(NpyStreamWriter.Create<float>(outputPaths[output.Name], [items.Count, output.Dimension]));
            var skipped = new ConcurrentDictionary<int, bool>();
            // Batches finish in any order: hold the early ones until the rows before them are written.
            var waiting = new SortedDictionary<int, (int N, FeatureMatrix[] Outputs)>();
            int next = 0;
            Run(items, encoder, wanted, options, skipped, progress, cancellationToken, (start, n, outputs) =>
            {
                waiting[start] = (n, outputs);
                while (waiting.Remove(next, out var batch))
                {
                    for (int k = 0; k < writers.Count; k++)
                    {
                        int d = wanted[k].Output.Dimension;
                        var rows = batch.Outputs[k].Span;
                        for (int r = 0; r < batch.N; r++)
                            if (!skipped.ContainsKey(next + r)) writers[k].Append(rows.Slice(r * d, d));
                    }
                    next += batch.N;
                }
            }, warnings);
            int kept = items.Count - skipped.Count;
            if (kept == 0) throw new InputException($"{source.Name}: all {items.Count} images are invalid");
            if (!skipped.IsEmpty)
            {
                var names = items.Skipped;
                warnings.Add($"{source.Name}: skipped {skipped.Count} invalid image(s) of {items.Count}: {string.Join("; ", names.Take(3))}{(names.Count > 3 ? "; ..." : "")}");
            }
            foreach (var wr in writers) wr.Commit(kept);
            var provenance = new Provenance(source.Name, InputKind.Images, kept, items.ContentHash())
            {
                Encoder = encoder.Id,
                Preprocessing = encoder.Preprocessing.Id,
                Selection = options.Samples?.Describe(total),
                Generator = (source as GeneratorSource)?.Settings,
            };
            return new ExtractionReport(provenance, warnings);
        }
        finally
        {
            foreach (var wr in writers) wr.Dispose();
        }
    }

    /// <summary>
    /// Writes the encoder input that <paramref name="preprocessing"/> makes of every image of
    /// <paramref name="source"/> as one float32 N x C x H x W .npy, streaming (bounded memory, any N).
    /// </summary>
    public static void PreprocessToFile(ISampleSource source, IImagePreprocessing preprocessing, string path,
        IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(preprocessing);
        if (source.Count == 0) throw new InputException($"{source.Name}: no images");
        var (c, h, w) = preprocessing.InputShape;
        int length = checked(c * h * w), count = source.Count;
        const int batch = 32;
        var buffer = new float[(long)batch * length];
        using var writer = NpyStreamWriter.Create<float>(path, [count, c, h, w]);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        progress?.Report(new ExtractionProgress(source.Name, 0, count, 0));
        for (int start = 0; start < count; start += batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(batch, count - start);
            Parallelism.For(0, n, i => preprocessing.Preprocess(source.Read(start + i), buffer.AsSpan(i * length, length)), cancellationToken);
            writer.Append<float>(buffer.AsSpan(0, n * length));
            progress?.Report(new ExtractionProgress(source.Name, start + n, count, (start + n) / Math.Max(sw.Elapsed.TotalSeconds, 1e-9)) { Decoded = start + n });
        }
        writer.Commit();
    }

    // Stands in for an unreadable image so the batch keeps its shape; its row is dropped afterwards.
    private static readonly RgbImage Placeholder = new(1, 1, new byte[3], "skipped");
}
