using System.Security.Cryptography;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Metrics;
using GenMetrics.Numerics;
using GenMetrics.Samples;

namespace GenMetrics.Sharding;

/// <summary>
/// One shard's share of FID statistics: the count, and the sum of the features and of their outer products, both
/// shifted by the features of the list's first sample (the pivot, the same in every shard) and kept as reproducible
/// sums (<see cref="Numerics.BinnedSums"/>) whose merge gives exactly the sums of an unsharded run. Merged with the
/// other shards' (<see cref="ShardMerge"/>), it gives statistics equal bit for bit to <c>stats</c> of the whole list.
/// </summary>
/// <remarks>
/// The file (<see cref="Write"/>) is an .npz: <c>count</c> (int64), <c>pivot</c> (d), <c>sum</c> (d) and <c>gram</c>
/// (d x d), float64 rounded values of Σ (x − pivot) and Σ (x − pivot)(x − pivot)ᵀ for Python (summing them over parts
/// gives the statistics within rounding: mu = pivot + sum / n, sigma = (gram − sum sumᵀ / n) / (n − 1)); the exact
/// sums as <c>sum_digits</c>/<c>gram_digits</c> (int64, 3 x entries; the upper triangle row by row for the Gram
/// matrix), <c>sum_bins</c>/<c>gram_bins</c> (int32 top bins) and <c>additions</c>; for images the items' names
/// (<c>item_names</c>, UTF-8, each followed by a zero byte) and SHA-256 digests (<c>item_digests</c>, n x 32), from
/// which <c>merge</c> recomputes the whole list's content hash; and <c>genmetrics_part</c>.
/// </remarks>
public sealed class PartialStatistics
{
    private readonly CovarianceAccumulator _sums;
    private readonly string[]? _names;
    private readonly byte[][]? _digests;

    private PartialStatistics(PartInfo info, CovarianceAccumulator sums, string[]? names, byte[][]? digests, IReadOnlyList<string>? warnings = null)
    {
        Info = info;
        _sums = sums;
        _names = names;
        _digests = digests;
        Warnings = warnings ?? [];
    }

    /// <summary>What the part records about itself.</summary>
    public PartInfo Info { get; }

    /// <summary>The samples summed.</summary>
    public long Count => _sums.Count;

    /// <summary>The feature dimension.</summary>
    public int Dimension => _sums.Dimension;

    /// <summary>Conditions worth a warning (lossy images, non-canonical weights).</summary>
    public IReadOnlyList<string> Warnings { get; }

    internal CovarianceAccumulator Sums => _sums;

    internal IReadOnlyList<string>? ItemNames => _names;

    internal IReadOnlyList<byte[]>? ItemDigests => _digests;

