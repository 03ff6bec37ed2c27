namespace GenMetrics.Samples;

/// <summary>The file extensions GenMetrics decodes, compared case-insensitively.</summary>
/// <remarks>tif/tiff, pgm and ppm (which pytorch-fid lists) are not here: SkiaSharp has no decoder for them.</remarks>
internal static class ImageExtensions
{
    public static readonly string[] Decodable = ["png", "jpg", "jpeg", "bmp", "webp", "gif"];

    /// <summary>Formats that lose information on saving; torch-fidelity warns about jpg/jpeg, and lossy WebP is the same.</summary>
    private static readonly string[] s_lossy = ["jpg", "jpeg", "webp"];

    /// <summary>Image formats users keep that GenMetrics cannot decode, named in the empty-folder message.</summary>
    private static readonly string[] s_undecodable = ["tif", "tiff", "pgm", "ppm"];

    public static string ListText => string.Join(", ", Decodable.Select(e => "." + e));

    public static bool IsDecodable(string name) => Has(Decodable, name);

    public static bool IsLossy(string name) => Has(s_lossy, name);

    public static bool IsUndecodableImage(string name) => Has(s_undecodable, name);

    private static bool Has(string[] extensions, string name)
    {
        var ext = Path.GetExtension(name.AsSpan());
        if (ext.Length < 2) return false;
        foreach (var e in extensions)
            if (ext[1..].Equals(e, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
