using GenMetrics.Imaging;
using SkiaSharp;

namespace GenMetrics.Reports;

/// <summary>
/// Images as PNG for the HTML report: one image as a tile, or many side by side in a grid, encoded with SkiaSharp.
/// Small images (Fashion-MNIST's 28 x 28) are enlarged by a whole factor with nearest-neighbour sampling, so their
/// pixels stay sharp; large ones are reduced with a mipmapped linear filter to <see cref="MaxTile"/>.
/// </summary>
internal static class ImageGrid
{
    /// <summary>The largest tile side in pixels: the report shows thumbnails, not full images.</summary>
    public const int MaxTile = 96;

    /// <summary>The side of the tiles of images whose larger side is <paramref name="side"/>.</summary>
    public static int TileSide(int side) => side >= 64 ? Math.Min(side, MaxTile) : side * Math.Max(1, 64 / side);

    /// <summary>One image as a PNG tile.</summary>
    public static byte[] Png(RgbImage image) => Png([image], 1);

    /// <summary>
    /// <paramref name="images"/> in rows of <paramref name="columns"/>, each fitted into a square tile (the tile side
    /// follows the largest image), with a <paramref name="gap"/>-pixel white gutter.
    /// </summary>
    public static byte[] Png(IReadOnlyList<RgbImage> images, int columns, int gap = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(images.Count, 1);
        columns = Math.Clamp(columns, 1, images.Count);
        int side = 1;
        foreach (var im in images) side = Math.Max(side, Math.Max(im.Width, im.Height));
        int tile = TileSide(side);
        int rows = (images.Count + columns - 1) / columns;
        int width = columns * tile + (columns - 1) * gap, height = rows * tile + (rows - 1) * gap;
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"cannot allocate a {width} x {height} image");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        var sampling = side <= tile ? new SKSamplingOptions(SKFilterMode.Nearest) : new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
        for (int i = 0; i < images.Count; i++)
        {
            var im = images[i];
            using var sk = ToSkia(im);
            float scale = (float)tile / Math.Max(im.Width, im.Height);
            float w = im.Width * scale, h = im.Height * scale;
            float x = i % columns * (tile + gap) + (tile - w) / 2, y = i / columns * (tile + gap) + (tile - h) / 2;
            canvas.DrawImage(sk, new SKRect(x, y, x + w, y + h), sampling);
        }
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>A PNG as a data URI for an <c>img</c> element.</summary>
    public static string DataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    private static SKImage ToSkia(RgbImage image)
    {
        var rgba = new byte[image.Width * image.Height * 4];
        var src = image.Pixels;
        for (int p = 0, q = 0; p < src.Length; p += 3, q += 4)
        {
            rgba[q] = src[p];
            rgba[q + 1] = src[p + 1];
            rgba[q + 2] = src[p + 2];
            rgba[q + 3] = 255;
        }
        return SKImage.FromPixelCopy(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque), rgba)
            ?? throw new InvalidOperationException($"{image.Source}: cannot make a {image.Width} x {image.Height} image");
    }
}
