using System.Runtime.InteropServices;
using System.Security.Cryptography;
using GenMetrics.Encoders;
using GenMetrics.Formats;
using GenMetrics.Metrics;
using GenMetrics.Samples;

namespace GenMetrics.Evaluation;

/// <summary>
/// One set of samples in feature space, with its <see cref="Provenance"/>: the named outputs of an encoder
/// (<see cref="FeatureExtractor"/>), a features matrix (a file or memory), or Gaussian statistics alone (FID-type
/// metrics only). Immutable; its FID summary is computed once, when first needed.
/// </summary>
public sealed class FeatureSet
{
    private readonly (string Name, FeatureMatrix Matrix)[] _outputs;
    private GaussianStats? _summary;

    internal FeatureSet(Provenance provenance, (string Name, FeatureMatrix Matrix)[] outputs, GaussianStats? statistics, IReadOnlyList<string>? warnings = null,
        SampleItems? items = null)
    {
        if (outputs.Length == 0 && statistics is null) throw new ArgumentException("a feature set needs features or statistics");
        if (items is not null && outputs.Length > 0 && items.Count != outputs[0].Matrix.Rows)
            throw new ArgumentException($"{items.Count} items for {outputs[0].Matrix.Rows} rows", nameof(items));
        Provenance = provenance;
        _outputs = outputs;
        _summary = statistics;
        Warnings = warnings ?? [];
        Items = outputs.Length == 0 ? null : items ?? SampleItems.All(outputs[0].Matrix.Rows);
    }

    /// <summary>Where the set came from.</summary>
    public Provenance Provenance { get; }

    /// <summary>The input as named: <see cref="Provenance.Source"/>.</summary>
    public string Source => Provenance.Source;

    /// <summary>The default features (an encoder's first output, or the matrix given), or null for statistics.</summary>
    public FeatureMatrix? Features => _outputs.Length > 0 ? _outputs[0].Matrix : null;

    /// <summary>The names of the outputs held, the default first (empty for statistics).</summary>
    public IReadOnlyList<string> OutputNames => Array.ConvertAll(_outputs, o => o.Name);

    /// <summary>True when the set holds Gaussian statistics only (a statistics file): FID-type metrics alone.</summary>
    public bool IsStatisticsOnly => _outputs.Length == 0;

    /// <summary>Conditions a result should mention (lossy images, skipped files, non-canonical weights).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Which item of its source each row is (null for statistics): labels per source item are aligned through it.</summary>
    internal SampleItems? Items { get; }

    /// <summary>
    /// The name of each sample's item in its source, in row order, after any selection and skipped image: relative
    /// paths for folders, member names for archives, indices for image arrays and IDX files; null for features and
    /// statistics files, whose rows have no names.
    /// </summary>
    public IReadOnlyList<string>? ItemNames => Items is { SourceNames: not null } items ? new ItemNameList(items) : null;

    /// <summary>The dimension of the default features (or of the statistics).</summary>
    public int Dimension => Features?.Columns ?? _summary!.Dimension;

    /// <summary>The number of samples (for statistics: the count they record, 0 when unknown).</summary>
    public long Count => Features?.Rows ?? _summary!.Count;

    /// <summary>The output named <paramref name="name"/>, or null when the set has none of that name.</summary>
    public FeatureMatrix? TryGetOutput(string name)
    {
        foreach (var (n, m) in _outputs)
            if (n == name) return m;
        return null;
    }

    /// <summary>The output named <paramref name="name"/>.</summary>
    /// <exception cref="InputException">The set has no such output; the message names the set and the outputs it has.</exception>
    public FeatureMatrix GetOutput(string name) =>
        TryGetOutput(name) ?? throw new InputException(
            $"{Source}: has no output '{name}'" + (Provenance.Encoder is { } e ? $" (the {e.DisplayName} encoder gives {string.Join(", ", OutputNames)})" : IsStatisticsOnly ? " (it holds statistics only)" : ""));

    /// <summary>Features already in memory; the content hash covers their shape and values.</summary>
    /// <param name="features">The N x D features.</param>
    /// <param name="source">A name for results and messages (default: the matrix's own).</param>
    public static FeatureSet FromFeatures(FeatureMatrix features, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        source ??= features.Source;
        return new FeatureSet(new Provenance(source, InputKind.Features, features.Rows, HashOf(features)), [(EncoderOutputNames.Features, features)], null);
    }

