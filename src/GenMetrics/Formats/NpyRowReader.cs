using System.IO.Compression;

namespace GenMetrics.Formats;

/// <summary>
/// Reads the rows of an N x D features file (.npy, or the features array of an .npz) a block at a time, as float32,
/// in bounded memory whatever N: rows are converted from any numeric dtype and checked finite as they are read. An
/// .npy is read at any row; an .npz member only forward. A Fortran-order file is read whole (it has no contiguous rows).
/// </summary>
internal sealed class NpyRowReader : IDisposable
{
    private readonly Stream? _file;
    private readonly ZipArchive? _zip;
    private readonly Stream? _data;
    private readonly NpyHeader? _header;
    private readonly long _dataStart;
    private readonly FeatureMatrix? _whole;
    private long _position;   // the next row the stream is at

    private NpyRowReader(string name, long rows, int columns, Stream? file, ZipArchive? zip, Stream? data, NpyHeader? header, long dataStart, FeatureMatrix? whole)
    {
        Name = name;
        Rows = rows;
        Columns = columns;
        _file = file;
        _zip = zip;
        _data = data;
        _header = header;
        _dataStart = dataStart;
        _whole = whole;
    }

    /// <summary>The file, for messages.</summary>
    public string Name { get; }

    /// <summary>N.</summary>
    public long Rows { get; }

    /// <summary>D.</summary>
    public int Columns { get; }

    /// <exception cref="InputException">The file is missing, corrupt, not 2-D, not numeric, or truncated.</exception>
    public static NpyRowReader Open(string path)
    {
        var file = FileInput.OpenRead(path);
        try
        {
            if (FileInput.IsZip(file))
            {
                var (zip, member, source, length) = Npz.OpenMember(file, path, null);
                try
                {
                    return Create(path, source, file, zip, member, length, seekable: false);
                }
                catch
                {
                    member.Dispose();
                    zip.Dispose();
                    throw;
                }
            }
            return Create(path, path, file, null, file, file.Length, seekable: true);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static NpyRowReader Create(string path, string source, Stream file, ZipArchive? zip, Stream data, long length, bool seekable)
    {
        var header = NpyHeader.Read(data, source);
        if (header.Shape.Length != 2)
            throw new InputException($"{source}: features must be a 2-D array (samples x features), but the shape is {header.ShapeText}");
        NpyDecoder.CheckAvailable(header, length - header.EncodedLength, source);
        if (header.Shape[1] > int.MaxValue || header.Shape[1] == 0 && header.Shape[0] > 0)
            throw new InputException($"{source}: shape {header.ShapeText} is not N x D features");
        if (header.DType.Kind is not (NpyKind.Float or NpyKind.Int or NpyKind.UInt or NpyKind.Bool))
            throw new InputException($"{source}: dtype '{header.DType.Descr}' is not numeric");
        if (header.FortranOrder && header.Shape[0] > 1 && header.Shape[1] > 1)
        {
            // No contiguous rows: read it whole (as FeatureFile.Read would).
            var whole = Npy.ReadFeatures(data, source, path, length);
            FeatureFile.Validate(whole, path);
            if (zip is not null) { data.Dispose(); zip.Dispose(); }
            file.Dispose();
            return new NpyRowReader(path, whole.Rows, whole.Columns, null, null, null, null, 0, whole);
        }
        long start = seekable ? data.Position : 0;
        return new NpyRowReader(path, header.Shape[0], (int)header.Shape[1], file, zip, data, header with { FortranOrder = false }, start, null);
    }

    /// <summary>Reads rows [<paramref name="first"/>, first + <paramref name="destination"/>.Length / D) into <paramref name="destination"/>.</summary>
    /// <exception cref="InputException">The file is truncated or holds NaN or infinity (the message names the row and column).</exception>
    public void Read(long first, Span<float> destination)
    {
        int d = Columns;
        if (destination.Length % d != 0) throw new ArgumentException("whole rows only", nameof(destination));
        long count = destination.Length / d;
        if (first < 0 || first + count > Rows) throw new ArgumentOutOfRangeException(nameof(first), $"rows {first}..{first + count} of {Rows}");
        if (_whole is not null)
        {
            _whole.Span.Slice(checked((int)(first * d)), destination.Length).CopyTo(destination);
            return;
        }
        var size = _header!.DType.Size;
        if (first != _position)
        {
            if (_data!.CanSeek) _data.Position = _dataStart + first * d * size;
            else if (first > _position) Skip((first - _position) * d * size);
            else throw new InvalidOperationException($"{Name}: an .npz member is read forward only (row {first} after {_position})");
            _position = first;
        }
        NpyDecoder.Read(_data!, _header with { Shape = [count, d] }, destination, Name);
        _position += count;
        int bad = FeatureFile.IndexOfNonFinite(destination);
        if (bad >= 0)
        {
            float v = destination[bad];
            var what = float.IsNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
            throw new InputException($"{Name}: row {first + bad / d}, column {bad % d} is {what} (features must be finite)");
        }
    }

    private void Skip(long bytes)
    {
        var buffer = new byte[Math.Min(bytes, 1 << 20)];
        while (bytes > 0)
        {
            int got = _data!.Read(buffer, 0, (int)Math.Min(bytes, buffer.Length));
            if (got == 0) throw new InputException($"{Name}: truncated .npy data");
            bytes -= got;
        }
    }

    public void Dispose()
    {
        if (_zip is not null)
        {
            _data?.Dispose();
            _zip.Dispose();
        }
        _file?.Dispose();
    }
}
