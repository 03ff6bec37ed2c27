using System.Buffers;
using GenMetrics.Imaging;

namespace GenMetrics.Metrics.Paired;

/// <summary>
/// An image as float64 planes, channel-major (C x H x W), the layout the paired metrics filter: uint8 values scaled
/// to [0, 1] as x / 255 (data_range 1, as piq, skimage and torchmetrics are called), either the three RGB channels or
/// one greyscale channel Y = 0.299 R + 0.587 G + 0.114 B (piq's <c>convert_to_greyscale</c>, computed from the
/// scaled values in that order). The buffer is rented: dispose it.
/// </summary>
internal sealed partial class ImagePlanes : IDisposable
{
    private double[]? _buffer;

    public ImagePlanes(int channels, int height, int width, string source)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Channels = channels;
        Height = height;
        Width = width;
        Source = source;
        _buffer = ArrayPool<double>.Shared.Rent(checked(channels * height * width));
    }

    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }

    /// <summary>Where the image came from, for messages.</summary>
    public string Source { get; }

    public int PlaneLength => Height * Width;

    public Span<double> Plane(int c) => Buffer.AsSpan(c * PlaneLength, PlaneLength);

    /// <summary>All planes, channel after channel.</summary>
    public Span<double> Values => Buffer.AsSpan(0, Channels * PlaneLength);

    private double[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(ImagePlanes));

    // piq.psnr's rgb_to_grey weights (torch.tensor([0.299, 0.587, 0.114]) in float64).
    internal const double GreyR = 0.299, GreyG = 0.587, GreyB = 0.114;

    /// <summary>The image scaled to [0, 1] (x / 255); with <paramref name="greyscale"/> its luma as one channel.</summary>
    public static ImagePlanes From(RgbImage image, bool greyscale)
    {
        var planes = new ImagePlanes(greyscale ? 1 : 3, image.Height, image.Width, image.Source);
        var px = image.Pixels;
        int n = image.Height * image.Width;
        if (greyscale)
        {
            var y = planes.Plane(0);
            for (int i = 0; i < n; i++) y[i] = Luma(px[3 * i], px[3 * i + 1], px[3 * i + 2]);
            return planes;
        }
        var r = planes.Plane(0);
        var g = planes.Plane(1);
        var b = planes.Plane(2);
        for (int i = 0; i < n; i++)
        {
            r[i] = px[3 * i] / 255.0;
            g[i] = px[3 * i + 1] / 255.0;
            b[i] = px[3 * i + 2] / 255.0;
        }
        return planes;
    }

    /// <summary>Planes from float64 values already scaled to [0, 1], channel-major (C x H x W); copied.</summary>
    public static ImagePlanes FromValues(ReadOnlySpan<double> values, int channels, int height, int width, string source)
    {
        var planes = new ImagePlanes(channels, height, width, source);
        if (values.Length != channels * height * width)
            throw new ArgumentException($"{source}: {channels} x {height} x {width} needs {channels * height * width} values, got {values.Length}", nameof(values));
        values.CopyTo(planes.Values);
        return planes;
    }

    /// <summary>Y from the scaled values: (0.299 r + 0.587 g) + 0.114 b, as torch sums the three products.</summary>
    internal static double Luma(byte r, byte g, byte b) => r / 255.0 * GreyR + g / 255.0 * GreyG + b / 255.0 * GreyB;

    public void Dispose()
    {
        if (_buffer is { } b) ArrayPool<double>.Shared.Return(b);
        _buffer = null;
    }
}
