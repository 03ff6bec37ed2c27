using System.IO.Compression;
using System.Runtime.InteropServices;
using GenMetrics.Internals;

namespace GenMetrics.Formats;

/// <summary>
/// Writes an .npz whose first member is one large array streamed in appends (header first, bounded memory, any size),
/// followed by small arrays given at <see cref="Commit"/>; stored members, as np.savez writes them. The file appears
/// only when complete (through <see cref="OutputFile"/>).
/// </summary>
internal sealed class NpzStreamWriter : IDisposable
{
    private static readonly DateTimeOffset s_epoch = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);   // reproducible bytes
    private readonly OutputFile _file;
    private readonly ZipArchive _zip;
    private Stream? _member;
    private readonly NpyHeader _header;
    private long _written;

    private NpzStreamWriter(OutputFile file, ZipArchive zip, Stream member, NpyHeader header)
    {
        _file = file;
        _zip = zip;
        _member = member;
        _header = header;
    }

    /// <summary>Starts <paramref name="path"/> with the member <paramref name="name"/>.npy of <typeparamref name="T"/> values of <paramref name="shape"/>.</summary>
    public static NpzStreamWriter Create<T>(string path, string name, ReadOnlySpan<long> shape) where T : unmanaged
    {
        var header = new NpyHeader(NpyArray.NativeDType<T>(), false, shape.ToArray());
        var file = OutputFile.Create(path);
        ZipArchive? zip = null;
        try
        {
            zip = new ZipArchive(file.Stream, ZipArchiveMode.Create, leaveOpen: true);
            var entry = zip.CreateEntry(name + ".npy", CompressionLevel.NoCompression);
            entry.LastWriteTime = s_epoch;
            var member = entry.Open();
            member.Write(header.ToBytes());
            return new NpzStreamWriter(file, zip, member, header);
        }
        catch
        {
            zip?.Dispose();
            file.Dispose();
            throw;
        }
    }

    public void Append<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        if (_member is null) throw new InvalidOperationException("the streamed member is complete");
        if (_written + values.Length > _header.Count) throw new InvalidOperationException($"{_written + values.Length} values appended, but shape {_header.ShapeText} holds {_header.Count}");
        _member.Write(MemoryMarshal.AsBytes(values));
        _written += values.Length;
    }

    /// <summary>Completes the streamed member (every declared value appended), adds <paramref name="arrays"/> and commits the file.</summary>
    public void Commit(IEnumerable<KeyValuePair<string, NpyArray>> arrays)
    {
        if (_member is null) throw new InvalidOperationException("already committed");
        if (_written != _header.Count) throw new InvalidOperationException($"{_written} values appended, but shape {_header.ShapeText} needs {_header.Count}");
        _member.Dispose();
        _member = null;
        foreach (var (name, array) in arrays)
        {
            var entry = _zip.CreateEntry(name + ".npy", CompressionLevel.NoCompression);
            entry.LastWriteTime = s_epoch;
            using var stream = entry.Open();
            array.WriteTo(stream);
        }
        _zip.Dispose();
        _file.Commit();
    }

    public void Dispose()
    {
        try
        {
            _member?.Dispose();
            _zip.Dispose();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // Abandoned: the temporary file goes with the OutputFile.
        }
        _file.Dispose();
    }
}
