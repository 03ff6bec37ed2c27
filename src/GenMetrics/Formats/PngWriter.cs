using System.Buffers.Binary;
using System.IO.Compression;
using GenMetrics.Imaging;

namespace GenMetrics.Formats;

/// <summary>
/// Lossless 8-bit PNG encoding of an <see cref="RgbImage"/>: colour type 2 (RGB), or 0 (grey) for an image stored with
/// one channel; no filtering, zlib at the optimal level. The same image gives the same bytes on every machine running
/// the same .NET, so a folder of samples has a reproducible content hash; any decoder gives back the exact pixels.
/// </summary>
internal static class PngWriter
{
    private static readonly byte[] s_signature = [137, 80, 78, 71, 13, 10, 26, 10];
    private static readonly uint[] s_crc = CrcTable();

    public static byte[] Encode(RgbImage image)
    {
        bool grey = image.StoredGreyscale;
        int channels = grey ? 1 : 3, row = image.Width * channels;
        var raw = new byte[(row + 1) * image.Height];
        var px = image.Pixels;
        for (int y = 0; y < image.Height; y++)
        {
            int at = y * (row + 1);
            raw[at] = 0;   // filter type None
            if (!grey) Array.Copy(px, y * row, raw, at + 1, row);
            else
                for (int x = 0; x < image.Width; x++) raw[at + 1 + x] = px[(y * image.Width + x) * 3];
        }
        using var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.Optimal, leaveOpen: true)) z.Write(raw);

        using var png = new MemoryStream();
        png.Write(s_signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], image.Height);
        header[8] = 8;                          // bit depth
        header[9] = (byte)(grey ? 0 : 2);       // colour type
        header[10] = header[11] = header[12] = 0;   // deflate, adaptive filtering, no interlace
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", idat.GetBuffer().AsSpan(0, (int)idat.Length));
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        s.Write(word);
        Span<byte> name = [(byte)type[0], (byte)type[1], (byte)type[2], (byte)type[3]];
        s.Write(name);
        s.Write(data);
        uint crc = Update(Update(0xFFFFFFFFu, name), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        s.Write(word);
    }

    private static uint Update(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes) crc = s_crc[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    // The CRC-32 of ISO 3309 / ITU-T V.42 that PNG uses (reflected polynomial 0xEDB88320).
    private static uint[] CrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
