namespace GenMetrics.Encoders;

/// <summary>A weights file ready to load.</summary>
/// <param name="Name">The registry name it was resolved for.</param>
/// <param name="Path">The absolute local path.</param>
/// <param name="Sha256">Its full SHA-256, lower-case hex: record it in results and key derived caches by it.</param>
/// <param name="Origin">Explicit path, cache or download.</param>
/// <param name="MatchesExpected">
/// Whether <see cref="Sha256"/> starts with the registry's prefix. Always true for <see cref="WeightsOrigin.Cache"/>
/// and <see cref="WeightsOrigin.Download"/>; for an explicit path checked leniently it may be false, and the caller
/// should put a warning in the result.
/// </param>
internal sealed record WeightsFile(string Name, string Path, string Sha256, WeightsOrigin Origin, bool MatchesExpected);
