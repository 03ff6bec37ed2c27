using System.Numerics;
using System.Runtime.InteropServices;

namespace GenMetrics.Formats;

/// <summary>
/// An array as an .npy file holds it: shape, dtype, memory order and the raw data bytes (in the file's byte order
/// and memory order). Conversions return C-order arrays.
/// </summary>
internal sealed class NpyArray
{
    public NpyArray(NpyHeader header, byte[] data, string source)
    {
        if (data.LongLength != header.ByteCount)
            throw new ArgumentException($"{source}: {header.ByteCount} data bytes expected, got {data.LongLength}", nameof(data));
        Header = header;
        Data = data;
        Source = source;
    }

    public NpyHeader Header { get; }

    /// <summary>The raw data bytes, exactly as stored.</summary>
    public byte[] Data { get; }

    /// <summary>Where the array came from, for messages.</summary>
    public string Source { get; }

    public long[] Shape => Header.Shape;
    public NpyDType DType => Header.DType;
    public bool FortranOrder => Header.FortranOrder;
    public long Count => Header.Count;

    /// <summary>An array of native-order values in C order (copied).</summary>
    public static NpyArray From<T>(ReadOnlySpan<T> values, ReadOnlySpan<long> shape, string source = "array") where T : unmanaged
    {
        var header = new NpyHeader(NativeDType<T>(), false, shape.ToArray());
        if (header.Count != values.Length)
            throw new ArgumentException($"shape {header.ShapeText} needs {header.Count} values, got {values.Length}", nameof(values));
        return new NpyArray(header, MemoryMarshal.AsBytes(values).ToArray(), source);
    }

    /// <summary>The .npy dtype of a .NET element type in this machine's byte order (float, double, byte, long).</summary>
    public static NpyDType NativeDType<T>()
    {
        var dtype = typeof(T) == typeof(float) ? NpyDType.Float32
            : typeof(T) == typeof(double) ? NpyDType.Float64
            : typeof(T) == typeof(byte) ? NpyDType.UInt8
            : typeof(T) == typeof(long) ? new NpyDType(NpyKind.Int, 8, false)
            : typeof(T) == typeof(int) ? new NpyDType(NpyKind.Int, 4, false)
            : throw new NotSupportedException($"no .npy writer for {typeof(T).Name}");
        return dtype with { BigEndian = dtype.Size > 1 && !BitConverter.IsLittleEndian };
    }

    public float[] ToSingle() => Convert<float>();

    public double[] ToDouble() => Convert<double>();

    /// <summary>The values as int64, exactly (an integer array's; other dtypes are converted as numpy's astype would).</summary>
    public long[] ToInt64() => Convert<long>();

    /// <summary>The values as int32 (an int32 array's exactly).</summary>
    public int[] ToInt32() => Convert<int>();

    /// <summary>The values of a uint8 (or bool) array in C order; the stored bytes themselves when already C order.</summary>
    public byte[] ToBytes()
    {
        if (DType.Size != 1 || DType.Kind is not (NpyKind.UInt or NpyKind.Bool))
            throw new InputException($"{Source}: dtype '{DType.Descr}' is not uint8 (images must be uint8)");
        if (DType.Kind == NpyKind.UInt && (!FortranOrder || Shape.Length < 2)) return Data;
        return Convert<byte>();
    }

    private T[] Convert<T>() where T : unmanaged, INumberBase<T>
    {
        var result = new T[NpyDecoder.ArrayLength(Header, Source)];
        using var stream = new MemoryStream(Data, writable: false);
        NpyDecoder.Read<T>(stream, Header, result, Source);
        return result;
    }

    /// <summary>Writes header and data as np.save would (version 1.0 header, data as stored).</summary>
    public void WriteTo(Stream stream)
    {
        stream.Write(Header.ToBytes());
        stream.Write(Data);
    }
}
