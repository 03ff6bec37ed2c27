using System.Buffers.Binary;

namespace GenMetrics.Imaging;

internal static partial class ImageDecoder
{
    /// <summary>What PIL does differently from Skia with a GIF's first frame.</summary>
    /// <param name="Opaque">A copy with the transparency flag cleared, or null when no flag is set. PIL's
    /// <c>convert('RGB')</c> of a GIF ('P' mode) maps the transparent index to its palette colour; Skia would decode
    /// it as transparent black. Clearing the flag makes Skia output the palette colour too.</param>
    /// <param name="Frame">The first frame's rectangle (left, top, width, height) on the logical screen.</param>
    /// <param name="Fill">The RGB colour PIL gives the screen outside the first frame: the palette colour of the
    /// transparent index if one is set, else of index 0 (not the background index: Pillow 9.4's
    /// <c>GifImagePlugin.load_prepare</c> fills frame 0 with the transparency index or leaves the zeroed image); null
    /// when there is no palette to look it up in (Skia's black stays).</param>
    internal readonly record struct GifFix(byte[]? Opaque, (int X, int Y, int W, int H) Frame, byte[]? Fill);

    /// <summary>Reads the blocks before the first image (GIF89a specification): header, logical screen descriptor,
    /// global colour table, extension blocks (0x21, label, sub-blocks), then the image descriptor (0x2C).</summary>
    internal static GifFix? InspectGif(ReadOnlySpan<byte> gif)
    {
        if (gif.Length < 13) return null;
        int at = 13;
        ReadOnlySpan<byte> global = default;
        if ((gif[10] & 0x80) != 0)
        {
            int size = 3 << ((gif[10] & 7) + 1);
            if (at + size > gif.Length) return null;
            global = gif.Slice(at, size);
            at += size;
        }
        byte[]? copy = null;
        int transparent = -1;
        while (at + 1 < gif.Length && gif[at] == 0x21)
        {
            byte label = gif[at + 1];
            int block = at + 2;
            if (label == 0xF9 && block + 4 < gif.Length && gif[block] >= 4 && (gif[block + 1] & 1) != 0)
            {
                copy ??= gif.ToArray();
                copy[block + 1] &= 0xFE;
                transparent = gif[block + 4];
            }
            while (block < gif.Length && gif[block] != 0) block += gif[block] + 1;
            at = block + 1;
        }
        if (at + 10 > gif.Length || gif[at] != 0x2C) return null;
        var d = gif[(at + 1)..];
        var frame = ((int)BinaryPrimitives.ReadUInt16LittleEndian(d), (int)BinaryPrimitives.ReadUInt16LittleEndian(d[2..]),
                     (int)BinaryPrimitives.ReadUInt16LittleEndian(d[4..]), (int)BinaryPrimitives.ReadUInt16LittleEndian(d[6..]));
        var palette = global;
        if ((d[8] & 0x80) != 0)
        {
            int size = 3 << ((d[8] & 7) + 1);
            if (at + 10 + size <= gif.Length) palette = gif.Slice(at + 10, size);
        }
        int index = transparent >= 0 ? transparent : 0;
        byte[]? fill = 3 * index + 3 <= palette.Length ? palette.Slice(3 * index, 3).ToArray() : null;
        return new GifFix(copy, frame, fill);
    }

    /// <summary>Paints the pixels outside the first frame with PIL's fill colour.</summary>
    private static void FillOutsideFrame(byte[] rgb, int width, int height, GifFix fix)
    {
        if (fix.Fill is not { } fill) return;
        var (fx, fy, fw, fh) = fix.Frame;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                if (x >= fx && x < fx + fw && y >= fy && y < fy + fh) continue;
                fill.CopyTo(rgb, (y * width + x) * 3);
            }
    }
}
