using GenMetrics.Imaging;

namespace GenMetrics.Samples;

/// <summary>Decoded images held in memory (<see cref="SampleSources.FromImages"/>); items are named by their index.</summary>
internal sealed class ImageListSource(string name, IReadOnlyList<RgbImage> images)
    : SampleSourceBase(name, IndexNames(images.Count), skipInvalid: false)
{
    protected override RgbImage ReadCore(int index) => images[index];

    /// <summary>The pixels after an 8-byte height, width header.</summary>
    protected override ReadOnlySpan<byte> ItemBytes(int index)
    {
        var image = images[index];
        var bytes = new byte[8 + image.Pixels.Length];
        BitConverter.TryWriteBytes(bytes.AsSpan(0), image.Height);
        BitConverter.TryWriteBytes(bytes.AsSpan(4), image.Width);
        image.Pixels.CopyTo(bytes.AsSpan(8));
        return bytes;
    }

    internal static string[] IndexNames(int count)
    {
        var names = new string[count];
        for (int i = 0; i < count; i++) names[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return names;
    }
}
