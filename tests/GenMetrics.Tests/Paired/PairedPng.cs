using System.Runtime.InteropServices;
using GenMetrics.Imaging;
using SkiaSharp;

namespace GenMetrics.Tests.Paired;

/// <summary>Writes test images as PNG (lossless, so decoding gives the pixels back): RGB, or one grey channel.</summary>
internal static class PairedPng
{
    /// <summary>Writes <paramref name="image"/> as an 8-bit RGB PNG (or, with <paramref name="grey"/>, its R channel as a greyscale PNG).</summary>
    public static string Write(string path, RgbImage image, bool grey = false)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        int w = image.Width, h = image.Height;
        using var bitmap = new SKBitmap(new SKImageInfo(w, h, grey ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque));
        int bpp = grey ? 1 : 4, stride = bitmap.RowBytes;
        var row = new byte[stride];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int i = (y * w + x) * 3;
                if (grey) row[x] = image.Pixels[i];
                else
                {
                    row[x * bpp] = image.Pixels[i];
                    row[x * bpp + 1] = image.Pixels[i + 1];
                    row[x * bpp + 2] = image.Pixels[i + 2];
                    row[x * bpp + 3] = 255;
                }
            }
            Marshal.Copy(row, 0, bitmap.GetPixels() + y * stride, stride);
        }
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, png.ToArray());
        return path;
    }

    /// <summary>The seeded test image <paramref name="spec"/> (see <see cref="PairedImages"/>) written to <paramref name="path"/>.</summary>
    public static RgbImage WriteSpec(string path, string spec, bool grey = false)
    {
        var image = PairedImages.Image(spec);
        Write(path, image, grey);
        return ImageDecoder.Decode(File.ReadAllBytes(path), path);
    }
}