    /// <summary>Gaussian statistics (for FID-type metrics); the content hash covers the mean and the covariance.</summary>
    public static FeatureSet FromStatistics(GaussianStats statistics, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData(MemoryMarshal.AsBytes(statistics.Mean));
        h.AppendData(MemoryMarshal.AsBytes(statistics.Covariance));
        var provenance = new Provenance(source ?? statistics.Source, InputKind.Statistics, statistics.Count, Convert.ToHexStringLower(h.GetHashAndReset()));
        return new FeatureSet(provenance, [], statistics);
    }

    /// <summary>
    /// Loads a features file (a float .npy, or an .npz with one array or one named <c>features</c>), a statistics
    /// file (an .npz with <c>mu</c> and <c>sigma</c>, as pytorch-fid and clean-fid write them), or a stored reference
    /// (<c>ref:NAME</c>, see <see cref="References.ReferenceStore"/>).
    /// </summary>
    /// <exception cref="InputException">The file is missing, is images, or cannot be read as features or statistics; the message names it.</exception>
    public static FeatureSet Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (References.ReferenceStore.IsReference(path)) return new References.ReferenceStore().Load(path[References.ReferenceStore.Prefix.Length..]);
        var kind = KindOf(path);
        if (kind == InputKind.Images)
            throw new InputException($"{path}: holds images, not features or statistics: extract its features with an encoder first");
        var sha = HashFile(path);
        if (kind == InputKind.Statistics)
        {
            var s = StatsFile.Read(path);
            var recorded = StatsFile.ReadProvenance(path);
            var provenance = new Provenance(path, InputKind.Statistics, s.Count, sha) { Encoder = recorded?.Encoder, Preprocessing = recorded?.Protocol };
            string[] warnings = recorded is null
                ? [$"{path}: a statistics file without GenMetrics provenance (pytorch-fid, clean-fid or another tool wrote it): make sure it was computed with the same encoder and protocol as the other input, and note that its sample count is unknown"]
                : recorded.Encoder is null ? [$"{path}: statistics of features given as they were: their encoder is unknown, so it cannot be checked against the other input's"] : [];
            return new FeatureSet(provenance, [], s, warnings);
        }
        var f = FeatureFile.Read(path);
        return new FeatureSet(new Provenance(path, InputKind.Features, f.Rows, sha), [(EncoderOutputNames.Features, f)], null);
    }

    /// <summary>
    /// Like <see cref="Load"/> followed by <see cref="Select"/> and <see cref="Statistics"/>, for FID-type metrics:
    /// a features file is read in blocks into its statistics, so memory stays O(d²) whatever N (1M x 2048 features
    /// are never held); the statistics, count and provenance are those the features loaded whole would give, bit for
    /// bit. Statistics files and references load as <see cref="Load"/> does.
    /// </summary>
    /// <exception cref="InputException">As <see cref="Load"/>; or fewer than 2 samples, or a selection that does not fit.</exception>
    public static FeatureSet LoadStatistics(string path, SampleSelection? selection = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (KindOf(path) != InputKind.Features)
        {
            var set = Load(path);
            return selection is null || set.IsStatisticsOnly ? set : set.Select(selection);
        }
        var whole = Sharding.PartialStatistics.FromFeatures(path, new Sharding.Shard(0, 1), selection);
        var stats = whole.Statistics(path);
        var input = whole.Info.Input();
        // The content hash Load (whole file) or Select (the selected rows) would record.
        var sha = selection is null ? HashFile(path) : input.ContentSha256!;
        string[] warnings = stats.Count <= stats.Dimension
            ? [$"fid: {path} has N={stats.Count} <= d={stats.Dimension}: its covariance is singular and FID is strongly biased upward; compare FIDs only at equal N"]
            : [];
        var provenance = new Provenance(path, InputKind.Features, stats.Count, sha) { Selection = input.Selection };
        return new FeatureSet(provenance, [], stats, warnings);
    }

    /// <summary>
    /// What <paramref name="path"/> holds, by content: <see cref="InputKind.Statistics"/> for an .npz with <c>mu</c>
    /// and <c>sigma</c>, <see cref="InputKind.Features"/> for a float .npy/.npz, <see cref="InputKind.Images"/> for
    /// everything else (folders, archives, uint8 arrays, IDX files, image files; whether they open is checked later).
    /// </summary>
    /// <exception cref="InputException">The path does not exist.</exception>
    public static InputKind KindOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (References.ReferenceStore.IsReference(path)) return InputKind.Statistics;   // a stored reference: statistics, and features when stored
        if (Directory.Exists(path)) return InputKind.Images;
        if (!File.Exists(path)) throw new InputException($"{path}: no such file or folder");
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is not (".npy" or ".npz")) return InputKind.Images;
        if (ext == ".npz" && Sharding.PartFile.TryRead(path) is { } part) throw new InputException(Sharding.PartFile.NotWhole(path, part));
        if (ext == ".npz" && StatsFile.IsStatsFile(path)) return InputKind.Statistics;
        return Npy.HoldsFloats(path) ? InputKind.Features : InputKind.Images;
    }

    /// <summary>
    /// Writes the set's statistics (<see cref="Statistics"/>) as a pytorch-fid-compatible .npz with this set's
    /// provenance (encoder id, protocol, count, version) beside <c>mu</c> and <c>sigma</c>.
    /// </summary>
    public void WriteStatistics(string path)
    {
        var p = Provenance;
        StatsFile.Write(path, Statistics(), new StatsProvenance(p.Encoder, p.Preprocessing, Count, Reports.ResultJson.Version, p.Source, p.ContentSha256));
    }

    /// <summary>The samples <paramref name="selection"/> picks, in order (statistics cannot be subset).</summary>
    /// <exception cref="InputException">The set holds statistics, or the selection asks for more samples than it has.</exception>
    public FeatureSet Select(SampleSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        if (Features is null) throw InputException.ForSetting("num_samples", $"{Source} holds statistics, whose samples cannot be selected");
        int total = Features.Rows;
        var idx = selection.Indices(total, Source);
        var outputs = Array.ConvertAll(_outputs, o => (o.Name, o.Matrix.SelectRows(idx)));
        var first = outputs[0].Item2;
        // The content of a subset is its rows: hash them (a file's hash no longer describes it).
        var provenance = Provenance with { Count = first.Rows, ContentSha256 = HashOf(first), Selection = selection.Describe(total) };
        return new FeatureSet(provenance, outputs, null, Warnings, Items!.Rows(idx));
    }

    /// <summary>
    /// The Gaussian statistics (float64 mean and covariance, ddof 1): those given, or those of the default features,
    /// computed on first use and kept (a set evaluated against several others is summarised once).
    /// </summary>
    public GaussianStats Statistics() => _summary ??= Fid.Summarize(RequireFeatures("fid"));

    /// <summary>The default features, or an <see cref="InputException"/> saying that <paramref name="metric"/> needs them.</summary>
    internal FeatureMatrix RequireFeatures(string metric) =>
        Features ?? throw new InputException($"{Source}: is a statistics file (mu, sigma); {metric} needs features");

    /// <summary>This set with more warnings, which results carry (a front end's notes about how the input was used).</summary>
    public FeatureSet WithWarnings(IReadOnlyList<string> warnings) => new(Provenance, _outputs, IsStatisticsOnly ? _summary : null, [.. Warnings, .. warnings], Items);

    /// <summary>
    /// The rows <paramref name="indices"/> names, in that order, repeats allowed (a bootstrap resample): every output,
    /// the same provenance (the content hash still names the source), and no warnings.
    /// </summary>
    internal FeatureSet Resample(int[] indices) =>
        new(Provenance, Array.ConvertAll(_outputs, o => (o.Name, o.Matrix.SelectRows(indices))), null, null, Items?.Rows(indices));

    private sealed class ItemNameList(SampleItems items) : IReadOnlyList<string>
    {
        public string this[int index] => items.NameOf(index);
        public int Count => items.Count;
        public IEnumerator<string> GetEnumerator()
        {
            for (int i = 0; i < items.Count; i++) yield return items.NameOf(i);
        }
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static string HashFile(string path)
    {
        using var s = FileInput.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    internal static string HashOf(FeatureMatrix f)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> shape = stackalloc byte[8];
        BitConverter.TryWriteBytes(shape, f.Rows);
        BitConverter.TryWriteBytes(shape[4..], f.Columns);
        h.AppendData(shape);
        h.AppendData(MemoryMarshal.AsBytes(f.Span));
        return Convert.ToHexStringLower(h.GetHashAndReset());
    }
}
