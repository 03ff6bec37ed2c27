using GenMetrics.Internals;

namespace GenMetrics.Encoders;

/// <summary>How a <see cref="WeightsStore"/> finds, downloads and checks weights. The defaults suit the CLI.</summary>
internal sealed record WeightsStoreSettings
{
    /// <summary>Overrides every registry entry's download folder (a mirror; tests point it at 127.0.0.1).</summary>
    public const string UrlBaseVariable = "GENMETRICS_WEIGHTS_URL_BASE";

    /// <summary>The cache root; its <c>weights/</c> folder holds the files.</summary>
    public required GenMetricsHome Home { get; init; }

    /// <summary>Replaces the registry's download folder when set; null keeps the canonical URL.</summary>
    public string? UrlBase { get; init; }

    /// <summary>The known weights.</summary>
    public IReadOnlyDictionary<string, WeightsInfo> Registry { get; init; } = WeightsRegistry.Known;

    /// <summary>HTTP requests per download before giving up (each retry resumes from the part file).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait before the first retry; it doubles on each further retry, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for a TCP (and TLS) connection, and for response headers.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a response body may stall (no byte received) before the attempt counts as dropped.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for another process's download of the same file before failing.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Whether an explicit --weights file must match the registry's SHA-256 prefix (otherwise a mismatch is only reported).</summary>
    public bool VerifyExplicitPath { get; init; }

    /// <summary>Whether HTTP requests go through the system proxy (tests on 127.0.0.1 turn it off).</summary>
    public bool UseProxy { get; init; } = true;

    /// <summary>Settings from the environment: <c>$GENMETRICS_HOME</c> and <c>$GENMETRICS_WEIGHTS_URL_BASE</c>.</summary>
    public static WeightsStoreSettings FromEnvironment() => new()
    {
        Home = GenMetricsHome.FromEnvironment(),
        UrlBase = Environment.GetEnvironmentVariable(UrlBaseVariable) is { Length: > 0 } b ? b : null,
    };
}
