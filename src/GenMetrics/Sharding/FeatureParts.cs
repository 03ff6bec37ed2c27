using System.Collections.Concurrent;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Samples;

namespace GenMetrics.Sharding;

/// <summary>
/// <c>features --shard</c>: one shard's features of images, streamed into a part (.npz: <c>features</c>, the shard's
/// rows as float32 n x d, and <c>genmetrics_part</c>), one part per encoder output; <c>merge</c> concatenates the parts
/// in shard order into the .npy an unsharded run writes, byte for byte.
/// </summary>
public static class FeatureParts
{
    /// <summary>The array holding a part's features.</summary>
    public const string FeaturesKey = "features";

    /// <summary>
    /// Extracts the features of shard <paramref name="shard"/> of <paramref name="source"/> into part files, one per
    /// output (<paramref name="outputPaths"/>: output name to path), in bounded memory. An empty shard writes empty parts.
    /// </summary>
    /// <exception cref="InputException">An image cannot be decoded, an output is not the encoder's, an output cannot
    /// be written, or invalid images would be skipped (that would shift the rows of every later shard).</exception>
    public static ExtractionReport Extract(ISampleSource source, IEncoder encoder, Shard shard, IReadOnlyDictionary<string, string> outputPaths,
        ExtractionOptions? options = null, IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(outputPaths);
        options ??= new ExtractionOptions();
        if (options.Source.SkipInvalid)
            throw InputException.ForSetting("skip_invalid", "cannot be used with shards: a skipped image would shift the rows of the shards after it");
        if (source.Count == 0) throw new InputException($"{source.Name}: no images");
        var wanted = FeatureExtractor.Wanted(encoder, [.. outputPaths.Keys]);
        foreach (var path in outputPaths.Values) OutputFiles.Check(path);
        var list = SampleList.Of(source.Count, source.Name, options.Samples, shard);
        var indices = list.ShardIndices();
        using var items = new SampleSubset(source, indices);
        string hash = items.ContentHash();
        var warnings = new List<string>(encoder.Warnings);
        if (items.HasLossyItems)
            warnings.Add($"{source.Name}: holds lossy images (JPEG/WebP); compression artefacts change FID, so compare only with references made from the same format");
        string listHash = list.NamesSha256(source.ItemNames);
        var writers = new List<NpzStreamWriter>();
        try
        {
            foreach (var (output, _) in wanted) writers.Add(NpzStreamWriter.Create<float>(outputPaths[output.Name], FeaturesKey, [list.Count, output.Dimension]));
            if (list.Count > 0)
            {
                var waiting = new SortedDictionary<int, (int N, FeatureMatrix[] Outputs)>();
                int next = 0;
                FeatureExtractor.Run(items, encoder, wanted, options with { Samples = null }, new ConcurrentDictionary<int, bool>(), progress, cancellationToken, (start, n, outputs) =>
                {
                    waiting[start] = (n, outputs);
                    while (waiting.Remove(next, out var batch))
                    {
                        for (int k = 0; k < writers.Count; k++) writers[k].Append<float>(batch.Outputs[k].Span[..(batch.N * wanted[k].Output.Dimension)]);
                        next += batch.N;
                    }
                }, warnings);
            }
            for (int k = 0; k < writers.Count; k++)
            {
                var (output, _) = wanted[k];
                var input = new PartInput("source", source.Name, list.Start, list.End, list.Total, listHash, hash, output.Dimension)
                {
                    Encoder = encoder.Id,
                    Preprocessing = encoder.Preprocessing.Id,
                    Selection = list.Selection,
                };
                var info = new PartInfo(PartKind.Features, shard, [input]) { Version = Reports.ResultJson.Version, Output = output.Name };
                writers[k].Commit([new(PartFile.InfoKey, PartFile.InfoArray(info))]);
            }
        }
        finally
        {
            foreach (var w in writers) w.Dispose();
        }
        var provenance = new Provenance(source.Name, InputKind.Images, list.Count, hash)
        {
            Encoder = encoder.Id,
            Preprocessing = encoder.Preprocessing.Id,
            Selection = list.Selection is { } s ? $"{s}, shard {shard}" : $"shard {shard}: [{list.Start}, {list.End}) of {list.Total}",
        };
        return new ExtractionReport(provenance, warnings);
    }

    internal static MergeReport Merge(List<(string Path, PartInfo Info)> infos, string output, List<string> warnings, CancellationToken cancellationToken)
    {
        var input = infos[0].Info.Input();
        int d = input.Dimension;
        using var writer = NpyStreamWriter.Create<float>(output, [input.Total, d]);
        var buffer = new float[Math.Max(1, (1 << 22) / d) * d];
        foreach (var (path, info) in infos)
        {
            using var reader = NpyRowReader.Open(path);
            var part = info.Input();
            if (reader.Rows != part.Count || reader.Columns != d)
                throw PartFile.Bad(path, $"its features are {reader.Rows} x {reader.Columns}, but it records {part.Count} x {d}");
            int chunk = buffer.Length / d;
            for (long r = 0; r < reader.Rows; r += chunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int n = (int)Math.Min(chunk, reader.Rows - r);
                reader.Read(r, buffer.AsSpan(0, n * d));
                writer.Append<float>(buffer.AsSpan(0, n * d));
            }
        }
        writer.Commit();
        return new MergeReport(PartKind.Features, infos.Count, input.Total, d, warnings);
    }
}
