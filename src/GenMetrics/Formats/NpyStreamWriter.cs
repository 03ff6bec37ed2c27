using System.Runtime.InteropServices;
using GenMetrics.Internals;

namespace GenMetrics.Formats;

/// <summary>
/// Writes an .npy file as <c>np.save</c> would, streaming: the header first, then the values in any number of
/// appends, in bounded memory and of any size. The file appears only when <see cref="Commit"/> succeeds (through
/// <see cref="OutputFile"/>). The first axis may end shorter than declared (rows skipped on the way): numpy's header
/// reserves room for any number of rows, so the header is rewritten in place at the same length.
/// </summary>
internal sealed class NpyStreamWriter : IDisposable
{
    // Larger spans are written in pieces: Stream.Write takes at most 2 GB at a time.
    private const int ChunkBytes = 1 << 28;
    private readonly OutputFile _file;
    private readonly NpyHeader _header;
    private readonly long _rowElements;
    private long _written;

    private NpyStreamWriter(OutputFile file, NpyHeader header)
    {
        _file = file;
        _header = header;
        long row = 1;
        for (int i = 1; i < header.Shape.Length; i++) row = checked(row * header.Shape[i]);
        _rowElements = row;
    }

    public string Path { get; private init; } = "";

    /// <summary>Starts the file: C-order <typeparamref name="T"/> values of <paramref name="shape"/>.</summary>
    public static NpyStreamWriter Create<T>(string path, ReadOnlySpan<long> shape) where T : unmanaged
    {
        foreach (var s in shape) ArgumentOutOfRangeException.ThrowIfNegative(s, nameof(shape));
        var header = new NpyHeader(NpyArray.NativeDType<T>(), false, shape.ToArray());
        var file = OutputFile.Create(path);
        try
        {
            file.Stream.Write(header.ToBytes());
            return new NpyStreamWriter(file, header) { Path = path };
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Values appended so far.</summary>
    public long Written => _written;

    public void Append<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        if (NpyArray.NativeDType<T>() != _header.DType) throw new ArgumentException($"{Path}: the file holds {_header.DType.Descr}, not {typeof(T).Name}");
        if (_written + values.Length > _header.Count)
            throw new InvalidOperationException($"{Path}: {_written + values.Length} values appended, but shape {_header.ShapeText} holds {_header.Count}");
        int per = Math.Max(1, ChunkBytes / Marshal.SizeOf<T>());
        for (int i = 0; i < values.Length; i += per)
            _file.Stream.Write(MemoryMarshal.AsBytes(values.Slice(i, Math.Min(per, values.Length - i))));
        _written += values.Length;
    }

    /// <summary>
    /// Completes the file. With <paramref name="rows"/> below the declared first axis (rows that were skipped), the
    /// header is rewritten for that many rows; otherwise every declared value must have been appended.
    /// </summary>
    public void Commit(long? rows = null)
    {
        long declared = _header.Shape.Length == 0 ? 1 : _header.Shape[0];
        long n = rows ?? declared;
        if (n > declared) throw new ArgumentOutOfRangeException(nameof(rows), $"{Path}: {n} rows, but {declared} were declared");
        long expected = _header.Shape.Length == 0 ? 1 : checked(n * _rowElements);
        if (_written != expected)
            throw new InvalidOperationException($"{Path}: {_written} values appended, but {expected} are needed for {n} rows");
        if (n != declared)
        {
            var shape = (long[])_header.Shape.Clone();
            shape[0] = n;
            var bytes = (_header with { Shape = shape }).ToBytes();
            var original = _header.ToBytes();
            if (bytes.Length != original.Length || !_file.Stream.CanSeek)
                throw new InvalidOperationException($"{Path}: cannot shorten the first axis of a file written in place");
            _file.Stream.Flush();
            _file.Stream.Position = 0;
            _file.Stream.Write(bytes);
            _file.Stream.Position = _file.Stream.Length;
        }
        _file.Commit();
    }

    public void Dispose() => _file.Dispose();
}
