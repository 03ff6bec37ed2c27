using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Samples;

namespace GenMetrics.Tracking;

/// <summary>How a <see cref="RunTracker"/> scores each checkpoint, and where it stores the rows.</summary>
public sealed record RunTrackerOptions
{
    /// <summary>The run database file (default <see cref="RunDatabase.DefaultPath"/>: <c>$GENMETRICS_HOME/runs.db</c>).</summary>
    public string? Database { get; init; }

    /// <summary>The real set as a path: images (through the encoder, features cached under $GENMETRICS_HOME), a features file or a statistics file.</summary>
    public string? Real { get; init; }

    /// <summary>The real set already in feature space (instead of <see cref="Real"/>).</summary>
    public FeatureSet? RealFeatures { get; init; }

    /// <summary>Registry names of the metrics computed at each step (default fid and prdc).</summary>
    public IReadOnlyList<string> Metrics { get; init; } = ["fid", "prdc"];

    /// <summary>Metrics with their options set (<see cref="MetricDefinition.Create(IReadOnlyDictionary{string, object})"/>), instead of <see cref="Metrics"/>.</summary>
    public IReadOnlyList<IMetric>? ConfiguredMetrics { get; init; }

    /// <summary>The encoder for image samples (<see cref="EncoderRegistry.Open"/>; default <c>inception</c>, or <c>none</c> for features).</summary>
    public string Encoder { get; init; } = "inception";

    /// <summary>The encoder's settings (weights, protocol, batch size).</summary>
    public EncoderOptions? EncoderOptions { get; init; }

    /// <summary>Which samples of the real set to use (default: all of them; the selection of <see cref="Extraction"/> applies to each step's samples only).</summary>
    public SampleSelection? RealSelection { get; init; }

    /// <summary>How sources are read, which samples of each step are used, and whether features are cached (the real set's are, by default).</summary>
    public ExtractionOptions Extraction { get; init; } = new();

    /// <summary>How an ONNX generator given as a step's samples is sampled (its <see cref="GeneratorOptions.NumSamples"/> is required).</summary>
    public GeneratorOptions? Generator { get; init; }

    /// <summary>Samples in each step's thumbnail grid (the first ones; 0 stores none).</summary>
    public int ThumbnailSamples { get; init; } = 16;

    /// <summary>Score a step again when the run already has it (otherwise that is an error).</summary>
    public bool Replace { get; init; }

    /// <summary>Receives feature extraction progress.</summary>
    public IProgress<ExtractionProgress>? Progress { get; init; }

    /// <summary>Receives the name of each metric as it starts.</summary>
    public IProgress<string>? MetricProgress { get; init; }
}
