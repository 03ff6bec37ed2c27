using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace GenMetrics.Formats;

/// <summary>
/// Decodes .npy data from a stream positioned at the first data byte into a C-order destination of float, double
/// or byte. When the file already holds the destination type in native byte order and C order, the bytes go
/// straight into the destination (no second copy: a 50k x 2048 float32 file costs 400 MB, not 800 MB); otherwise
/// the data is converted through a 1 MB chunk buffer.
/// </summary>
internal static class NpyDecoder
{
    private const int ChunkBytes = 1 << 20;
    private const int ColumnBlockBytes = 4 << 20;

    /// <summary>
    /// Throws when the data the header promises cannot fit in what is left of the input: "truncated" when most of it
    /// is there, else the shape is larger than the file (a corrupt or hand-made header, or a file cut early).
    /// </summary>
    public static void CheckAvailable(NpyHeader header, long available, string source)
    {
        long needed = header.ByteCount;
        if (available >= needed) return;
        if (needed / 2 <= available)
            throw new InputException($"{source}: truncated .npy data: shape {header.ShapeText} of dtype '{header.DType.Descr}' " +
                                     $"needs {needed} bytes after the header, but only {available} remain");
        throw new InputException($"{source}: the .npy header's shape {header.ShapeText} of dtype '{header.DType.Descr}' needs {needed} " +
                                 $"bytes of data, larger than the file ({available} bytes after the header): the header is corrupt or the file is cut short");
    }

    /// <summary>Checks the element count fits a .NET array and returns it.</summary>
    public static int ArrayLength(NpyHeader header, string source)
    {
        if (header.Count > Array.MaxLength)
            throw new InputException($"{source}: shape {header.ShapeText} has {header.Count} elements, more than one array can hold");
        return (int)header.Count;
    }

