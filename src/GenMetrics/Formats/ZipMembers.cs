using System.IO.Compression;

namespace GenMetrics.Formats;

/// <summary>
/// Zip members as readers may trust them. The sizes in a zip's central directory are the file's say-so: a 4 KB file
/// can claim a 500 MB member. Before a reader allocates for a member, its declared size is checked against what its
/// compressed bytes, which must lie inside the archive, can expand to.
/// </summary>
internal static class ZipMembers
{
    /// <summary>
    /// Deflate's largest expansion: a 258-byte match coded in 2 bits at best (RFC 1951), 1032:1. Stored members are
    /// their own size. (Deflate64, which only some Windows tools write for huge files, can expand further; such a
    /// member is refused if it does.)
    /// </summary>
    public const long MaxExpansion = 1032;

    /// <summary>Slack for the smallest members: block headers and a final partial byte.</summary>
    private const long Slack = 1024;

    /// <summary>
    /// The member's declared (uncompressed) size, once it is plausible for an archive of
    /// <paramref name="archiveBytes"/> bytes; else an <see cref="InputException"/> naming <paramref name="source"/>.
    /// </summary>
    public static long CheckedLength(ZipArchiveEntry entry, long archiveBytes, string source)
    {
        if (entry.CompressedLength < 0 || entry.CompressedLength > archiveBytes)
            throw new InputException($"{source}: corrupt archive member '{entry.FullName}' (its compressed size {entry.CompressedLength} " +
                                     $"is larger than the {archiveBytes}-byte archive)");
        if (entry.Length < 0 || entry.Length > entry.CompressedLength * MaxExpansion + Slack)
            throw new InputException($"{source}: corrupt archive member '{entry.FullName}' (it claims {entry.Length} bytes, more than its " +
                                     $"{entry.CompressedLength} compressed bytes can hold)");
        return entry.Length;
    }
}
