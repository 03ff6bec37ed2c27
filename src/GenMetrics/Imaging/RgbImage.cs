namespace GenMetrics.Imaging;

/// <summary>
/// A decoded image as 8-bit RGB, row-major height x width x 3 (HWC), the layout PIL's <c>convert('RGB')</c> and
/// <c>np.asarray</c> give. Every sample source produces these; every protocol starts from them.
/// </summary>
public sealed class RgbImage
{
    /// <summary>Wraps <paramref name="pixels"/> (length height * width * 3, HWC, RGB order) without copying.</summary>
    public RgbImage(int width, int height, byte[] pixels, string source = "image")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != (long)width * height * 3)
            throw new ArgumentException($"{source}: {width} x {height} RGB needs {(long)width * height * 3} bytes, got {pixels.Length}", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
        Source = source;
    }

    /// <summary>The width in pixels.</summary>
    public int Width { get; }

    /// <summary>The height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixels, HWC, RGB, row-major.</summary>
    public byte[] Pixels { get; }

    /// <summary>Where the image came from (a path, or an archive member), used in messages.</summary>
    public string Source { get; }

    /// <summary>
    /// True when decoding clipped 16-bit values above 255 to 255 (PIL's <c>convert('RGB')</c> of a 16-bit greyscale
    /// PNG): most such images come out near white, which results should warn about.
    /// </summary>
    internal bool ClippedFrom16Bit { get; init; }

    /// <summary>
    /// True when the image was stored with one grey channel (a greyscale PNG of any depth, a greyscale JPEG, a
    /// one-channel array) and replicated to R = G = B: paired metrics refuse a pair of a greyscale and a colour image,
    /// as the references refuse tensors of different shapes.
    /// </summary>
    internal bool StoredGreyscale { get; init; }

    /// <summary>The value of channel <paramref name="c"/> (0 = R) at row <paramref name="y"/>, column <paramref name="x"/>.</summary>
    public byte this[int y, int x, int c] => Pixels[(y * Width + x) * 3 + c];
}
