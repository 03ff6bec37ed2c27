using GenMetrics.Protocols;

namespace GenMetrics.Encoders;

/// <summary>
/// An image encoder: turns a batch of prepared images (float32 N x C x H x W, row-major, as its
/// <see cref="Preprocessing"/> writes them) into one N x D feature matrix per output. Open the built-in ones with
/// <see cref="EncoderRegistry.Open"/>; implement this interface to bring your own (see the README), and
/// <see cref="Evaluation.FeatureExtractor"/> runs it like the built-in ones.
/// </summary>
/// <remarks>
/// The contract: a row's values depend on that image alone (not on the batch it came in), so features do not depend
/// on batch size or thread count; <see cref="Encode"/> may be called from one thread at a time.
/// </remarks>
public interface IEncoder : IDisposable
{
    /// <summary>What the encoder is, exactly: kind, graph version and weights hash (results record it, caches key by it).</summary>
    EncoderId Id { get; }

    /// <summary>The preprocessing the encoder is defined with: what goes from a decoded image to its input.</summary>
    IImagePreprocessing Preprocessing { get; }

    /// <summary>The named outputs, the default features first (<c>pool3</c>, <c>features</c>, ...).</summary>
    IReadOnlyList<EncoderOutput> Outputs { get; }

    /// <summary>How many images one <see cref="Encode"/> call should take for speed (the extractor's batch).</summary>
    int BatchSize => 32;

    /// <summary>Conditions a result should mention (weights that are not the canonical ones, say).</summary>
    IReadOnlyList<string> Warnings => [];

    /// <summary>
    /// Encodes <paramref name="count"/> prepared images held in <paramref name="images"/> (count x C x H x W floats)
    /// into one matrix per entry of <see cref="Outputs"/>, in that order (count x its dimension).
    /// </summary>
    IReadOnlyList<FeatureMatrix> Encode(ReadOnlyMemory<float> images, int count);
}

/// <summary>One named output of an encoder.</summary>
/// <param name="Name">Its name (<c>pool3</c>, <c>logits_unbiased</c>, <c>features</c>, an ONNX output's name).</param>
/// <param name="Dimension">The feature dimension D.</param>
public sealed record EncoderOutput(string Name, int Dimension);

/// <summary>The output names the built-in encoders and metrics use.</summary>
public static class EncoderOutputNames
{
    /// <summary>The default output of encoders without a more specific name (random-cnn).</summary>
    public const string Features = "features";

    /// <summary>The FID Inception's 2048-d global average pool (TF's <c>pool_3:0</c>): FID, KID, PRDC.</summary>
    public const string Pool3 = "pool3";

    /// <summary>The FID Inception's 1008 logits without the fc bias: the Inception Score's input in torch-fidelity and torchmetrics.</summary>
    public const string LogitsUnbiased = "logits_unbiased";

    /// <summary>Class logits (the FID Inception's with the fc bias, or a classifier's).</summary>
    public const string Logits = "logits";
}
