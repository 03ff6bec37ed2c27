using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace GenMetrics.Formats;

/// <summary>
/// A tensor read from a torch checkpoint: a view (storage offset, shape, strides, all in elements) on a
/// <see cref="TorchStorage"/> that other tensors may share. Conversions return new C-order arrays, whatever the
/// strides; float16 and bfloat16 widen to float32 exactly.
/// </summary>
internal sealed class TorchTensor
{
    internal TorchTensor(TorchStorage storage, long storageOffset, int[] shape, long[] strides, string name = "")
    {
        Storage = storage;
        StorageOffset = storageOffset;
        Shape = shape;
        Strides = strides;
        Name = name;
        long count = 1;
        foreach (int d in shape) count *= d;
        Count = count;
    }

    /// <summary>The state-dict key ("Conv2d_1a_3x3.conv.weight"); empty until the tensor is named.</summary>
    public string Name { get; }

    public int[] Shape { get; }

    public TorchDType DType => Storage.DType;

    /// <summary>Number of elements (1 for a 0-dim tensor).</summary>
    public long Count { get; }

    internal TorchStorage Storage { get; }
    internal long StorageOffset { get; }
    internal long[] Strides { get; }

    internal TorchTensor WithName(string name) => new(Storage, StorageOffset, Shape, Strides, name);

    /// <summary>True when the elements lie in C order, back to back, in the storage.</summary>
    public bool IsContiguous
    {
        get
        {
            long expected = 1;
            for (int i = Shape.Length - 1; i >= 0; i--)
            {
                if (Shape[i] != 1 && Strides[i] != expected) return false;
                expected *= Shape[i];
            }
            return true;
        }
    }

    /// <summary>The values as float32 in C order (like tensor.float(): exact for float16/bfloat16, rounded for float64 and int64).</summary>
    public float[] ToFloat32()
    {
        var raw = ContiguousBytes();
        var result = new float[Count];
        switch (DType)
        {
            case TorchDType.Float32: raw.CopyTo(MemoryMarshal.AsBytes(result.AsSpan())); break;
            case TorchDType.Float16:
                for (int i = 0; i < result.Length; i++) result[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(raw[(2 * i)..]);
                break;
            case TorchDType.BFloat16:
                for (int i = 0; i < result.Length; i++) result[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(raw[(2 * i)..]) << 16);
                break;
            default:
                for (int i = 0; i < result.Length; i++) result[i] = (float)Element(raw, i);
                break;
        }
        return result;
    }

    /// <summary>The values as float64 in C order (exact for every dtype but int64 beyond 2^53).</summary>
    public double[] ToFloat64()
    {
        var raw = ContiguousBytes();
        var result = new double[Count];
        for (int i = 0; i < result.Length; i++) result[i] = Element(raw, i);
        return result;
    }

    /// <summary>The values of an integer or bool tensor as int64 in C order.</summary>
    public long[] ToInt64()
    {
        if (DType.IsFloatingPoint())
            throw new InputException($"{Display}: is a {DType.Name()} tensor, not an integer tensor");
        var raw = ContiguousBytes();
        var result = new long[Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = DType switch
            {
                TorchDType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(raw[(8 * i)..]),
                TorchDType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(raw[(4 * i)..]),
                TorchDType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(raw[(2 * i)..]),
                TorchDType.Int8 => (sbyte)raw[i],
                _ => raw[i],
            };
        }
        return result;
    }

    private string Display => Name.Length == 0 ? "tensor" : $"tensor '{Name}'";

    private double Element(ReadOnlySpan<byte> raw, int i) => DType switch
    {
        TorchDType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(raw[(4 * i)..]),
        TorchDType.Float16 => (double)BinaryPrimitives.ReadHalfLittleEndian(raw[(2 * i)..]),
        TorchDType.BFloat16 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(raw[(2 * i)..]) << 16),
        TorchDType.Float64 => BinaryPrimitives.ReadDoubleLittleEndian(raw[(8 * i)..]),
        TorchDType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(raw[(8 * i)..]),
        TorchDType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(raw[(4 * i)..]),
        TorchDType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(raw[(2 * i)..]),
        TorchDType.Int8 => (sbyte)raw[i],
        _ => raw[i], // uint8, bool
    };

    /// <summary>
    /// The element bytes in C order: a slice of the storage when contiguous, else a gathered copy. Bounds were
    /// checked when the tensor was rebuilt (TorchPickleHost.Rebuild).
    /// </summary>
    private ReadOnlySpan<byte> ContiguousBytes()
    {
        if (Count > Array.MaxLength / DType.Size())
            throw new InputException($"{Display}: {Count} elements are too many for one array");
        if (Count == 0) return []; // an empty tensor's offset may lie anywhere: Rebuild checks only tensors with elements
        int size = DType.Size();
        var (data, byteOffset) = Storage.Bytes;
        long start = byteOffset + StorageOffset * size;
        if (IsContiguous) return data.AsSpan(checked((int)start), checked((int)(Count * size)));

        var result = new byte[Count * size];
        int rank = Shape.Length;
        var index = new int[rank];
        int inner = Shape[rank - 1];
        long innerStride = Strides[rank - 1] * size;
        long rowStart = start;
        for (long o = 0; o < result.Length; o += (long)inner * size)
        {
            long at = rowStart;
            for (int j = 0; j < inner; j++, at += innerStride)
                data.AsSpan(checked((int)at), size).CopyTo(result.AsSpan((int)(o + (long)j * size), size));
            // advance the outer index (odometer over all but the last dimension)
            for (int d = rank - 2; d >= 0; d--)
            {
                rowStart += Strides[d] * size;
                if (++index[d] < Shape[d]) break;
                rowStart -= Strides[d] * size * Shape[d];
                index[d] = 0;
            }
        }
        return result;
    }

    public override string ToString() => $"{Name} {DType.Name()}[{string.Join(", ", Shape)}]";
}
