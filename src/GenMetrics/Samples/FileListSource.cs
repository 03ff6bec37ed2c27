using GenMetrics.Imaging;

namespace GenMetrics.Samples;

/// <summary>Encoded image files on disk: a folder's images, or one image file.</summary>
internal sealed class FileListSource(string name, IReadOnlyList<string> itemNames, string[] paths, bool skipInvalid)
    : SampleSourceBase(name, itemNames, skipInvalid)
{
    public override bool HasLossyItems { get; } = paths.Any(ImageExtensions.IsLossy);

    protected override RgbImage ReadCore(int index) => ImageDecoder.Decode(ReadFile(paths[index]), paths[index]);

    protected override ReadOnlySpan<byte> ItemBytes(int index) => ReadFile(paths[index]);

    private static byte[] ReadFile(string path)
    {
        try { return File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read the file ({e.Message})", e);
        }
    }
}
