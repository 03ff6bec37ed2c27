using GenMetrics.Samples;

namespace GenMetrics.Evaluation;

/// <summary>How <see cref="FeatureExtractor"/> reads a source and keeps its features. Defaults suit most runs.</summary>
public sealed record ExtractionOptions
{
    /// <summary>How a path is opened (sub-folders, skipping undecodable files); used by the path overload.</summary>
    public SampleSourceOptions Source { get; init; } = new();

    /// <summary>Which samples to use (default: all).</summary>
    public SampleSelection? Samples { get; init; }

    /// <summary>The encoder outputs to keep (default: all of them).</summary>
    public IReadOnlyList<string>? Outputs { get; init; }

    /// <summary>Read and write the feature cache (skipped anyway when undecodable files may be skipped).</summary>
    public bool UseCache { get; init; } = true;

    /// <summary>The feature cache folder (default $GENMETRICS_HOME/features).</summary>
    public string? CacheFolder { get; init; }

    /// <summary>Threads that decode and preprocess images while the encoder runs (default: the <see cref="Parallelism"/> thread count - 1, at least 1).</summary>
    public int? Workers { get; init; }
}

/// <summary>Progress of a feature extraction: items encoded so far, of the total, and the rate.</summary>
/// <param name="Source">The source being encoded.</param>
/// <param name="Done">Items whose features are computed.</param>
/// <param name="Total">All items.</param>
/// <param name="ItemsPerSecond">The rate since the start.</param>
public sealed record ExtractionProgress(string Source, int Done, int Total, double ItemsPerSecond)
{
    /// <summary>Items decoded and preprocessed so far (ahead of <see cref="Done"/> by the queue between the stages).</summary>
    public int Decoded { get; init; }

    /// <summary>True when the features came from the feature cache (nothing was decoded or encoded).</summary>
    public bool Cached { get; init; }

    /// <summary>The estimated time left at the current rate.</summary>
    public TimeSpan Remaining => ItemsPerSecond > 0 ? TimeSpan.FromSeconds((Total - Done) / ItemsPerSecond) : TimeSpan.Zero;
}

/// <summary>What <see cref="FeatureExtractor.ExtractToFiles"/> wrote: the features' provenance and the warnings for them.</summary>
/// <param name="Provenance">Source, count (after skipped images), content hash, encoder id, preprocessing, selection.</param>
/// <param name="Warnings">Lossy images, skipped files, non-canonical weights.</param>
public sealed record ExtractionReport(Provenance Provenance, IReadOnlyList<string> Warnings);
