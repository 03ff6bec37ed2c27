using GenMetrics.Internals;
using System.IO.Compression;

namespace GenMetrics.Formats;

/// <summary>
/// NumPy .npz archives: zip files of .npy members, stored (np.savez) or deflated (np.savez_compressed); the member
/// "name.npy" is the array "name". Members are streamed into their arrays, never copied whole into a byte[].
/// </summary>
internal static class Npz
{
    /// <summary>The keys clean-fid and GenMetrics use for a features array inside an archive with several arrays.</summary>
    private static readonly string[] s_featureKeys = ["features", "feats"];

    /// <summary>The array names, in archive order.</summary>
    public static IReadOnlyList<string> ListArrays(string path)
    {
        using var file = FileInput.OpenRead(path);
        using var zip = OpenArchive(file, path);
        return Keys(zip);
    }

    /// <summary>True when the file is a zip archive holding all the named arrays.</summary>
    public static bool Has(string path, params ReadOnlySpan<string> names)
    {
        using var file = FileInput.OpenRead(path);
        if (!FileInput.IsZip(file)) return false;
        using var zip = OpenArchive(file, path);
        foreach (var name in names)
            if (zip.GetEntry(name + ".npy") is null) return false;
        return true;
    }

    public static NpyArray ReadArray(string path, string name)
    {
        using var file = FileInput.OpenRead(path);
        using var zip = OpenArchive(file, path);
        var entry = Member(zip, path, name);
        long length = ZipMembers.CheckedLength(entry, file.Length, path);
        using var stream = OpenMember(entry, path);
        try { return Npy.Read(stream, $"{path} (array '{name}')", length); }
        catch (InvalidDataException e) { throw Corrupt(entry, path, e); }
    }

    /// <summary>Features from an open archive: its only array, else 'features' or 'feats'.</summary>
    internal static FeatureMatrix ReadFeatures(Stream file, string path)
    {
        using var zip = OpenArchive(file, path);
        var key = FeaturesKey(zip, path);
        var entry = Member(zip, path, key);
        long length = ZipMembers.CheckedLength(entry, file.Length, path);
        using var stream = OpenMember(entry, path);
        try { return Npy.ReadFeatures(stream, $"{path} (array '{key}')", path, length); }
        catch (InvalidDataException e) { throw Corrupt(entry, path, e); }
    }

    private static string FeaturesKey(ZipArchive zip, string path)
    {
        var keys = Keys(zip);
        string? key = keys.Count == 1 ? keys[0] : null;
        foreach (var k in s_featureKeys)
            if (key is null && keys.Contains(k)) key = k;
        return key ?? throw new InputException($"{path}: cannot tell which array holds the features: expected a single array or one named " +
                                               $"'features' or 'feats', found {KeyList(keys)}");
    }

    /// <summary>
    /// Opens a member of an open archive for streaming: the features array (<paramref name="name"/> null: as
    /// <see cref="ReadFeatures(Stream, string)"/> picks it) or the array <paramref name="name"/>. The caller disposes both.
    /// </summary>
    internal static (ZipArchive Zip, Stream Member, string Source, long Length) OpenMember(Stream file, string path, string? name)
    {
        var zip = OpenArchive(file, path);
        try
        {
            var key = name ?? FeaturesKey(zip, path);
            var entry = Member(zip, path, key);
            long length = ZipMembers.CheckedLength(entry, file.Length, path);
            return (zip, OpenMember(entry, path), $"{path} (array '{key}')", length);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    /// <summary>Writes the arrays as stored members "name.npy" (like np.savez), atomically.</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, NpyArray>> arrays)
    {
        using var file = OutputFile.Create(path);
        using (var zip = new ZipArchive(file.Stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, array) in arrays)
            {
                var entry = zip.CreateEntry(name + ".npy", CompressionLevel.NoCompression);
                entry.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero); // reproducible bytes
                using var stream = entry.Open();
                array.WriteTo(stream);
            }
        }
        file.Commit();
    }

    private static ZipArchive OpenArchive(Stream file, string path)
    {
        ZipArchive? zip = null;
        try
        {
            zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            _ = zip.Entries; // the central directory is read lazily: a corrupt one must fail here, not in a later lookup
            return zip;
        }
        catch (InvalidDataException e)
        {
            zip?.Dispose();
            throw new InputException($"{path}: not a valid .npz (zip) file ({e.Message})", e);
        }
    }

    private static Stream OpenMember(ZipArchiveEntry entry, string path)
    {
        try { return entry.Open(); }
        catch (InvalidDataException e) { throw Corrupt(entry, path, e); }
    }

    private static InputException Corrupt(ZipArchiveEntry entry, string path, Exception e) =>
        new($"{path}: corrupt member '{entry.FullName}' ({e.Message})", e);

    private static ZipArchiveEntry Member(ZipArchive zip, string path, string name) =>
        zip.GetEntry(name + ".npy") ?? throw new InputException($"{path}: no array '{name}'; the archive holds {KeyList(Keys(zip))}");

    private static List<string> Keys(ZipArchive zip)
    {
        var keys = new List<string>();
        foreach (var e in zip.Entries)
            if (e.FullName.EndsWith(".npy", StringComparison.Ordinal)) keys.Add(e.FullName[..^4]);
        return keys;
    }

    internal static string KeyList(IReadOnlyCollection<string> keys) =>
        keys.Count == 0 ? "no arrays" : "arrays " + string.Join(", ", keys.Select(k => $"'{k}'"));
}
