using System.Buffers.Binary;
using System.Text;

namespace GenMetrics.Formats;

/// <summary>
/// The header of an .npy file: magic "\x93NUMPY", version, header length, then a Python dict literal
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c>. Format versions 1.0 (2-byte length,
/// latin-1), 2.0 (4-byte length, latin-1) and 3.0 (4-byte length, UTF-8); see numpy/lib/format.py.
/// </summary>
internal sealed record NpyHeader(NpyDType DType, bool FortranOrder, long[] Shape, int MajorVersion = 1)
{
    // numpy/lib/format.py: MAGIC_PREFIX, ARRAY_ALIGN, GROWTH_AXIS_MAX_DIGITS.
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const int ArrayAlign = 64;
    private const int GrowthAxisMaxDigits = 21;
    private const int MaxHeaderLength = 1 << 20; // numpy refuses headers over 10 kB unless told; 1 MB is plenty

    /// <summary>The number of elements, the product of the shape.</summary>
    public long Count => CountOf(Shape);

    /// <summary>The number of data bytes the shape and dtype need.</summary>
    public long ByteCount => checked(Count * DType.Size);

    public string ShapeText => FormatShape(Shape);

    /// <summary>The bytes the header took in the file (magic to newline); for a new header, what ToBytes writes.</summary>
    public int EncodedLength { get => _encodedLength ?? ToBytes().Length; init => _encodedLength = value; }

    private readonly int? _encodedLength;

    public static long CountOf(ReadOnlySpan<long> shape)
    {
        long n = 1;
        foreach (var s in shape) n = checked(n * s);
        return n;
    }

    /// <summary>Python's repr of a shape tuple: (), (5,), (3, 4).</summary>
    public static string FormatShape(ReadOnlySpan<long> shape) =>
        shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape.ToArray()) + ")";

    /// <summary>Reads the header from the current position; the stream is left at the first data byte.</summary>
    public static NpyHeader Read(Stream stream, string source)
    {
        Span<byte> pre = stackalloc byte[12];
        ReadOrThrow(stream, pre[..8], source, "the file is too short to be an .npy file");
        if (!pre[..6].SequenceEqual(Magic))
            throw new InputException($"{source}: not an .npy file (bad magic: the file must start with \\x93NUMPY)");
        int major = pre[6], minor = pre[7];
        int headerLength;
        if (major == 1 && minor == 0)
        {
            ReadOrThrow(stream, pre.Slice(8, 2), source, "the file ends inside the header length");
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(pre[8..]);
        }
        else if (major is 2 or 3 && minor == 0)
        {
            ReadOrThrow(stream, pre.Slice(8, 4), source, "the file ends inside the header length");
            uint len = BinaryPrimitives.ReadUInt32LittleEndian(pre[8..]);
            if (len > MaxHeaderLength) throw new InputException($"{source}: malformed .npy header (header length {len} is implausible)");
            headerLength = (int)len;
        }
        else
        {
            throw new InputException($"{source}: unsupported .npy format version {major}.{minor} (supported: 1.0, 2.0, 3.0)");
        }
        var bytes = new byte[headerLength];
        ReadOrThrow(stream, bytes, source, $"the file ends inside the {headerLength}-byte header");
        var text = major == 3 ? DecodeUtf8(bytes, source) : Encoding.Latin1.GetString(bytes);
        return NpyHeaderParser.Parse(text, source) with { MajorVersion = major, EncodedLength = 8 + (major == 1 ? 2 : 4) + headerLength };
    }

    private static string DecodeUtf8(byte[] bytes, string source)
    {
        try { return new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException e) { throw new InputException($"{source}: malformed .npy header (version 3.0 header is not valid UTF-8)", e); }
    }

    private static void ReadOrThrow(Stream stream, Span<byte> buffer, string source, string problem)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
            throw new InputException($"{source}: truncated .npy file ({problem})");
    }

    /// <summary>
    /// The header bytes np.save writes for this array (version 1.0 unless the dict needs more than 65535 bytes):
    /// keys sorted, repr values, spaces reserved for the growth axis, padded with spaces and '\n' to 64 bytes.
    /// </summary>
    public byte[] ToBytes()
    {
        var sb = new StringBuilder();
        sb.Append("{'descr': '").Append(DType.Descr).Append("', 'fortran_order': ").Append(FortranOrder ? "True" : "False")
          .Append(", 'shape': ").Append(ShapeText).Append(", }");
        if (Shape.Length > 0)
        {
            long growth = Shape[FortranOrder ? Shape.Length - 1 : 0];
            sb.Append(' ', Math.Max(0, GrowthAxisMaxDigits - growth.ToString(System.Globalization.CultureInfo.InvariantCulture).Length));
        }
        var dict = Encoding.Latin1.GetBytes(sb.ToString());
        int lengthBytes = 2, version = 1;
        int hlen = dict.Length + 1;
        int pad = ArrayAlign - (Magic.Length + 2 + 2 + hlen) % ArrayAlign;
        if (hlen + pad > ushort.MaxValue)
        {
            lengthBytes = 4;
            version = 2;
            pad = ArrayAlign - (Magic.Length + 2 + 4 + hlen) % ArrayAlign;
        }
        var result = new byte[Magic.Length + 2 + lengthBytes + hlen + pad];
        Magic.CopyTo(result);
        result[6] = (byte)version;
        result[7] = 0;
        if (lengthBytes == 2) BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(8), (ushort)(hlen + pad));
        else BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(8), (uint)(hlen + pad));
        int at = 8 + lengthBytes;
        dict.CopyTo(result, at);
        result.AsSpan(at + dict.Length, pad).Fill((byte)' ');
        result[^1] = (byte)'\n';
        return result;
    }
}
