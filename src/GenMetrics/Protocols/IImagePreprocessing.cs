using GenMetrics.Imaging;

namespace GenMetrics.Protocols;

/// <summary>
/// Everything between a decoded image and an encoder's input: resize, crop, value range, normalisation. Each encoder
/// owns one (<see cref="Encoders.IEncoder.Preprocessing"/>): a <see cref="Protocol"/> for the FID Inception
/// (<c>tf</c>, <c>pytorch-fid</c>, <c>clean</c>), <c>tf@64</c> for the random CNN, a
/// <see cref="TorchvisionPreprocessing"/> for ONNX-file models. Implementations must be deterministic and
/// thread-safe: images are prepared on several threads at once.
/// </summary>
public interface IImagePreprocessing
{
    /// <summary>How results record it: <c>tf</c>, <c>tf@64</c>, <c>torchvision:size=224;...</c>.</summary>
    string Id { get; }

    /// <summary>A string naming the recipe and every setting that changes a value, for cache keys.</summary>
    string Key { get; }

    /// <summary>The shape of one prepared image: channels, height, width (float32, CHW).</summary>
    (int Channels, int Height, int Width) InputShape { get; }

    /// <summary>Writes the encoder input for <paramref name="image"/> into the first C x H x W floats of <paramref name="destination"/>.</summary>
    void Preprocess(RgbImage image, Span<float> destination);
}
