namespace GenMetrics.Encoders;

/// <summary>
/// Turns a batch of preprocessed images (float32 N x 3 x H x W, row-major, as a protocol produces them) into an
/// N x <see cref="Dimension"/> feature matrix.
/// </summary>
internal interface IEncoder : IDisposable
{
    /// <summary>The feature dimension D.</summary>
    int Dimension { get; }

    /// <summary>The side of the square input the encoder expects (299 for InceptionV3).</summary>
    int InputSize { get; }

    /// <summary>Encodes <paramref name="count"/> images held in <paramref name="images"/> (count x 3 x InputSize²).</summary>
    FeatureMatrix Encode(ReadOnlyMemory<float> images, int count);
}
