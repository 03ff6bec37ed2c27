namespace GenMetrics.Imaging;

internal static partial class ImageDecoder
{
    /// <summary>
    /// A copy of a GIF with the transparency flag cleared in the graphic control extensions before the first image, or
    /// null when it has none. PIL's <c>convert('RGB')</c> of a GIF ('P' mode) maps the transparent index to its palette
    /// colour; Skia would decode it as transparent black. Clearing the flag makes Skia output the palette colour too.
    /// </summary>
    /// <remarks>Walks the block structure (GIF89a specification): header, logical screen descriptor, global colour
    /// table, then extension blocks (0x21, label, sub-blocks) up to the first image descriptor (0x2C).</remarks>
    internal static byte[]? GifWithoutTransparency(ReadOnlySpan<byte> gif)
    {
        if (gif.Length < 13) return null;
        int at = 13;
        if ((gif[10] & 0x80) != 0) at += 3 << ((gif[10] & 7) + 1);
        byte[]? copy = null;
        while (at + 1 < gif.Length && gif[at] == 0x21)
        {
            byte label = gif[at + 1];
            int block = at + 2;
            if (label == 0xF9 && block + 1 < gif.Length && gif[block] >= 1 && (gif[block + 1] & 1) != 0)
            {
                copy ??= gif.ToArray();
                copy[block + 1] &= 0xFE;
            }
            while (block < gif.Length && gif[block] != 0) block += gif[block] + 1;
            at = block + 1;
        }
        return copy;
    }
}