    /// <summary>
    /// The shard's partial statistics of a features file (N x D .npy, or an .npz's features array), read in blocks:
    /// memory stays bounded by d², whatever N.
    /// </summary>
    /// <param name="path">The features file.</param>
    /// <param name="shard">Which shard of the list (<see cref="Shard"/>); <c>0/1</c> is the whole list.</param>
    /// <param name="selection">Which samples of the file make the list (default: all, in order).</param>
    /// <param name="cancellationToken">Checked between blocks.</param>
    /// <exception cref="InputException">The file cannot be read as features, holds NaN or infinity, or the selection does not fit.</exception>
    public static PartialStatistics FromFeatures(string path, Shard shard, SampleSelection? selection = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(shard);
        using var reader = NpyRowReader.Open(path);
        if (reader.Rows > int.MaxValue) throw new InputException($"{path}: {reader.Rows} rows, more than a sample list can hold");
        if (reader.Rows == 0) throw new InputException($"{path}: no samples (shape (0, {reader.Columns}))");
        int d = reader.Columns;
        var list = SampleList.Of((int)reader.Rows, path, selection, shard);
        var first = new float[d];
        reader.Read(list.SourceIndex(0), first);
        var acc = new CovarianceAccumulator(d, pivot: first);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(BitConverter.GetBytes(list.Count));
        hash.AppendData(BitConverter.GetBytes(d));
        int chunk = Math.Max(1, (1 << 22) / d);   // 16 MB of float32 rows at a time
        var rows = new float[(long)Math.Min(chunk, Math.Max(1, list.Count)) * d];
        for (int p = list.Start; p < list.End;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(chunk, list.End - p);
            if (list.Contiguous) reader.Read(p, rows.AsSpan(0, n * d));
            else
                for (int r = 0; r < n; r++) reader.Read(list.SourceIndex(p + r), rows.AsSpan(r * d, d));
            var block = rows.AsSpan(0, n * d);
            acc.Add(block);
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(block));
            p += n;
        }
        var input = new PartInput("source", path, list.Start, list.End, list.Total, list.FeaturesSha256(reader.Rows, d, first),
            Convert.ToHexStringLower(hash.GetHashAndReset()), d) { Selection = list.Selection };
        return new PartialStatistics(new PartInfo(PartKind.Statistics, shard, [input]) { Version = Reports.ResultJson.Version }, acc, null, null);
    }

    /// <summary>
    /// The statistics of a whole features file (or of the samples <paramref name="selection"/> picks), read in blocks
    /// so that memory stays bounded by d² whatever N (1M x 2048 features never sit in memory), written to
    /// <paramref name="output"/> as <c>stats</c> writes them: the same values, bit for bit, and the same provenance (the
    /// file's SHA-256, or the selected rows' hash) as from features loaded whole.
    /// </summary>
    /// <exception cref="InputException">The file cannot be read as features, holds NaN or infinity, has fewer than 2 samples, or the selection does not fit.</exception>
    public static GaussianStats WriteStatistics(string featuresPath, string output, SampleSelection? selection = null, CancellationToken cancellationToken = default)
    {
        var whole = FromFeatures(featuresPath, new Shard(0, 1), selection, cancellationToken);
        var stats = whole.Statistics(featuresPath);
        string sha;
        if (selection is null)
        {
            using var file = FileInput.OpenRead(featuresPath);
            sha = Convert.ToHexStringLower(SHA256.HashData(file));
        }
        else sha = whole.Info.Input().ContentSha256!;
        StatsFile.Write(output, stats, new StatsProvenance(null, null, stats.Count, Reports.ResultJson.Version, featuresPath, sha));
        return stats;
    }

    /// <summary>The statistics of a part that holds a whole list (or of merged sums): mean and covariance with ddof 1.</summary>
    internal GaussianStats Statistics(string source)
    {
        if (Count < 2) throw new InputException($"{source}: {Internals.Throw.Samples(Count)}, but a covariance needs at least 2");
        var (mean, cov) = _sums.Result(1);
        return new GaussianStats(mean, cov, Count, CovarianceEstimator.Unbiased, source, owned: true);
    }

    /// <summary>
    /// The shard's partial statistics of images: their features (the encoder's first output) through
    /// <see cref="FeatureExtractor"/>, plus the features of the list's first sample (the pivot), extracted again by
    /// shards that do not hold it. An empty shard (more shards than blocks) encodes nothing.
    /// </summary>
    /// <param name="source">The images.</param>
    /// <param name="encoder">The encoder.</param>
    /// <param name="shard">Which shard of the list.</param>
    /// <param name="options">Which samples make the list (<see cref="ExtractionOptions.Samples"/>), the cache and workers; skipping invalid images is refused (shards would no longer cut the list where an unsharded run does).</param>
    /// <param name="progress">Receives extraction progress.</param>
    /// <param name="cancellationToken">Cancels the extraction.</param>
    /// <exception cref="InputException">An image cannot be decoded, or invalid images would be skipped.</exception>
    public static PartialStatistics FromImages(ISampleSource source, IEncoder encoder, Shard shard, ExtractionOptions? options = null,
        IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(shard);
        options ??= new ExtractionOptions();
        if (options.Source.SkipInvalid)
            throw InputException.ForSetting("skip_invalid", "cannot be used with shards: a skipped image would move the samples after it out of the block an unsharded run sums them in");
        if (source.Count == 0) throw new InputException($"{source.Name}: no images");
        var list = SampleList.Of(source.Count, source.Name, options.Samples, shard);
        var output = encoder.Outputs[0];
        var extract = options with { Samples = null, Outputs = [output.Name] };
        var indices = list.ShardIndices();
        string[]? names = null;
        byte[][]? digests = null;
        string? contentHash = null;
        if (source is SampleSourceBase b)
        {
            digests = b.ItemDigests(indices);
            names = Array.ConvertAll(indices, i => source.ItemNames[i]);
            contentHash = SampleSourceBase.CombineDigests(names, digests);
        }
        var acc = new CovarianceAccumulator(output.Dimension);
        var warnings = new List<string>();
        if (list.Count > 0)
        {
            using var items = new SampleSubset(source, indices, contentHash);
            var set = FeatureExtractor.Extract(items, encoder, extract, progress, cancellationToken);
            warnings.AddRange(set.Warnings);
            contentHash = set.Provenance.ContentSha256;
            var f = set.Features!;
            if (list.Start == 0) acc.Add(f);
            else
            {
                using var firstItem = new SampleSubset(source, [list.SourceIndex(0)]);
                var pivot = FeatureExtractor.Extract(firstItem, encoder, extract, null, cancellationToken).Features!;
                acc = new CovarianceAccumulator(output.Dimension, pivot: pivot.Span);
                acc.Add(f);
            }
        }
        contentHash ??= SampleSourceBase.CombineDigests([], []);
        var input = new PartInput("source", source.Name, list.Start, list.End, list.Total, list.NamesSha256(source.ItemNames), contentHash, output.Dimension)
        {
            Encoder = encoder.Id,
            Preprocessing = encoder.Preprocessing.Id,
            Selection = list.Selection,
        };
        return new PartialStatistics(new PartInfo(PartKind.Statistics, shard, [input]) { Version = Reports.ResultJson.Version, Warnings = warnings }, acc, names, digests, warnings);
    }

    /// <summary>Writes the part (.npz, see the remarks), atomically.</summary>
    public void Write(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (pivot, sum, gram) = _sums.State();
        if (sum.HasNonFinite || gram.HasNonFinite) throw new InputException($"{Info.Input().Source}: the features hold NaN or infinity");
        int d = Dimension;
        var arrays = new List<KeyValuePair<string, NpyArray>> { new("count", NpyArray.From([Count], ReadOnlySpan<long>.Empty)) };
        if (Count > 0) arrays.Add(new("pivot", NpyArray.From<double>(pivot, [d])));
        arrays.Add(new("sum", NpyArray.From<double>(_sums.ShiftedSum(), [d])));
        arrays.Add(new("gram", NpyArray.From<double>(_sums.ShiftedGram(), [d, d])));
        AddDigits(arrays, "sum", sum);
        AddDigits(arrays, "gram", gram);
        arrays.Add(new("additions", NpyArray.From([gram.Additions], ReadOnlySpan<long>.Empty)));
        if (_names is not null && _digests is not null)
        {
            var names = new MemoryStream();
            foreach (var n in _names)
            {
                names.Write(System.Text.Encoding.UTF8.GetBytes(n));
                names.WriteByte(0);
            }
            arrays.Add(new("item_names", NpyArray.From<byte>(names.ToArray(), [names.Length])));
            var flat = new byte[_digests.Length * 32];
            for (int i = 0; i < _digests.Length; i++) _digests[i].CopyTo(flat, i * 32);
            arrays.Add(new("item_digests", NpyArray.From<byte>(flat, [_digests.Length, 32])));
        }
        arrays.Add(new(PartFile.InfoKey, PartFile.InfoArray(Info)));
        Npz.Write(path, arrays);
    }

    private static void AddDigits(List<KeyValuePair<string, NpyArray>> arrays, string name, BinnedSums s)
    {
        var (d0, d1, d2, top) = s.State;
        var digits = new long[3L * s.Length];
        d0.CopyTo(digits, 0);
        d1.CopyTo(digits, s.Length);
        d2.CopyTo(digits, 2L * s.Length);
        arrays.Add(new(name + "_digits", NpyArray.From<long>(digits, [3, s.Length])));
        arrays.Add(new(name + "_bins", NpyArray.From<int>(top, [s.Length])));
    }

    /// <summary>Reads a part written by <see cref="Write"/>.</summary>
    /// <exception cref="InputException">The file is not a statistics part, or its arrays are missing or inconsistent; the message names it.</exception>
    public static PartialStatistics Read(string path)
    {
        var info = PartFile.Read(path);
        if (info.Kind != PartKind.Statistics) throw new InputException($"{path}: is a {PartInfo.KindName(info.Kind)} part, not a statistics part");
        var input = info.Input();
        int d = input.Dimension;
        try
        {
            long count = Npz.ReadArray(path, "count").ToInt64().Single();
            if (count != input.Count) throw PartFile.Bad(path, $"count {count}, but the part holds samples [{input.Start}, {input.End})");
            double[]? pivot = count > 0 ? Exact(path, "pivot", d).ToDouble() : null;
            long additions = Npz.ReadArray(path, "additions").ToInt64().Single();
            var sum = Digits(path, "sum", d, additions);
            var gram = Digits(path, "gram", checked((int)CovarianceAccumulator.PackedLength(d)), additions);
            // Parts are written from finite features only: anything else is a damaged file, said here rather than as
            // non-finite statistics after the merge.
            if (pivot is not null && !pivot.All(double.IsFinite)) throw PartFile.Bad(path, "its pivot sample is not finite");
            if (!sum.Values().All(double.IsFinite) || !gram.Values().All(double.IsFinite)) throw PartFile.Bad(path, "its sums are not finite");
            var acc = CovarianceAccumulator.FromState(d, count, pivot, sum, gram);
            string[]? names = null;
            byte[][]? digests = null;
            var keys = Npz.ListArrays(path);
            if (keys.Contains("item_names") && keys.Contains("item_digests"))
            {
                var text = Npz.ReadArray(path, "item_names").ToBytes();
                names = text.Length == 0 ? [] : System.Text.Encoding.UTF8.GetString(text, 0, text.Length - 1).Split('\0');
                var flat = Npz.ReadArray(path, "item_digests").ToBytes();
                if (names.Length != count || flat.Length != count * 32) throw PartFile.Bad(path, $"{names.Length} item names and {flat.Length / 32} digests for {count} samples");
                digests = new byte[count][];
                for (int i = 0; i < count; i++) digests[i] = flat.AsSpan(i * 32, 32).ToArray();
            }
            return new PartialStatistics(info, acc, names, digests);
        }
        catch (ArgumentException e)
        {
            throw PartFile.Bad(path, e.Message);
        }
    }

    private static NpyArray Exact(string path, string name, params long[] shape)
    {
        var a = Npz.ReadArray(path, name);
        if (!a.Shape.SequenceEqual(shape)) throw PartFile.Bad(path, $"array '{name}' has shape {a.Header.ShapeText}, expected ({string.Join(", ", shape)})");
        return a;
    }

    private static BinnedSums Digits(string path, string name, int length, long additions)
    {
        var digits = Exact(path, name + "_digits", 3, length).ToInt64();
        var top = Exact(path, name + "_bins", length).ToInt32();
        return BinnedSums.FromState(digits[..length], digits[length..(2 * length)], digits[(2 * length)..], top, additions);
    }
}
