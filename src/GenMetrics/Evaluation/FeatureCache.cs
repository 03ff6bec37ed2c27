using System.Security.Cryptography;
using System.Text;
using GenMetrics.Formats;

namespace GenMetrics.Evaluation;

/// <summary>
/// Features computed once per (input content, encoder, protocol, settings) and kept as .npy files under a cache folder
/// ($GENMETRICS_HOME/features). The key is a SHA-256 over every part that changes the numbers, so a changed image,
/// weights file, protocol or setting never reuses stale features. Writes are atomic: two processes filling the same
/// entry at once both succeed and leave one complete file.
/// </summary>
internal sealed class FeatureCache(string folder)
{
    public string Folder { get; } = folder;

    /// <summary>The cache key of features of <paramref name="contentSha256"/> under the given recipe.</summary>
    public static string Key(string contentSha256, string encoder, string protocol, params string[] settings)
    {
        var text = new StringBuilder("genmetrics-features-v1\n");
        text.Append("content=").Append(contentSha256).Append('\n');
        text.Append("encoder=").Append(encoder).Append('\n');
        text.Append("protocol=").Append(protocol).Append('\n');
        foreach (var s in settings) text.Append(s).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public string PathOf(string key) => Path.Combine(Folder, key[..2], key + ".npy");

    /// <summary>The cached features, or null when there are none (or the entry is unreadable: it is then recomputed).</summary>
    public FeatureMatrix? TryLoad(string key, int expectedRows)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) return null;
        try
        {
            var f = Npy.ReadFeatures(path);
            return f.Rows == expectedRows ? f : null;
        }
        catch (InputException)
        {
            return null;   // a damaged entry is not the user's input: recompute and overwrite it
        }
    }

    public void Store(string key, FeatureMatrix features)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Npy.Write(path, features.Span, features.Rows, features.Columns);
    }
}
