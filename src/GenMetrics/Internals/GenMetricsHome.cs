namespace GenMetrics.Internals;

/// <summary>
/// The folder that holds GenMetrics' downloads and caches: <c>$GENMETRICS_HOME</c>, else
/// <c>$XDG_CACHE_HOME/genmetrics</c>, else <c>~/.cache/genmetrics</c>. Subfolders (<c>weights/</c>, <c>models/</c>,
/// <c>features/</c>) are created when first asked for, so a read-only run never creates anything.
/// </summary>
/// <remarks>
/// Everything written below the root goes through <see cref="OutputFile"/> (temp file + rename) or, for downloads,
/// a lock file plus rename, so two processes sharing one home never see a half-written item.
/// </remarks>
internal sealed class GenMetricsHome
{
    public const string HomeVariable = "GENMETRICS_HOME";
    public const string XdgCacheVariable = "XDG_CACHE_HOME";

    public GenMetricsHome(string root) => Root = Path.GetFullPath(root);

    /// <summary>The root folder (absolute); it may not exist yet.</summary>
    public string Root { get; }

    /// <summary>The home the environment selects.</summary>
    public static GenMetricsHome FromEnvironment() => new(DefaultRoot(Environment.GetEnvironmentVariable));

    /// <summary>
    /// The root chosen by the variables <paramref name="getVariable"/> returns. XDG_CACHE_HOME counts only when absolute,
    /// as the XDG base directory specification says.
    /// </summary>
    public static string DefaultRoot(Func<string, string?> getVariable)
    {
        var home = getVariable(HomeVariable);
        if (!string.IsNullOrWhiteSpace(home)) return Path.GetFullPath(home);
        var xdg = getVariable(XdgCacheVariable);
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "genmetrics");
        var user = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (string.IsNullOrEmpty(user)) user = Path.GetTempPath();
        return Path.Combine(user, ".cache", "genmetrics");
    }

    /// <summary>Downloaded weights files (and their hash sidecars, part files and lock files).</summary>
    public string Weights => Folder("weights");

    /// <summary>Models built from weights (for example ONNX graphs), keyed by the weights' SHA-256.</summary>
    public string Models => Folder("models");

    /// <summary>Cached features, keyed by content hash, encoder and protocol.</summary>
    public string Features => Folder("features");

    /// <summary>The path of <paramref name="name"/> below the root, without creating anything.</summary>
    public string PathOf(string name) => Path.Combine(Root, name);

    private string Folder(string name)
    {
        var path = PathOf(name);
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new InputException(
                $"{path}: cannot create the GenMetrics cache folder ({e.Message}); set {HomeVariable} to a writable folder", e);
        }
        return path;
    }
}
