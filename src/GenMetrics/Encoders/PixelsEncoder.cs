using System.Buffers;
using GenMetrics.Imaging;
using GenMetrics.Numerics;
using GenMetrics.Protocols;

namespace GenMetrics.Encoders;

/// <summary>
/// The pixels themselves as features: RGB values in [0, 1] (torchvision's ToTensor, <c>x / 255f</c>), resized to
/// Size x Size by TF1's bilinear filter when the image is another size (an image of that size keeps its exact values),
/// flattened channel by channel (CHW).
/// </summary>
internal sealed record PixelsPreprocessing(int Size) : IImagePreprocessing
{
    public string Id => $"pixels@{Size}";

    public string Key => $"pixels;range=unit;filter={ResizeFilter.Tf1Bilinear};size={Size}";

    public (int Channels, int Height, int Width) InputShape => (3, Size, Size);

    public void Preprocess(RgbImage image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width, h = image.Height, n = w * h, plane = Size * Size;
        var px = image.Pixels;
        if (w == Size && h == Size)
        {
            for (int c = 0; c < 3; c++)
                for (int i = 0; i < n; i++) destination[c * plane + i] = px[3 * i + c] / 255f;
            return;
        }
        var planes = ArrayPool<float>.Shared.Rent(3 * n);
        try
        {
            for (int c = 0; c < 3; c++)
                for (int i = 0; i < n; i++) planes[c * n + i] = px[3 * i + c] / 255f;
            for (int c = 0; c < 3; c++)
                PlaneResizer.Resize(ResizeFilter.Tf1Bilinear, planes.AsSpan(c * n, n), w, h, destination.Slice(c * plane, plane), Size, Size, Simd.Best);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(planes);
        }
    }
}

/// <summary>
/// <c>pixels[:SIZE]</c>: the identity encoder over <see cref="PixelsPreprocessing"/>: 3 x SIZE x SIZE features per
/// image, values in [0, 1]; dgm-eval's "pixel" baseline and the space of the Parzen-window likelihood of Goodfellow et
/// al. 2014 (grey images are replicated to RGB, so their 784 MNIST values appear three times).
/// </summary>
internal sealed class PixelsEncoder(int size) : IEncoder
{
    /// <summary>The registry name.</summary>
    public const string Name = "pixels";

    public PixelsPreprocessing Preprocessing { get; } = new(size);

    IImagePreprocessing IEncoder.Preprocessing => Preprocessing;

    public EncoderId Id => new(Name, "pixels-v1", Variant: $"size={Preprocessing.Size}");

    public IReadOnlyList<EncoderOutput> Outputs { get; } = [new(EncoderOutputNames.Features, 3 * size * size)];

    public int BatchSize => 256;

    public IReadOnlyList<FeatureMatrix> Encode(ReadOnlyMemory<float> images, int count)
    {
        int d = 3 * Preprocessing.Size * Preprocessing.Size;
        if ((long)count * d != images.Length) throw new ArgumentException($"pixels: {count} images of {d} values need {(long)count * d} floats, got {images.Length}", nameof(images));
        return [new FeatureMatrix(images.ToArray(), count, d, Id.DisplayName)];
    }

    public void Dispose() { }
}
