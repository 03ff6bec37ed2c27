namespace GenMetrics.Encoders;

/// <summary>What a weights download is doing.</summary>
public enum DownloadStage
{
    /// <summary>Another process (or task) holds the download lock; this one waits for it.</summary>
    Waiting,

    /// <summary>A request is sent and the server has not answered yet (<see cref="DownloadProgress.Url"/>; bytes: resumed from).</summary>
    Connecting,

    /// <summary>Receiving bytes; <see cref="DownloadProgress.Bytes"/> counts the part file, resumed bytes included.</summary>
    Downloading,

    /// <summary>Computing the SHA-256 of a downloaded or cached file.</summary>
    Hashing,
}

/// <summary>Progress of resolving a weights file, reported through <see cref="IProgress{T}"/>.</summary>
/// <param name="Name">The registry name.</param>
/// <param name="Stage">What is happening.</param>
/// <param name="Bytes">Bytes done so far in this stage.</param>
/// <param name="TotalBytes">The total, when known (from the server, or the registry's approximate size).</param>
public readonly record struct DownloadProgress(string Name, DownloadStage Stage, long Bytes, long? TotalBytes)
{
    /// <summary>The URL being requested (with <see cref="DownloadStage.Connecting"/>).</summary>
    public string? Url { get; init; }
}
