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

    /// <summary>The encoder, once an image input has been loaded.</summary>
    public IEncoder? Encoder => _encoder;

    /// <summary>
    /// The feature set of <paramref name="path"/>. For images, the encoder's default output is kept, plus class logits
    /// when <paramref name="withLogits"/> (for the Inception Score).
    /// </summary>
    public FeatureSet Load(string path, bool withLogits = false)
    {
        var kind = FeatureSet.KindOf(path);
        if (kind != InputKind.Images)
        {
            if (encoderSpec is not null && encoderSpec != "none")
                throw new InputException($"{path}: holds {(kind == InputKind.Statistics ? "statistics" : "float features")}; an image encoder needs images (pass --encoder none for features)");
            var set = FeatureSet.Load(path);
            return extraction.Samples is { } selection ? set.Select(selection) : set;
        }
        if (encoderSpec == "none")
            throw new InputException($"{path}: holds images; with --encoder none the inputs must be features (.npy/.npz) or statistics (.npz with mu, sigma)");
        using var source = SampleSources.Open(path, extraction.Source);
        _encoder ??= EncoderRegistry.Open(encoderSpec ?? "inception", encoderOptions);
        return FeatureExtractor.Extract(source, _encoder, extraction with { Outputs = OutputsFor(_encoder, withLogits) }, progress);
    }

    private static string[] OutputsFor(IEncoder encoder, bool withLogits)
    {
        var first = encoder.Outputs[0].Name;
        if (!withLogits) return [first];
        var logits = encoder.Outputs.FirstOrDefault(o => o.Name == EncoderOutputNames.LogitsUnbiased)
                     ?? encoder.Outputs.FirstOrDefault(o => o.Name == EncoderOutputNames.Logits);
        return logits is null || logits.Name == first ? [first] : [first, logits.Name];
    }

    public void Dispose() => _encoder?.Dispose();
}
