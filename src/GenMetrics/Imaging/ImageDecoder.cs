using SkiaSharp;
using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace GenMetrics.Imaging;

/// <summary>
/// Decodes an encoded image (PNG, JPEG, BMP, WebP, GIF) to 8-bit RGB with the pixels PIL's
/// <c>Image.open(f).convert('RGB')</c> gives. Thread-safe: every call makes its own <see cref="SKCodec"/>.
/// </summary>
/// <remarks>
/// How PIL's conversion is reproduced:
/// <list type="bullet">
/// <item>Pixels are decoded unpremultiplied, 8 bits per channel, with no colour-space transform (PIL ignores ICC
/// profiles, gAMA, cHRM and sRGB chunks), and without applying an EXIF orientation (PIL does not either).</item>
/// <item>Alpha is dropped without compositing; greyscale is replicated to R = G = B; palettes are looked up.</item>
/// <item>16-bit PNGs: PIL opens 16-bit greyscale as mode 'I' whose conversion to RGB clips each value to 255
/// (so 256..65535 become 255: the low range survives, the rest saturates); 16-bit RGB, RGBA and grey+alpha it
/// opens as 8-bit modes by keeping the high byte of each sample (v &gt;&gt; 8), as Skia's 8-bit decode does.</item>
/// <item>GIF: the first frame, with the transparent index shown as its palette colour (PIL's 'P' → 'RGB'), and the
/// screen outside a first frame smaller than it in PIL's fill colour (see <see cref="GifFix"/>).</item>
/// </list>
/// </remarks>
internal static partial class ImageDecoder
{
    /// <summary>Decodes <paramref name="encoded"/>; <paramref name="source"/> names it in messages and in the image.</summary>
    /// <exception cref="InputException">The bytes are not a decodable image, or the image is truncated or corrupt.</exception>
    public static unsafe RgbImage Decode(ReadOnlySpan<byte> encoded, string source)
    {
        if (encoded.IsEmpty) throw new InputException($"{source}: empty file, not an image");
        if (IsGrey16Png(encoded)) return DecodeGrey16Png(encoded, source);
        var gif = encoded.StartsWith("GIF8"u8) ? InspectGif(encoded) : null;
        if (gif?.Opaque is { } opaque) encoded = opaque;
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data);
        if (codec is null)
            throw new InputException($"{source}: not a decodable image (no PNG, JPEG, BMP, WebP or GIF data found)");
        var size = codec.Info;
        if (size.Width < 1 || size.Height < 1)
            throw new InputException($"{source}: image has no pixels ({size.Width} x {size.Height})");
        if ((long)size.Width * size.Height > int.MaxValue / 8)
            throw new InputException($"{source}: {size.Width} x {size.Height} is too large to decode");
        if ((long)size.Width * size.Height > MaxPixels(encoded.Length))
            throw new InputException($"{source}: the image is corrupt (the header claims {size.Width} x {size.Height} pixels, " +
                                     $"more than a {encoded.Length}-byte file can plausibly hold)");

        int n = size.Width * size.Height;
        var rgba = ArrayPool<byte>.Shared.Rent(n * 4);
        try
        {
            var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            fixed (byte* p = rgba)
                Check(codec.GetPixels(info, (IntPtr)p, info.RowBytes, new SKCodecOptions(0)), source);
            var rgb = GC.AllocateUninitializedArray<byte>(n * 3);
            DropAlpha(rgba.AsSpan(0, n * 4), rgb);
            if (gif is { } fix) FillOutsideFrame(rgb, size.Width, size.Height, fix);
            return new RgbImage(size.Width, size.Height, rgb, source) { StoredGreyscale = size.ColorType == SKColorType.Gray8 };
        }
        finally { ArrayPool<byte>.Shared.Return(rgba); }
    }

    /// <summary>
    /// The most pixels an encoded image of <paramref name="bytes"/> bytes is decoded to, so that a small corrupt file
    /// cannot make the decoder allocate gigabytes: any image up to 2048 x 2048, larger ones at up to 8192 pixels per
    /// byte (a 1-bit PNG at deflate's best ratio, 1032:1; real images are far denser: a 4096 x 4096 one needs 2 KB).
    /// </summary>
    internal static long MaxPixels(int bytes) => Math.Max(1L << 22, bytes * 8192L);

    /// <summary>RGBA to RGB: the alpha byte is dropped, the colour bytes are kept as they are (PIL's RGBA→RGB).</summary>
    internal static void DropAlpha(ReadOnlySpan<byte> rgba, Span<byte> rgb)
    {
        var src = MemoryMarshal.Cast<byte, uint>(rgba);
        int i = 0;
        // Four bytes at a time: store the whole little-endian word (its fourth byte is overwritten by the next pixel).
        if (BitConverter.IsLittleEndian)
            for (; i < src.Length - 1; i++) BinaryPrimitives.WriteUInt32LittleEndian(rgb[(i * 3)..], src[i]);
        for (; i < src.Length; i++)
        {
            rgb[i * 3] = rgba[i * 4];
            rgb[i * 3 + 1] = rgba[i * 4 + 1];
            rgb[i * 3 + 2] = rgba[i * 4 + 2];
        }
    }

    private static void Check(SKCodecResult result, string source)
    {
        switch (result)
        {
            case SKCodecResult.Success:
                return;
            case SKCodecResult.IncompleteInput:
            case SKCodecResult.ErrorInInput:
                throw new InputException($"{source}: the image is truncated or corrupt ({result})");
            default:
                throw new InputException($"{source}: cannot decode the image ({result})");
        }
    }
}
