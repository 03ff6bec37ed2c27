using System.Buffers.Binary;
using System.IO.Compression;

namespace GenMetrics.Imaging;

internal static partial class ImageDecoder
{
    /// <summary>True for a 16-bit greyscale PNG (IHDR bit depth 16, colour type 0), which needs PIL's clipping.</summary>
    /// <remarks>The IHDR chunk must come first (PNG specification): bit depth at byte 24, colour type at byte 25.
    /// PIL opens such a file as mode 'I' and <c>convert('RGB')</c> clips each value to 0..255: 0..255 stay, 256..65535
    /// become 255. The other 16-bit colour types PIL opens through the raw modes 'RGB;16B', 'RGBA;16B' and 'LA;16B',
    /// which keep each sample's high byte; Skia's 8-bit decode gives the same bytes (checked by the parity tests).</remarks>
    internal static bool IsGrey16Png(ReadOnlySpan<byte> png) =>
        png.Length >= 29 && png[12..16].SequenceEqual("IHDR"u8) && png[24] == 16 && png[25] == 0;

    /// <summary>Decodes a 16-bit greyscale PNG with PIL's clipping (see <see cref="IsGrey16Png"/>).</summary>
    /// <remarks>Skia cannot be used here: it strips 16-bit grey to its high byte before any conversion, so the low
    /// values PIL keeps are lost. This is a plain PNG reader for this one colour type: IDAT chunks inflated with zlib,
    /// then the five scanline filters undone, pass by pass for Adam7-interlaced files.</remarks>
    private static RgbImage DecodeGrey16Png(ReadOnlySpan<byte> png, string source)
    {
        int width = BinaryPrimitives.ReadInt32BigEndian(png[16..]), height = BinaryPrimitives.ReadInt32BigEndian(png[20..]);
        if (png[28] > 1) throw new InputException($"{source}: the image is corrupt (PNG interlace method {png[28]})");
        if (width < 1 || height < 1 || (long)width * height > int.MaxValue / 8)
            throw new InputException($"{source}: unsupported PNG size {width} x {height}");
        using var idat = new MemoryStream();
        for (int at = 8; ;)
        {
            if (at + 12 > png.Length) throw new InputException($"{source}: the image is truncated or corrupt (PNG chunks end early)");
            int length = BinaryPrimitives.ReadInt32BigEndian(png[at..]);
            if (length < 0 || at + 12L + length > png.Length)
                throw new InputException($"{source}: the image is truncated or corrupt (PNG chunk overruns the file)");
            var type = png.Slice(at + 4, 4);
            if (type.SequenceEqual("IDAT"u8)) idat.Write(png.Slice(at + 8, length));
            if (type.SequenceEqual("IEND"u8)) break;
            at += 12 + length;
        }
        bool interlaced = png[28] == 1;
        long rawLength = 0;
        foreach (var (x0, y0, dx, dy) in interlaced ? s_adam7 : s_progressive)
        {
            long pw = (width - x0 + dx - 1) / dx, ph = (height - y0 + dy - 1) / dy;
            if (pw > 0 && ph > 0) rawLength += (pw * 2 + 1) * ph;
        }
        if (rawLength > Array.MaxLength) throw new InputException($"{source}: {width} x {height} is too large to decode");
        // zlib (deflate) expands at most 1032:1: a header claiming more pixels than the data can hold is refused before allocating.
        if (rawLength > idat.Length * Formats.ZipMembers.MaxExpansion + 1024)
            throw new InputException($"{source}: the image is corrupt (the header claims {width} x {height} pixels, more than its " +
                                     $"{idat.Length} bytes of compressed data can hold)");
        var rows = new byte[rawLength];
        try
        {
            idat.Position = 0;
            using var z = new ZLibStream(idat, CompressionMode.Decompress);
            z.ReadExactly(rows);
        }
        catch (Exception e) when (e is InvalidDataException or IOException) // EndOfStreamException, ZLibException
        {
            throw new InputException($"{source}: the image is truncated or corrupt ({e.Message})", e);
        }
        var rgb = GC.AllocateUninitializedArray<byte>(width * height * 3);
        int offset = 0;
        bool clipped = false;
        foreach (var (x0, y0, dx, dy) in interlaced ? s_adam7 : s_progressive)
        {
            int pw = (width - x0 + dx - 1) / dx, ph = (height - y0 + dy - 1) / dy;
            if (pw <= 0 || ph <= 0) continue;
            int stride = pw * 2;
            var prev = new byte[stride];
            for (int r = 0; r < ph; r++, offset += stride + 1)
            {
                var line = rows.AsSpan(offset + 1, stride);
                Unfilter(rows[offset], line, prev, bytesPerPixel: 2, source);
                int y = y0 + r * dy;
                for (int c = 0; c < pw; c++)
                {
                    int v = line[c * 2] << 8 | line[c * 2 + 1];
                    clipped |= v > 255;
                    byte b = (byte)Math.Min(v, 255);
                    int o = (y * width + x0 + c * dx) * 3;
                    rgb[o] = b;
                    rgb[o + 1] = b;
                    rgb[o + 2] = b;
                }
                line.CopyTo(prev);
            }
        }
        return new RgbImage(width, height, rgb, source) { ClippedFrom16Bit = clipped, StoredGreyscale = true };
    }

    /// <summary>Passes as (x0, y0, dx, dy): one for a non-interlaced image, seven for Adam7 (PNG specification, 8.2).</summary>
    private static readonly (int X0, int Y0, int Dx, int Dy)[] s_progressive = [(0, 0, 1, 1)];
    private static readonly (int X0, int Y0, int Dx, int Dy)[] s_adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    /// <summary>Undoes a PNG scanline filter in place (PNG specification, section 9).</summary>
    private static void Unfilter(byte filter, Span<byte> line, ReadOnlySpan<byte> prev, int bytesPerPixel, string source)
    {
        for (int i = 0; i < line.Length; i++)
        {
            int a = i >= bytesPerPixel ? line[i - bytesPerPixel] : 0, b = prev[i], c = i >= bytesPerPixel ? prev[i - bytesPerPixel] : 0;
            line[i] += filter switch
            {
                0 => 0,
                1 => (byte)a,
                2 => (byte)b,
                3 => (byte)((a + b) >> 1),
                4 => Paeth(a, b, c),
                _ => throw new InputException($"{source}: the image is corrupt (PNG filter type {filter})"),
            };
        }
    }

    private static byte Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
    }
}
