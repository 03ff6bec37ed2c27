namespace GenMetrics.Encoders;

/// <summary>Where a resolved weights file came from.</summary>
internal enum WeightsOrigin
{
    /// <summary>The caller's <c>--weights PATH</c>.</summary>
    Explicit,

    /// <summary>Already in the cache folder, hash verified.</summary>
    Cache,

    /// <summary>Downloaded by this call (or by a concurrent process this call waited for).</summary>
    Download,
}
