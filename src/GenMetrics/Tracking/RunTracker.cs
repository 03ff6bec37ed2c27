using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Imaging;
using GenMetrics.Reports;
using GenMetrics.Samples;

namespace GenMetrics.Tracking;

/// <summary>
/// Scores the checkpoints of one training run and stores each as a row of a <see cref="RunDatabase"/>, the same row
/// <c>genmetrics track add</c> writes: a training loop calls <see cref="Add(long, IReadOnlyList{RgbImage}, string)"/>
/// every few steps, and <c>genmetrics track best</c> / <c>track report</c> read the run.
/// </summary>
/// <remarks>
/// The real set is encoded once per tracker (and cached on disk across processes); the encoder is opened on the first
/// image input and kept. Not thread-safe: one tracker per loop. Several trackers or processes may add to one
/// database at once.
/// </remarks>
/// <example><code>
/// using var tracker = RunTracker.Open("gan-64", new RunTrackerOptions { Real = "data/real/", Encoder = "inception" });
/// for (int step = 0; step &lt; steps; step++)
/// {
///     Train(step);
///     if (step % 1000 == 0) tracker.Add(step, model.Sample(5000));
/// }
/// Console.WriteLine(tracker.Best("fid"));
/// </code></example>
public sealed class RunTracker : IDisposable
{
    private readonly RunTrackerOptions _options;
    private readonly IReadOnlyList<IMetric> _metrics;
    private IEncoder? _encoder;
    private FeatureSet? _real;

    private RunTracker(string run, RunTrackerOptions options, RunDatabase database, IReadOnlyList<IMetric> metrics)
    {
        Run = run;
        _options = options;
        Database = database;
        _metrics = metrics;
    }

