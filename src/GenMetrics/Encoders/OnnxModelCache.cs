using GenMetrics.Internals;

namespace GenMetrics.Encoders;

/// <summary>
/// Serialised ONNX models cached under <c>$GENMETRICS_HOME/models</c> (default <c>~/.cache/genmetrics</c>), one file
/// per key. The key must hash every input of the model (weights content and graph version). Files are written
/// atomically, so two processes building the same model at once both end with a whole file.
/// </summary>
internal static class OnnxModelCache
{
    public const string HomeVariable = "GENMETRICS_HOME";

    /// <summary>The GenMetrics cache folder: $GENMETRICS_HOME, else ~/.cache/genmetrics.</summary>
    public static string Home
    {
        get
        {
            var home = Environment.GetEnvironmentVariable(HomeVariable);
            if (!string.IsNullOrWhiteSpace(home)) return home;
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "genmetrics");
        }
    }

    public static string PathFor(string key, string? home = null) => Path.Combine(home ?? Home, "models", key + ".onnx");

    /// <summary>
    /// The cached model for <paramref name="key"/> if there is one, else <paramref name="build"/>'s bytes, stored for
    /// next time. <paramref name="fromCache"/> says which; <paramref name="home"/> overrides <see cref="Home"/>. A cache that cannot be written is skipped, not an error.
    /// </summary>
    public static byte[] GetOrBuild(string key, Func<byte[]> build, out bool fromCache, string? home = null)
    {
        var path = PathFor(key, home);
        if (File.Exists(path))
        {
            try
            {
                fromCache = true;
                return File.ReadAllBytes(path);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        fromCache = false;
        var bytes = build();
        Store(path, bytes);
        return bytes;
    }

    /// <summary>Replaces a cached model (used when the cached file could not be loaded).</summary>
    public static void Store(string path, byte[] bytes)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var file = OutputFile.Create(path);
            file.Stream.Write(bytes);
            file.Commit();
        }
        catch (Exception e) when (e is InputException or IOException or UnauthorizedAccessException) { }
    }
}
