namespace GenMetrics.Formats;

/// <summary>Opening input files with messages that name them, and telling .npz (zip) from .npy by content.</summary>
internal static class FileInput
{
    public static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"{path}: file not found", e);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new InputException($"{path}: cannot read the file ({e.Message})", e);
        }
    }

    /// <summary>True when the stream starts with a zip signature ("PK"); the position is restored.</summary>
    public static bool IsZip(Stream stream)
    {
        long at = stream.Position;
        Span<byte> magic = stackalloc byte[2];
        int got = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = at;
        return got == 2 && magic[0] == (byte)'P' && magic[1] == (byte)'K';
    }
}
