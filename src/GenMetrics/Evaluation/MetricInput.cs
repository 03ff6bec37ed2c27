using System.Security.Cryptography;
using GenMetrics.Formats;
using GenMetrics.Metrics;

namespace GenMetrics.Evaluation;

/// <summary>
/// One side of an evaluation: features (N x D) or, for FID alone, precomputed statistics (mean and covariance),
/// with the content hash that a result records.
/// </summary>
public sealed class MetricInput
{
    private MetricInput(string source, string sha256, FeatureMatrix? features, GaussianStats? stats, FeatureMatrix? logits = null, bool fromImages = false)
    {
        Logits = logits;
        FromImages = fromImages;
        Source = source;
        Sha256 = sha256;
        Features = features;
        Stats = stats;
    }

    /// <summary>Where the input came from (a path or a name).</summary>
    public string Source { get; }

    /// <summary>The SHA-256 of the input's content, lower-case hex.</summary>
    public string Sha256 { get; }

    /// <summary>The features, or null when the input is a statistics file.</summary>
    public FeatureMatrix? Features { get; }

    /// <summary>The statistics, or null when the input is features (they are computed on demand).</summary>
    public GaussianStats? Stats { get; }

    private GaussianStats? _summary;

    /// <summary>
    /// The FID statistics: those given, or those of the features, computed once and kept (an input evaluated against
    /// several others, as the demo's real set is, is summarised once).
    /// </summary>
    internal GaussianStats Summary() => Stats ?? (_summary ??= Fid.Summarize(RequireFeatures("fid")));

    /// <summary>Class logits for the Inception Score (Inception's logits_unbiased), when the input was images.</summary>
    public FeatureMatrix? Logits { get; }

    /// <summary>True when the features were extracted from images in this run.</summary>
    internal bool FromImages { get; }

    /// <summary>The feature dimension.</summary>
    public int Dimension => Features?.Columns ?? Stats!.Dimension;

    /// <summary>The number of samples (for a statistics file: the count it records, 0 when unknown).</summary>
    public long Count => Features?.Rows ?? Stats!.Count;

    /// <summary>Wraps features already in memory; the hash covers their shape and values.</summary>
    public static MetricInput FromFeatures(FeatureMatrix features) =>
        new(features.Source, HashFeatures(features), features, null);

    /// <summary>Wraps features extracted from images, with the logits the Inception Score uses.</summary>
    internal static MetricInput FromImageFeatures(FeatureMatrix features, FeatureMatrix? logits, string source, string contentSha256) =>
        new(source, contentSha256, features, null, logits, fromImages: true);

    /// <summary>Wraps statistics already in memory.</summary>
    public static MetricInput FromStats(GaussianStats stats, string source, string sha256) => new(source, sha256, null, stats);

    /// <summary>
    /// Loads a features file (.npy, or .npz with one array) or a statistics file (.npz with <c>mu</c> and <c>sigma</c>).
    /// Problems are an <see cref="InputException"/> naming the file.
    /// </summary>
    public static MetricInput Load(string path)
    {
        if (Directory.Exists(path))
            throw new InputException($"{path}: is a folder of images; images need an encoder (--encoder inception); with --encoder none, pass a features file (.npy/.npz) or a statistics file (.npz with mu, sigma)");
        if (!File.Exists(path)) throw new InputException($"{path}: no such file");
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is not (".npy" or ".npz"))
            throw new InputException($"{path}: unsupported input type '{ext}'; expected features (.npy, .npz) or statistics (.npz with mu, sigma)");
        var sha = HashFile(path);
        if (ext == ".npz" && StatsFile.IsStatsFile(path))
        {
            var s = StatsFile.Read(path);
            return new MetricInput(path, sha, null, new GaussianStats(s.Mean, s.Covariance, count: 0, source: path));
        }
        return new MetricInput(path, sha, FeatureFile.Read(path), null);
    }

    /// <summary>The features, or an <see cref="InputException"/> saying that <paramref name="metric"/> needs them.</summary>
    internal FeatureMatrix RequireFeatures(string metric) =>
        Features ?? throw new InputException($"{Source}: is a statistics file (mu, sigma); {metric} needs features");

    private static string HashFile(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    private static string HashFeatures(FeatureMatrix f)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> shape = stackalloc byte[8];
        BitConverter.TryWriteBytes(shape, f.Rows);
        BitConverter.TryWriteBytes(shape[4..], f.Columns);
        h.AppendData(shape);
        h.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(f.Span));
        return Convert.ToHexStringLower(h.GetHashAndReset());
    }
}
