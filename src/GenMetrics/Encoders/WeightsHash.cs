using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using GenMetrics.Internals;

namespace GenMetrics.Encoders;

/// <summary>
/// SHA-256 of weights files, remembered in a sidecar (<c>FILE.sha256</c>: hash, size, mtime) so a 95 MB file is not
/// rehashed on every run. The sidecar counts only while the file's size and last-write time still match it.
/// </summary>
internal static class WeightsHash
{
    private const int BufferBytes = 1 << 20;

    public static string SidecarPath(string file) => file + ".sha256";

    /// <summary>The full SHA-256 (lower-case hex) of <paramref name="file"/>, from its sidecar when still valid.</summary>
    public static string OfCachedFile(string file, string name, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var info = new FileInfo(file);
        if (TryReadSidecar(info) is { } known) return known;
        var hash = OfFile(file, name, progress, ct);
        WriteSidecar(info, hash);
        return hash;
    }

    /// <summary>The full SHA-256 (lower-case hex) of <paramref name="file"/>, read from start to end.</summary>
    public static string OfFile(string file, string name, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long total = stream.Length, done = 0;
            progress?.Report(new(name, DownloadStage.Hashing, 0, total));
            int n;
            while ((n = stream.Read(buffer, 0, BufferBytes)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                sha.AppendData(buffer, 0, n);
                done += n;
                if (done % (16 * BufferBytes) < n || done == total) progress?.Report(new(name, DownloadStage.Hashing, done, total));
            }
            return Convert.ToHexStringLower(sha.GetHashAndReset());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{file}: cannot read the weights file ({e.Message})", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Records <paramref name="sha256"/> for the file's current size and mtime. Best effort: a read-only cache only costs a rehash.</summary>
    public static void WriteSidecar(FileInfo file, string sha256)
    {
        file.Refresh();
        var line = string.Create(CultureInfo.InvariantCulture, $"{sha256} {file.Length} {file.LastWriteTimeUtc.Ticks}\n");
        try { OutputFile.WriteAllText(SidecarPath(file.FullName), line); }
        catch (InputException) { }
    }

    private static string? TryReadSidecar(FileInfo file)
    {
        try
        {
            var sidecar = SidecarPath(file.FullName);
            if (!File.Exists(sidecar)) return null;
            var parts = File.ReadAllText(sidecar).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length != 3 || parts[0].Length != 64 || !parts[0].All(char.IsAsciiHexDigitLower)) return null;
            if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)) return null;
            if (!long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)) return null;
            return size == file.Length && ticks == file.LastWriteTimeUtc.Ticks ? parts[0] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
