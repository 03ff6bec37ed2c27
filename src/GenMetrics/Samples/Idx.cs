using GenMetrics.Formats;
using System.Buffers.Binary;
using System.IO.Compression;

namespace GenMetrics.Samples;

/// <summary>
/// IDX files, the MNIST / Fashion-MNIST format: a big-endian magic (two zero bytes, a type code, the number of
/// dimensions), the dimensions as big-endian int32, then the values in C order. Only uint8 (type 0x08) is read.
/// Gzip-compressed files (as distributed, *.gz) are recognised by their content.
/// </summary>
internal static class Idx
{
    /// <summary>True when the first bytes are gzip's magic or an IDX uint8 magic.</summary>
    public static bool Looks(string path)
    {
        using var file = FileInput.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        if (file.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4) return false;
        return (magic[0] == 0x1f && magic[1] == 0x8b) || (magic[0] == 0 && magic[1] == 0 && magic[2] == 0x08 && magic[3] is >= 1 and <= 4);
    }

    /// <summary>Reads a uint8 IDX file (raw or gzip): the values and the dimensions.</summary>
    public static (byte[] Data, long[] Shape) Read(string path)
    {
        byte[] bytes;
        using (var file = FileInput.OpenRead(path))
        {
            try
            {
                var head = new byte[2];
                int got = file.ReadAtLeast(head, 2, throwOnEndOfStream: false);
                file.Position = 0;
                using var memory = new MemoryStream();
                if (got == 2 && head[0] == 0x1f && head[1] == 0x8b)
                {
                    using var gz = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
                    gz.CopyTo(memory);
                }
                else file.CopyTo(memory);
                bytes = memory.ToArray();
            }
            catch (InvalidDataException e) { throw new InputException($"{path}: corrupt gzip data ({e.Message})", e); }
            catch (IOException e) { throw new InputException($"{path}: cannot read the IDX data ({e.Message})", e); } // e.g. more than 2 GB unpacked
        }
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
            throw new InputException($"{path}: not an IDX file (bad magic number)");
        if (bytes[2] != 0x08)
            throw new InputException($"{path}: IDX element type 0x{bytes[2]:x2} is not uint8 (0x08); only uint8 images are read");
        int dims = bytes[3];
        if (dims < 1 || bytes.Length < 4 + 4 * dims) throw new InputException($"{path}: corrupt IDX header");
        var shape = new long[dims];
        for (int d = 0; d < dims; d++) shape[d] = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 + 4 * d));
        long start = 4 + 4 * dims;
        // The product in BigInteger: four dimensions of up to 2^32 - 1 can wrap a long to the data's length (to 0).
        var count = shape.Aggregate(System.Numerics.BigInteger.One, (n, s) => n * s);
        if (bytes.Length - start != count)
            throw new InputException($"{path}: IDX shape ({string.Join(", ", shape)}) needs {count} bytes of data, the file holds {bytes.Length - start}");
        return (bytes.AsSpan((int)start).ToArray(), shape);
    }
}
