using System.Security.Cryptography;
using System.Text;
using GenMetrics.Formats;

namespace GenMetrics.Evaluation;

/// <summary>
/// Features computed once per (input content, encoder, preprocessing, output) and kept as .npy files under a cache
/// folder ($GENMETRICS_HOME/features), one file per output. The key is a SHA-256 over every part that changes the
/// numbers (the encoder's id includes its graph version and weights hash), so a changed image, weights file, graph,
/// protocol or setting never reuses stale features. Writes are atomic: two processes filling the same entry at once
/// both succeed and leave one complete file.
/// </summary>
internal sealed class FeatureCache(string folder)
{
    public string Folder { get; } = folder;

    /// <summary>The cache key of output <paramref name="output"/> of <paramref name="contentSha256"/> under the given recipe.</summary>
    public static string Key(string contentSha256, string encoderKey, string preprocessingKey, string output)
    {
        var text = new StringBuilder("genmetrics-features-v2\n");
        text.Append("content=").Append(contentSha256).Append('\n');
        text.Append("encoder=").Append(encoderKey).Append('\n');
        text.Append("preprocessing=").Append(preprocessingKey).Append('\n');
        text.Append("output=").Append(output).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public string PathOf(string key) => Path.Combine(Folder, key[..2], key + ".npy");

    /// <summary>The cached features, or null when there are none or they do not have the expected shape (they are then recomputed).</summary>
    public FeatureMatrix? TryLoad(string key, int expectedRows, int expectedColumns, string source)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) return null;
        try
        {
            var f = Npy.ReadFeatures(path);
            return f.Rows == expectedRows && f.Columns == expectedColumns ? new FeatureMatrix(f.Memory, f.Rows, f.Columns, source) : null;
        }
        catch (InputException)
        {
            return null;   // a damaged entry is not the user's input: recompute and overwrite it
        }
    }

    /// <summary>
    /// Stores features, with the warnings that decoding them raised (kept beside them, one per line, so a cache hit
    /// warns as the first run did). A cache that cannot be written is skipped, not an error.
    /// </summary>
    public void Store(string key, FeatureMatrix features, IReadOnlyList<string>? warnings = null)
    {
        var path = PathOf(key);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (warnings is { Count: > 0 }) Internals.OutputFile.WriteAllText(WarningsPath(key), string.Join('\n', warnings) + "\n");
            else if (File.Exists(WarningsPath(key))) File.Delete(WarningsPath(key));
            Npy.Write(path, features.Span, features.Rows, features.Columns);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InputException) { }
    }

    /// <summary>The warnings stored with an entry (none when there are none or they cannot be read).</summary>
    public IReadOnlyList<string> Warnings(string key)
    {
        try
        {
            var path = WarningsPath(key);
            return File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0).ToArray() : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    private string WarningsPath(string key) => Path.Combine(Folder, key[..2], key + ".warnings.txt");
}
