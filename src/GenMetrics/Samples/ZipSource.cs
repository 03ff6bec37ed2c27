using GenMetrics.Imaging;
using System.IO.Compression;

namespace GenMetrics.Samples;

/// <summary>
/// Images inside a zip archive: members with a decodable extension, sorted by ordinal member name (clean-fid reads an
/// unordered set of names; a fixed order makes results and hashes reproducible). Each thread reads through its own
/// <see cref="ZipArchive"/> (the type is not thread-safe).
/// </summary>
/// <remarks>
/// As for folders: hidden members (a path part starting with '.') and macOS Finder's <c>__MACOSX/</c> resource forks
/// are skipped, and sub-folders are searched only with <see cref="SampleSourceOptions.Recursive"/>. The archive's top
/// level is its root, or the one folder every member sits in (what <c>zip -r images.zip images/</c> and Finder make).
/// </remarks>
internal sealed class ZipSource : SampleSourceBase
{
    private readonly string _path;
    private readonly long _archiveBytes;
    private readonly int[] _entryIndex;
    private readonly ThreadLocal<ZipArchive> _archives;

    private ZipSource(string path, IReadOnlyList<string> names, int[] entryIndex, bool skipInvalid)
        : base(path, names, skipInvalid)
    {
        _path = path;
        _archiveBytes = new FileInfo(path).Length;
        _entryIndex = entryIndex;
        _archives = new ThreadLocal<ZipArchive>(() => OpenArchive(path), trackAllValues: true);
        HasLossyItems = names.Any(ImageExtensions.IsLossy);
    }

    public override bool HasLossyItems { get; }

    public static ZipSource Open(string path, SampleSourceOptions options)
    {
        using var zip = OpenArchive(path);
        var files = new List<(string Name, int Index)>();
        for (int i = 0; i < zip.Entries.Count; i++)
        {
            var name = zip.Entries[i].FullName.Replace('\\', '/');
            if (name.EndsWith('/') || name.StartsWith("__MACOSX/", StringComparison.Ordinal) || name.Split('/').Any(part => part.StartsWith('.'))) continue;
            files.Add((name, i));
        }
        // A single folder holding everything is the archive's top level.
        var root = files.Count > 0 && files[0].Name.IndexOf('/') is var slash and > 0 && files.TrueForAll(f => f.Name.StartsWith(files[0].Name[..(slash + 1)], StringComparison.Ordinal))
            ? files[0].Name[..(slash + 1)] : "";
        var members = new List<(string Name, int Index)>();
        int deeper = 0;
        foreach (var (name, i) in files)
        {
            if (!ImageExtensions.IsDecodable(name)) continue;
            if (!options.Recursive && name[root.Length..].Contains('/')) { deeper++; continue; }
            members.Add((name, i));
        }
        if (members.Count == 0)
            throw new InputException($"{path}: no images in the archive (looked for {ImageExtensions.ListText}" +
                                     (deeper > 0 ? $"; {deeper} in sub-folders, which are searched only with recursion" : "") + ")");
        members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new ZipSource(path, members.ConvertAll(m => m.Name), members.ConvertAll(m => m.Index).ToArray(), options.SkipInvalid);
    }

    protected override RgbImage ReadCore(int index) => ImageDecoder.Decode(Member(index), $"{_path}:{ItemNames[index]}");

    protected override ReadOnlySpan<byte> ItemBytes(int index) => Member(index);

    private byte[] Member(int index)
    {
        var entry = _archives.Value!.Entries[_entryIndex[index]];
        long length = Formats.ZipMembers.CheckedLength(entry, _archiveBytes, _path);
        if (length > Array.MaxLength)
            throw new InputException($"{_path}:{entry.FullName}: {length} bytes, too large for one image file");
        try
        {
            using var stream = entry.Open();
            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new InputException($"{_path}:{entry.FullName}: corrupt archive member ({e.Message})", e);
        }
    }

    private static ZipArchive OpenArchive(string path)
    {
        var file = Formats.FileInput.OpenRead(path);
        try
        {
            var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: false);
            _ = zip.Entries; // the central directory is read lazily: a corrupt one must fail here
            return zip;
        }
        catch (InvalidDataException e)
        {
            file.Dispose();
            throw new InputException($"{path}: not a valid zip archive ({e.Message})", e);
        }
    }

    public override void Dispose()
    {
        foreach (var zip in _archives.Values) zip.Dispose();
        _archives.Dispose();
    }
}