    /// <summary>Opens run <paramref name="run"/> of the database (created with its first step).</summary>
    /// <exception cref="InputException">No real set, both kinds of real set, an unknown metric or encoder, a bad database.</exception>
    public static RunTracker Open(string run, RunTrackerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(run)) throw InputException.ForSetting("run", "a run needs a name");
        if ((options.Real is null) == (options.RealFeatures is null))
            throw InputException.ForSetting("real", options.Real is null ? "a run needs the real set its steps are scored against" : "give the real set as a path or as features, not both");
        if (options.ThumbnailSamples is < 0 or > 256) throw InputException.ForSetting("thumbnail_samples", $"{options.ThumbnailSamples}, but it must be between 0 and 256");
        var metrics = options.ConfiguredMetrics ?? [.. MetricRegistry.Default.Resolve(options.Metrics).Select(d => d.Create())];
        Evaluator.CheckRoles(metrics.Select(m => m.Info), [InputRole.Real, InputRole.Generated]);
        if (!IsNone(options.Encoder)) EncoderRegistry.Check(options.Encoder, options.EncoderOptions);
        return new RunTracker(run, options, RunDatabase.Open(options.Database), metrics);
    }

    /// <summary>The run's name.</summary>
    public string Run { get; }

    /// <summary>The database the rows go to.</summary>
    public RunDatabase Database { get; }

    /// <summary>Scores images generated at <paramref name="step"/> (<paramref name="name"/> names them in the row).</summary>
    public TrackedStep Add(long step, IReadOnlyList<RgbImage> samples, string name = "samples")
    {
        ArgumentNullException.ThrowIfNull(samples);
        using var source = SampleSources.FromImages(samples, name);
        return Add(step, source);
    }

    /// <summary>Scores the images of <paramref name="samples"/> at <paramref name="step"/>.</summary>
    public TrackedStep Add(long step, ISampleSource samples, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (IsNone(_options.Encoder)) throw InputException.ForSetting("encoder", $"{samples.Name}: images, but the run's encoder is none (features): choose an encoder");
        var generated = Extract(samples, _options.Extraction, cancellationToken);
        return Store(step, generated, Thumbnail(samples, generated), cancellationToken);
    }

    /// <summary>Scores the samples at <paramref name="path"/>: images (a folder, archive, array, IDX file), an ONNX generator (.onnx), or features (with encoder none).</summary>
    public TrackedStep Add(long step, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) && File.Exists(path))
        {
            var g = _options.Generator ?? throw InputException.ForSetting("num_samples", $"{path}: a generator; say how many samples to draw");
            if (g.NumSamples is null) throw InputException.ForSetting("num_samples", $"{path}: a generator; say how many samples to draw");
            using var generator = OnnxGenerator.Open(path, g);
            using var drawn = generator.Samples();
            var generated = Extract(drawn, _options.Extraction with { Samples = null }, cancellationToken);
            return Store(step, generated, Thumbnail(drawn, generated), cancellationToken);
        }
        if (FeatureSet.KindOf(path) != InputKind.Images)
        {
            var set = FeatureSet.Load(path);
            if (set.IsStatisticsOnly) throw new InputException($"{path}: statistics (mu, sigma); a step's samples must be images or features");
            return Add(step, _options.Extraction.Samples is { } sel ? set.Select(sel) : set, null, cancellationToken);
        }
        using var source = SampleSources.Open(path, _options.Extraction.Source);
        return Add(step, source, cancellationToken);
    }

    /// <summary>
    /// Scores samples already in feature space (made by the same encoder as the real set); <paramref name="images"/>,
    /// when given, are the images they were extracted from, for the step's thumbnail grid.
    /// </summary>
    public TrackedStep Add(long step, FeatureSet generated, ISampleSource? images = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generated);
        return Store(step, generated, images is null ? null : Thumbnail(images, generated), cancellationToken);
    }

    /// <summary>The run's steps so far, in step order.</summary>
    public IReadOnlyList<TrackedStep> Steps() => Database.Steps(Run);

    /// <summary>The run's best step by metric key <paramref name="metric"/> (see <see cref="RunDatabase.Best"/>).</summary>
    public BestStep Best(string metric = "fid") => Database.Best(Run, metric);

    private TrackedStep Store(long step, FeatureSet generated, byte[]? thumbnail, CancellationToken cancellationToken)
    {
        var real = Real(cancellationToken);
        var set = new EvaluationSet { Real = real, Generated = generated };
        var result = Evaluator.Evaluate(set, _metrics, _options.MetricProgress, cancellationToken);
        return Database.Insert(Run, step, result, generated, real, thumbnail, _options.Replace);
    }

    private FeatureSet Real(CancellationToken cancellationToken)
    {
        if (_real is not null) return _real;
        if (_options.RealFeatures is { } given) return _real = given;
        var path = _options.Real!;
        if (FeatureSet.KindOf(path) != InputKind.Images)
        {
            var set = FeatureSet.Load(path);
            return _real = _options.RealSelection is { } sel && !set.IsStatisticsOnly ? set.Select(sel) : set;
        }
        if (IsNone(_options.Encoder)) throw InputException.ForSetting("encoder", $"{path}: images, but the run's encoder is none (features): choose an encoder");
        using var source = SampleSources.Open(path, _options.Extraction.Source);
        return _real = Extract(source, _options.Extraction with { Samples = _options.RealSelection }, cancellationToken);
    }

    private FeatureSet Extract(ISampleSource source, ExtractionOptions extraction, CancellationToken cancellationToken)
    {
        _encoder ??= EncoderRegistry.Open(_options.Encoder, _options.EncoderOptions);
        return FeatureExtractor.Extract(source, _encoder, extraction with { Outputs = [_encoder.Outputs[0].Name] }, _options.Progress, cancellationToken);
    }

    /// <summary>The first <see cref="RunTrackerOptions.ThumbnailSamples"/> samples scored, as a PNG grid.</summary>
    private byte[]? Thumbnail(ISampleSource source, FeatureSet generated)
    {
        int n = (int)Math.Min(_options.ThumbnailSamples, generated.Count);
        if (n == 0) return null;
        var items = generated.Items;
        var images = new List<RgbImage>(n);
        for (int row = 0; row < n; row++) images.Add(source.Read(items is not null && items.SourceCount == source.Count ? items.Indices[row] : row));
        return ImageGrid.Png(images, (int)Math.Ceiling(Math.Sqrt(n)), gap: 1);
    }

    private static bool IsNone(string encoder) => encoder.Equals("none", StringComparison.OrdinalIgnoreCase);

    /// <summary>Closes the encoder.</summary>
    public void Dispose() => _encoder?.Dispose();
}
