using System.Collections.Concurrent;

namespace GenMetrics.Internals;

/// <summary>
/// Writes an output file so that a failure leaves nothing behind. A regular file (or a path that does not exist yet)
/// is written to a hidden temporary file in the same folder and <see cref="Commit"/> renames it over the destination;
/// disposing without committing deletes it. A symbolic link's final target is replaced, never the link. A character
/// device, a FIFO or a socket (and any path under /dev or /proc, such as /dev/stdout) is written in place: there is
/// nothing to rename there.
/// </summary>
internal sealed class OutputFile : IDisposable
{
    private static readonly ConcurrentDictionary<string, byte> s_pending = new();
    private readonly string _path;
    private readonly string? _temp;
    private FileStream? _stream;

    private OutputFile(string path, string? temp, FileStream stream)
    {
        _path = path;
        _temp = temp;
        _stream = stream;
    }

    /// <summary>True when the output is written in place (a device, a FIFO, standard output).</summary>
    public bool InPlace => _temp is null;

    public Stream Stream => _stream ?? throw new ObjectDisposedException(nameof(OutputFile));

    public static OutputFile Create(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            if (WritesInPlace(full))
                return new OutputFile(full, null, new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16));
            var target = Target(full);
            var folder = Path.GetDirectoryName(target) ?? ".";
            var temp = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
            s_pending[temp] = 0;
            try
            {
                return new OutputFile(target, temp, new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16));
            }
            catch
            {
                s_pending.TryRemove(temp, out _);
                throw;
            }
        }
        catch (Exception e) when (e is DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            throw new InputException($"{path}: cannot write the file ({e.Message})", e);
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 to <paramref name="path"/>.</summary>
    public static void WriteAllText(string path, string text)
    {
        using var file = Create(path);
        file.Stream.Write(System.Text.Encoding.UTF8.GetBytes(text));
        file.Commit();
    }

    /// <summary>
    /// Checks, before any work, that <paramref name="path"/> can be written: not a folder, its folder exists and
    /// accepts new files (a probe file is created and removed), or it is a device or FIFO that exists.
    /// </summary>
    /// <exception cref="InputException">The path cannot be written; the message names it and says why.</exception>
    public static void Check(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new InputException("an output path is empty");
        var full = Path.GetFullPath(path);
        if (FileKinds.Of(full) == FileKind.Directory) throw new InputException($"{path}: is a folder; give a file path");
        if (WritesInPlace(full))
        {
            if (!File.Exists(full)) throw new InputException($"{path}: does not exist (devices and FIFOs are written in place, not created)");
            return;
        }
        var target = Target(full);
        if (FileKinds.Of(target) == FileKind.Directory) throw new InputException($"{path}: links to a folder; give a file path");
        var folder = Path.GetDirectoryName(target) ?? ".";
        if (!Directory.Exists(folder)) throw new InputException($"{path}: folder '{folder}' does not exist");
        var probe = Path.Combine(folder, $".genmetrics-probe.{Guid.NewGuid():N}.tmp");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new InputException($"{path}: cannot write into folder '{folder}' ({e.Message})", e);
        }
    }

    /// <summary>Deletes every temporary file still being written (for a signal handler); returns how many.</summary>
    public static int DeletePending()
    {
        int n = 0;
        foreach (var temp in s_pending.Keys)
            if (s_pending.TryRemove(temp, out _) && TryDelete(temp)) n++;
        return n;
    }

    /// <summary>Flushes the content and moves it into place, replacing any existing file.</summary>
    public void Commit()
    {
        var stream = _stream ?? throw new ObjectDisposedException(nameof(OutputFile));
        if (_temp is null)
        {
            stream.Flush();
            stream.Dispose();
            _stream = null;
            return;
        }
        stream.Flush(flushToDisk: true);
        stream.Dispose();
        _stream = null;
        try
        {
            File.Move(_temp, _path, overwrite: true);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            TryDelete(_temp);
            throw new InputException($"{_path}: cannot write the file ({e.Message})", e);
        }
        finally
        {
            s_pending.TryRemove(_temp, out _);
        }
    }

    public void Dispose()
    {
        if (_stream is null) return;
        _stream.Dispose();
        _stream = null;
        if (_temp is null) return;
        TryDelete(_temp);
        s_pending.TryRemove(_temp, out _);
    }

    private static bool WritesInPlace(string full) =>
        full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/", StringComparison.Ordinal) ||
        FileKinds.Of(full) is FileKind.CharacterDevice or FileKind.BlockDevice or FileKind.Fifo or FileKind.Socket;

    // A symbolic link is followed to its final target (even a missing one), so the link itself survives.
    private static string Target(string full)
    {
        var info = new FileInfo(full);
        if (info.LinkTarget is null) return full;
        var final = info.ResolveLinkTarget(returnFinalTarget: true);
        return final?.FullName ?? Path.GetFullPath(info.LinkTarget, Path.GetDirectoryName(full) ?? "/");
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
