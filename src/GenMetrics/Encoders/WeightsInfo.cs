namespace GenMetrics.Encoders;

/// <summary>
/// One known weights file: where it comes from and how to recognise it.
/// </summary>
/// <param name="Name">The registry name (<c>inception-2015-12-05</c>).</param>
/// <param name="UrlBase">The canonical download folder, ending in '/'; the URL is <c>UrlBase + FileName</c>.</param>
/// <param name="FileName">The file name, used both in the URL and in the cache folder.</param>
/// <param name="Sha256Prefix">
/// Lower-case hex that the file's SHA-256 must start with. torch.hub's rule: the hex after the last '-' in the file
/// name is a prefix of the SHA-256. Only the prefix is published, so only the prefix can be checked.
/// </param>
/// <param name="ApproximateBytes">The rough size, for progress when the server sends no length.</param>
internal sealed record WeightsInfo(string Name, string UrlBase, string FileName, string Sha256Prefix, long ApproximateBytes)
{
    /// <summary>The setting that gives this file's path explicitly (messages name it; the CLI says its flag).</summary>
    public string Setting { get; init; } = "weights";

    /// <summary>The canonical URL.</summary>
    public string Url => UrlBase + FileName;

    /// <summary>The URL with its folder replaced by <paramref name="urlBase"/> (a mirror, or a test server).</summary>
    public string UrlFrom(string? urlBase) =>
        string.IsNullOrWhiteSpace(urlBase) ? Url : urlBase.TrimEnd('/') + "/" + FileName;

    /// <summary>Whether a full lower-case hex SHA-256 starts with <see cref="Sha256Prefix"/>.</summary>
    public bool Accepts(string sha256) => sha256.StartsWith(Sha256Prefix, StringComparison.OrdinalIgnoreCase);
}
