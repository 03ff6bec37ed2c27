using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace GenMetrics.Formats;

/// <summary>
/// A minimal protocol-buffers encoder: varints, 64-bit and 32-bit fixed fields, and length-delimited fields
/// (strings, bytes, packed repeated scalars, nested messages). Enough to write ONNX's ModelProto; it knows no schema.
/// </summary>
/// <remarks>
/// Nested messages are written into their own writer and copied into the parent with their length prefix
/// (protobuf needs the length before the content). Only the tensors are large, and they are copied once per level.
/// </remarks>
internal sealed class ProtobufWriter
{
    private const int WireVarint = 0, WireFixed64 = 1, WireLengthDelimited = 2, WireFixed32 = 5;
    private byte[] _buffer;
    private int _length;

    public ProtobufWriter(int capacity = 256) => _buffer = new byte[Math.Max(capacity, 16)];

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>An int32/int64/enum/bool field (negative values take ten bytes, as protobuf's int64 encoding says).</summary>
    public void Int64(int field, long value)
    {
        Tag(field, WireVarint);
        Varint((ulong)value);
    }

    public void Float(int field, float value)
    {
        Tag(field, WireFixed32);
        BinaryPrimitives.WriteSingleLittleEndian(Grow(4), value);
    }

    public void Double(int field, double value)
    {
        Tag(field, WireFixed64);
        BinaryPrimitives.WriteDoubleLittleEndian(Grow(8), value);
    }

    public void String(int field, string value)
    {
        Tag(field, WireLengthDelimited);
        int n = Encoding.UTF8.GetByteCount(value);
        Varint((ulong)n);
        Encoding.UTF8.GetBytes(value, Grow(n));
    }

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, WireLengthDelimited);
        Varint((ulong)value.Length);
        value.CopyTo(Grow(value.Length));
    }

    /// <summary>A packed repeated float field: one length prefix, then little-endian IEEE singles.</summary>
    public void PackedFloats(int field, ReadOnlySpan<float> values)
    {
        Tag(field, WireLengthDelimited);
        Varint((ulong)values.Length * 4);
        var dst = Grow(values.Length * 4);
        if (BitConverter.IsLittleEndian) MemoryMarshal.AsBytes(values).CopyTo(dst);
        else for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(dst[(4 * i)..], values[i]);
    }

    /// <summary>A packed repeated int64 field (varints after one length prefix).</summary>
    public void PackedInt64s(int field, ReadOnlySpan<long> values)
    {
        if (values.IsEmpty) return;
        int n = 0;
        foreach (var v in values) n += VarintSize((ulong)v);
        Tag(field, WireLengthDelimited);
        Varint((ulong)n);
        foreach (var v in values) Varint((ulong)v);
    }

    /// <summary>A nested message, already encoded by another writer.</summary>
    public void Message(int field, ProtobufWriter message) => Bytes(field, message.WrittenSpan);

    /// <summary>A nested message encoded by <paramref name="write"/>.</summary>
    public void Message(int field, Action<ProtobufWriter> write)
    {
        var inner = new ProtobufWriter();
        write(inner);
        Message(field, inner);
    }

    private void Tag(int field, int wireType) => Varint(((ulong)(uint)field << 3) | (uint)wireType);

    public void Varint(ulong value)
    {
        var dst = Grow(VarintSize(value));
        int i = 0;
        while (value >= 0x80)
        {
            dst[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        dst[i] = (byte)value;
    }

    internal static int VarintSize(ulong value)
    {
        int n = 1;
        while (value >= 0x80) { value >>= 7; n++; }
        return n;
    }

    private Span<byte> Grow(int count)
    {
        if (_length + count > _buffer.Length)
        {
            long want = Math.Max((long)_buffer.Length * 2, (long)_length + count);
            if (want > Array.MaxLength) want = (long)_length + count;
            if (want > Array.MaxLength) throw new InvalidOperationException("protobuf message larger than 2 GB");
            Array.Resize(ref _buffer, (int)want);
        }
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