    public static void Read<T>(Stream stream, NpyHeader header, Span<T> destination, string source)
        where T : unmanaged, INumberBase<T>
    {
        if (destination.Length != header.Count) throw new ArgumentException("destination length must equal the element count", nameof(destination));
        var dtype = header.DType;
        bool fortran = header.FortranOrder && header.Shape.Length > 1 && destination.Length > 0;
        if (!fortran && !dtype.NeedsSwap && IsNative<T>(dtype))
        {
            ReadData(stream, MemoryMarshal.AsBytes(destination), 0, header, source);
            return;
        }
        if (fortran && header.Shape.Length == 2 && header.Shape[0] * dtype.Size <= ColumnBlockBytes)
        {
            ReadFortranMatrix(stream, header, destination, source);
            return;
        }
        int perChunk = ChunkBytes / dtype.Size;
        var raw = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var scratch = fortran ? ArrayPool<T>.Shared.Rent(perChunk) : null;
        try
        {
            var scatter = fortran ? new FortranScatter(header.Shape) : null;
            for (int done = 0; done < destination.Length;)
            {
                int m = Math.Min(perChunk, destination.Length - done);
                var bytes = raw.AsSpan(0, m * dtype.Size);
                ReadData(stream, bytes, (long)done * dtype.Size, header, source);
                if (dtype.NeedsSwap) SwapInPlace(bytes, dtype.Size);
                if (scatter is null) Convert(bytes, dtype, destination.Slice(done, m));
                else
                {
                    Convert(bytes, dtype, scratch.AsSpan(0, m));
                    scatter.Scatter<T>(scratch.AsSpan(0, m), destination);
                }
                done += m;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
            if (scratch is not null) ArrayPool<T>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// A 2-D Fortran-order array (what np.save writes for a transposed matrix) is read a block of whole columns at a
    /// time and transposed row by row, so each destination row segment is written contiguously (3x faster than
    /// scattering element by element with a stride of one row).
    /// </summary>
    private static void ReadFortranMatrix<T>(Stream stream, NpyHeader header, Span<T> destination, string source)
        where T : unmanaged, INumberBase<T>
    {
        var dtype = header.DType;
        int n = (int)header.Shape[0], d = (int)header.Shape[1], size = dtype.Size;
        int k = Math.Clamp(ColumnBlockBytes / (n * size), 1, d);
        var raw = ArrayPool<byte>.Shared.Rent(k * n * size);
        var scratch = ArrayPool<T>.Shared.Rent(k * n);
        try
        {
            for (int j0 = 0; j0 < d; j0 += k)
            {
                int kk = Math.Min(k, d - j0), m = kk * n;
                var bytes = raw.AsSpan(0, m * size);
                ReadData(stream, bytes, (long)j0 * n * size, header, source);
                if (dtype.NeedsSwap) SwapInPlace(bytes, size);
                var block = scratch.AsSpan(0, m);
                Convert(bytes, dtype, block);
                for (int i = 0; i < n; i++)
                {
                    var row = destination.Slice(i * d + j0, kk);
                    for (int c = 0; c < row.Length; c++) row[c] = block[c * n + i];
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
            ArrayPool<T>.Shared.Return(scratch);
        }
    }

    private static bool IsNative<T>(NpyDType dtype) =>
        typeof(T) == typeof(float) ? dtype is { Kind: NpyKind.Float, Size: 4 }
        : typeof(T) == typeof(double) ? dtype is { Kind: NpyKind.Float, Size: 8 }
        : typeof(T) == typeof(byte) && dtype is { Kind: NpyKind.UInt, Size: 1 };

    private static void ReadData(Stream stream, Span<byte> buffer, long offset, NpyHeader header, string source)
    {
        int got;
        try { got = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false); }
        catch (InvalidDataException e) { throw new InputException($"{source}: corrupt data ({e.Message})", e); }
        if (got < buffer.Length) CheckAvailable(header, offset + got, source);
    }

    private static void SwapInPlace(Span<byte> bytes, int size)
    {
        switch (size)
        {
            case 2: var s = MemoryMarshal.Cast<byte, ushort>(bytes); BinaryPrimitives.ReverseEndianness(s, s); break;
            case 4: var i = MemoryMarshal.Cast<byte, uint>(bytes); BinaryPrimitives.ReverseEndianness(i, i); break;
            case 8: var l = MemoryMarshal.Cast<byte, ulong>(bytes); BinaryPrimitives.ReverseEndianness(l, l); break;
        }
    }

    /// <summary>Converts native-order elements of <paramref name="dtype"/> with numpy's astype semantics.</summary>
    private static void Convert<T>(ReadOnlySpan<byte> bytes, NpyDType dtype, Span<T> destination) where T : unmanaged, INumberBase<T>
    {
        switch (dtype.Kind, dtype.Size)
        {
            case (NpyKind.Float, 2): ConvertFrom<Half, T>(bytes, destination); break;
            case (NpyKind.Float, 4): ConvertFrom<float, T>(bytes, destination); break;
            case (NpyKind.Float, 8): ConvertFrom<double, T>(bytes, destination); break;
            case (NpyKind.Int, 1): ConvertFrom<sbyte, T>(bytes, destination); break;
            case (NpyKind.Int, 2): ConvertFrom<short, T>(bytes, destination); break;
            case (NpyKind.Int, 4): ConvertFrom<int, T>(bytes, destination); break;
            case (NpyKind.Int, 8): ConvertFrom<long, T>(bytes, destination); break;
            case (NpyKind.UInt, 1): ConvertFrom<byte, T>(bytes, destination); break;
            case (NpyKind.UInt, 2): ConvertFrom<ushort, T>(bytes, destination); break;
            case (NpyKind.UInt, 4): ConvertFrom<uint, T>(bytes, destination); break;
            case (NpyKind.UInt, 8): ConvertFrom<ulong, T>(bytes, destination); break;
            case (NpyKind.Bool, 1):
                for (int k = 0; k < destination.Length; k++) destination[k] = bytes[k] != 0 ? T.One : T.Zero;
                break;
            default: throw new InvalidOperationException($"unhandled dtype {dtype}");
        }
    }

    private static void ConvertFrom<TFrom, T>(ReadOnlySpan<byte> bytes, Span<T> destination)
        where TFrom : unmanaged, INumberBase<TFrom> where T : unmanaged, INumberBase<T>
    {
        var source = MemoryMarshal.Cast<byte, TFrom>(bytes);
        for (int k = 0; k < destination.Length; k++) destination[k] = T.CreateTruncating(source[k]);
    }

    /// <summary>
    /// Writes elements that arrive in Fortran order (first axis fastest) to their C-order positions, keeping the
    /// multi-index across chunks.
    /// </summary>
    private sealed class FortranScatter(long[] shape)
    {
        private readonly long[] _index = new long[shape.Length];
        private readonly long[] _stride = CStrides(shape);
        private long _offset;

        private static long[] CStrides(long[] shape)
        {
            var s = new long[shape.Length];
            long acc = 1;
            for (int a = shape.Length - 1; a >= 0; a--) { s[a] = acc; acc *= shape[a]; }
            return s;
        }

        public void Scatter<T>(ReadOnlySpan<T> values, Span<T> destination)
        {
            long first = shape[0], stride0 = _stride[0];
            for (int k = 0; k < values.Length; k++)
            {
                destination[(int)_offset] = values[k];
                if (++_index[0] < first) { _offset += stride0; continue; }
                _offset -= (first - 1) * stride0;
                _index[0] = 0;
                for (int a = 1; a < shape.Length; a++)
                {
                    if (++_index[a] < shape[a]) { _offset += _stride[a]; break; }
                    _offset -= (shape[a] - 1) * _stride[a];
                    _index[a] = 0;
                }
            }
        }
    }
}
