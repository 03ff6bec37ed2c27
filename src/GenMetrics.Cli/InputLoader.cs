using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Samples;

namespace GenMetrics.Cli;

/// <summary>
/// Turns command-line inputs into feature sets with the library: features and statistics files as they are, images
/// through the encoder (opened once, on the first image input, after that input is known to open: a typo never
/// starts a download).
/// </summary>
internal sealed class InputLoader(string? encoderSpec, EncoderOptions encoderOptions, ExtractionOptions extraction,
    IProgress<ExtractionProgress> progress) : IDisposable
{
    private IEncoder? _encoder;
    private FeatureSet? _recorded;   // the first input that says which encoder made it

    /// <summary>The encoder, once an image input has been loaded.</summary>
    public IEncoder? Encoder => _encoder;

    /// <summary>The samples --num-samples selects, or null for all.</summary>
    public SampleSelection? Selection => extraction.Samples;

    /// <summary>
    /// The feature set of <paramref name="path"/>. For images, the encoder's default output is kept, plus class logits
    /// when <paramref name="withLogits"/> (for the Inception Score). With <paramref name="statisticsOnly"/>, a features
    /// file is read in blocks into its statistics.
    /// </summary>
    public FeatureSet Load(string path, bool withLogits = false, bool statisticsOnly = false)
    {
        var kind = FeatureSet.KindOf(path);
        if (kind != InputKind.Images)
        {
            // Statistics go with any encoder (their recorded provenance is checked against the other input's).
            if (kind == InputKind.Features && encoderSpec is not null && encoderSpec != "none")
                throw new InputException($"{path}: holds float features; an image encoder needs images (pass --encoder none for features)");
            // Only statistics are needed (FID alone): read the features in blocks, never whole.
            if (statisticsOnly && kind == InputKind.Features) return FeatureSet.LoadStatistics(path, extraction.Samples);
            var set = FeatureSet.Load(path);
            if (set.Provenance.Encoder is not null) _recorded ??= set;
            if (extraction.Samples is not { } selection) return set;
            return set.IsStatisticsOnly
                ? set.WithWarnings([$"{path}: statistics are used whole (N={set.Count}); --num-samples applies to the sample inputs only"])
                : set.Select(selection);
        }
        if (encoderSpec == "none")
            throw new InputException($"{path}: holds images; with --encoder none the inputs must be features (.npy/.npz) or statistics (.npz with mu, sigma)");
        using var source = SampleSources.Open(path, extraction.Source);
        return Encode(source, path, withLogits, extraction);
    }

    /// <summary>The features of the samples an ONNX generator draws (all of them: its options say how many).</summary>
    public FeatureSet LoadGenerator(OnnxGenerator generator, bool withLogits = false)
    {
        if (encoderSpec == "none")
            throw new InputException($"{generator.Path}: a generator's samples are images; with --encoder none the inputs must be features (.npy/.npz) or statistics (.npz with mu, sigma)");
        using var source = generator.Samples();
        return Encode(source, generator.Path, withLogits, extraction with { Samples = null });
    }

    private FeatureSet Encode(ISampleSource source, string path, bool withLogits, ExtractionOptions options)
    {
        _encoder ??= OpenEncoder(source);
        // Statistics that record another encoder or protocol: say so now, not after encoding every image.
        if (_recorded?.Provenance is { Encoder: { } e } p && (e.Key != _encoder.Id.Key || p.Preprocessing != _encoder.Preprocessing.Id))
            throw new InputException($"{p.Source} was made by {e} with {p.Preprocessing}, but {path} would be encoded by {_encoder.Id} with " +
                                     $"{_encoder.Preprocessing.Id}: features of different encoders or preprocessing are not comparable (choose the same --encoder and --protocol)");
        return FeatureExtractor.Extract(source, _encoder, options with { Outputs = OutputsFor(_encoder, withLogits) }, progress);
    }

    /// <summary>
    /// Streams the features of the images at <paramref name="path"/> into .npy files: <paramref name="outputs"/> maps the
    /// opened encoder to output name / path pairs (and may refuse it before any image is encoded).
    /// </summary>
    public ExtractionReport ExtractToFiles(string path, Func<IEncoder, Dictionary<string, string>> outputs)
    {
        if (encoderSpec == "none")
            throw new InputException($"{path}: holds images; with --encoder none there is nothing to extract");
        using var source = SampleSources.Open(path, extraction.Source);
        _encoder ??= OpenEncoder(source);
        return FeatureExtractor.ExtractToFiles(source, _encoder, outputs(_encoder), extraction, progress);
    }

    /// <summary>The outputs of <paramref name="classifier"/> on the images of <paramref name="path"/>, read as the features are (same selection and skipping).</summary>
    public FeatureSet Classify(string path, IEncoder classifier)
    {
        using var source = SampleSources.Open(path, extraction.Source);
        return FeatureExtractor.Extract(source, classifier, extraction with { Outputs = null }, progress);
    }

    /// <summary>
    /// Opens the images at <paramref name="path"/> and the encoder (once), for work done outside <see cref="Load"/>
    /// (shards): the source (the caller disposes it), the encoder and the extraction settings.
    /// </summary>
    public (ISampleSource Source, IEncoder Encoder, ExtractionOptions Options) OpenImages(string path)
    {
        if (encoderSpec == "none")
            throw new InputException($"{path}: holds images; with --encoder none the inputs must be features (.npy/.npz) or statistics (.npz with mu, sigma)");
        var source = SampleSources.Open(path, extraction.Source);
        try
        {
            _encoder ??= OpenEncoder(source);
            return (source, _encoder, extraction);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>Opens the encoder the settings name (once), without any input: for declaring what made another tool's statistics.</summary>
    public IEncoder OpenEncoderNow()
    {
        if (encoderSpec is null or "none") throw new InputException("--encoder: name the encoder that made the statistics (inception, random-cnn[:SEED], onnx:PATH)");
        return _encoder ??= OpenEncoder();
    }

    /// <summary>The encoder's class logits output (<c>logits_unbiased</c>, else <c>logits</c>), or null.</summary>
    public static string? LogitsOutput(IEncoder encoder) =>
        (encoder.Outputs.FirstOrDefault(o => o.Name == EncoderOutputNames.LogitsUnbiased)
         ?? encoder.Outputs.FirstOrDefault(o => o.Name == EncoderOutputNames.Logits))?.Name;

    // Without --encoder, images go through the encoder a statistics or features file records (its protocol too,
    // unless --protocol says otherwise); with nothing recorded, through inception.
    private IEncoder OpenEncoder(ISampleSource? first = null)
    {
        var spec = encoderSpec;
        // pixels without a side: the first image's (square) side, so its values are kept exactly.
        if (first is not null && spec is not null && spec.Equals(PixelsEncoderName, StringComparison.OrdinalIgnoreCase))
        {
            var image = first.Read(0);
            if (image.Width != image.Height)
                throw new InputException($"--encoder pixels: the first image of {first.Name} is {image.Width} x {image.Height}; give a square side to resize to: --encoder pixels:SIZE");
            spec = $"{PixelsEncoderName}:{image.Width}";
        }
        var options = encoderOptions;
        if (spec is null && _recorded?.Provenance is { Encoder: { } e } p)
        {
            if (e.Name == "random-cnn" && e.Variant is { } v && v.StartsWith("seed=", StringComparison.Ordinal)) spec = "random-cnn:" + v["seed=".Length..];
            else if (e.Name == "inception")
            {
                spec = "inception";
                if (options.Protocol is null && p.Preprocessing is { } id && GenMetrics.Protocols.Protocol.All.FirstOrDefault(x => x.Id == id) is { } protocol)
                    options = options with { Protocol = protocol };
            }
        }
        return EncoderRegistry.Open(spec ?? "inception", options);
    }

    private static string[] OutputsFor(IEncoder encoder, bool withLogits)
    {
        var first = encoder.Outputs[0].Name;
        if (!withLogits) return [first];
        var logits = LogitsOutput(encoder);
        return logits is null || logits == first ? [first] : [first, logits];
    }

    private const string PixelsEncoderName = "pixels";

    public void Dispose() => _encoder?.Dispose();
}
