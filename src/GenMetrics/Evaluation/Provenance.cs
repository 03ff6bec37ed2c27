using GenMetrics.Encoders;

namespace GenMetrics.Evaluation;

/// <summary>What an input held.</summary>
public enum InputKind
{
    /// <summary>Images, encoded in this run.</summary>
    Images,

    /// <summary>Features given as they are (a features file or a matrix in memory).</summary>
    Features,

    /// <summary>Gaussian statistics (mean and covariance) only: FID-type metrics alone.</summary>
    Statistics,

    /// <summary>A generator model, sampled in this run (perceptual path length; its samples' features are <see cref="Images"/>).</summary>
    Generator,
}

/// <summary>
/// Where a <see cref="FeatureSet"/> came from, as results record it: the source, what it held, how many samples, a
/// content hash, and for images the encoder and the preprocessing. It comes from the input, never from a caller's
/// description of it.
/// </summary>
/// <param name="Source">The input as named (a path, or a name given in code).</param>
/// <param name="Kind">What it held.</param>
/// <param name="Count">The number of samples (for statistics, the count they record, 0 when unknown).</param>
/// <param name="ContentSha256">A SHA-256 (lower-case hex) of the content: of the images for images (see
/// <see cref="Samples.ISampleSource.ContentHash"/>), of the file for files, of shape and values for matrices.</param>
public sealed record Provenance(string Source, InputKind Kind, long Count, string ContentSha256)
{
    /// <summary>The encoder that produced the features, when they were extracted from images (null otherwise).</summary>
    public EncoderId? Encoder { get; init; }

    /// <summary>The preprocessing's id (<see cref="Protocols.IImagePreprocessing.Id"/>), when extracted from images.</summary>
    public string? Preprocessing { get; init; }

    /// <summary>Which samples of the source were used, when not all (<c>first 1000 of 5000</c>).</summary>
    public string? Selection { get; init; }

    /// <summary>
    /// For samples drawn from a generator (<see cref="Samples.OnnxGenerator.Samples"/>): the model, its SHA-256 and the
    /// latent settings (z size and type, seed, classes, truncation, output range, explicit latents); null otherwise.
    /// </summary>
    public IReadOnlyList<Setting>? Generator { get; init; }
}
