namespace GenMetrics.Encoders;

/// <summary>
/// Finds a weights file: the caller's explicit path, else the verified copy under <c>$GENMETRICS_HOME/weights</c>,
/// else a download from the canonical URL (resumable, verified before it is moved into place, safe with several
/// processes at once).
/// </summary>
/// <remarks>
/// An explicit path is always used and always hashed (the CLI records the full SHA-256 in results and derived caches
/// are keyed by it). Its hash is checked against the registry's prefix only when
/// <see cref="WeightsStoreSettings.VerifyExplicitPath"/> is set: users legitimately pass other exports of the same
/// network (torch-fidelity's copy, a re-saved state_dict), which a wrong key layout rejects later anyway; otherwise
/// <see cref="WeightsFile.MatchesExpected"/> tells the caller to add a warning. Cached and downloaded files are
/// always checked.
/// </remarks>
internal sealed partial class WeightsStore(WeightsStoreSettings settings)
{
    public WeightsStoreSettings Settings { get; } = settings;

    /// <summary>A store configured by <c>$GENMETRICS_HOME</c> and <c>$GENMETRICS_WEIGHTS_URL_BASE</c>.</summary>
    public static WeightsStore FromEnvironment() => new(WeightsStoreSettings.FromEnvironment());

    /// <summary>Where the cache keeps weights <paramref name="name"/> (the file may not exist).</summary>
    public string CachePath(string name) =>
        Path.Combine(Settings.Home.PathOf("weights"), WeightsRegistry.Get(name, Settings.Registry).FileName);

    /// <summary>The URL weights <paramref name="name"/> are downloaded from.</summary>
    public string UrlOf(string name) => WeightsRegistry.Get(name, Settings.Registry).UrlFrom(Settings.UrlBase);

    /// <summary>The cached copy of weights <paramref name="name"/> when it exists and its hash is accepted; null otherwise (nothing is downloaded).</summary>
    public WeightsFile? Cached(string name, IProgress<DownloadProgress>? progress = null, CancellationToken ct = default)
    {
        var info = WeightsRegistry.Get(name, Settings.Registry);
        return TryCached(info, Path.Combine(Settings.Home.Weights, info.FileName), progress, ct, out var file, out _) ? file : null;
    }

    /// <summary>Synchronous <see cref="ResolveAsync"/>, for callers without an async context (the CLI, encoder setup).</summary>
    public WeightsFile Resolve(string name, string? explicitPath, IProgress<DownloadProgress>? progress = null,
        CancellationToken ct = default) =>
        ResolveAsync(name, explicitPath, progress, ct).GetAwaiter().GetResult();

    /// <summary>A local, verified copy of weights <paramref name="name"/>; see the class remarks for the order.</summary>
    /// <exception cref="InputException">
    /// Unknown name, missing explicit file, wrong hash, or no way to download (the message says where to put the
    /// file, or to pass --weights PATH).
    /// </exception>
    public async Task<WeightsFile> ResolveAsync(string name, string? explicitPath, IProgress<DownloadProgress>? progress = null,
        CancellationToken ct = default)
    {
        var info = WeightsRegistry.Get(name, Settings.Registry);
        if (explicitPath is not null) return FromExplicitPath(info, explicitPath, progress, ct);

        var final = Path.Combine(Settings.Home.Weights, info.FileName);
        if (TryCached(info, final, progress, ct, out var cached, out _)) return cached with { Origin = WeightsOrigin.Cache };

        using var held = await WeightsLock.AcquireAsync(final + ".lock", info.Name, Settings.LockTimeout, progress, ct).ConfigureAwait(false);
        // Another process may have finished the download while this one waited for the lock.
        if (TryCached(info, final, progress, ct, out cached, out var rejected))
            return cached with { Origin = held.Waited ? WeightsOrigin.Download : WeightsOrigin.Cache };
        return await DownloadAsync(info, final, rejected, progress, ct).ConfigureAwait(false);
    }

    private WeightsFile FromExplicitPath(WeightsInfo info, string path, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw InputException.ForSetting(info.Setting, $"{path}: is a folder, expected the weights file ({info.FileName})");
        if (!File.Exists(full)) throw InputException.ForSetting(info.Setting, $"{path}: file not found");
        var sha = WeightsHash.OfFile(full, info.Name, progress, ct);
        var matches = info.Accepts(sha);
        if (!matches && Settings.VerifyExplicitPath)
            throw InputException.ForSetting(info.Setting,
                $"{path}: SHA-256 starts with {Short(sha, info)}, but weights '{info.Name}' start with {info.Sha256Prefix}");
        return new WeightsFile(info.Name, full, sha, WeightsOrigin.Explicit, matches);
    }

    /// <summary>
    /// The cached file when it exists and its hash is accepted. A file with the wrong hash is left alone (it may be the
    /// user's) and reported through <paramref name="rejectedSha"/>; a verified download replaces it atomically.
    /// </summary>
    private static bool TryCached(WeightsInfo info, string final, IProgress<DownloadProgress>? progress, CancellationToken ct,
        out WeightsFile file, out string? rejectedSha)
    {
        file = null!;
        rejectedSha = null;
        if (!File.Exists(final)) return false;
        var sha = WeightsHash.OfCachedFile(final, info.Name, progress, ct);
        if (!info.Accepts(sha))
        {
            rejectedSha = sha;
            return false;
        }
        file = new WeightsFile(info.Name, final, sha, WeightsOrigin.Cache, true);
        return true;
    }

    /// <summary>The first characters of a hash, as many as the expected prefix has (at least 8).</summary>
    private static string Short(string sha256, WeightsInfo info) => sha256[..Math.Max(8, info.Sha256Prefix.Length)];
}
