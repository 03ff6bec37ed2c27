using System.Security.Cryptography;
using GenMetrics.Encoders;
using GenMetrics.Internals;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Encoders;

/// <summary>Seeded test files, a test-only registry entry and a store pointed at a 127.0.0.1 server.</summary>
internal static class WeightsTestKit
{
    public const string Name = "test-small";

    public static byte[] Seeded(int length = 300_000, int seed = 7)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>An entry that accepts <paramref name="body"/> (or, with <paramref name="prefix"/>, whatever that prefix matches).</summary>
    public static WeightsInfo Entry(byte[] body, string? prefix = null)
    {
        prefix ??= Sha256(body)[..8];
        // The canonical folder is a loopback port nobody uses: every test overrides it with its own server.
        return new WeightsInfo(Name, "http://127.0.0.1:9/", $"small-{prefix}.bin", prefix, body.Length);
    }

    public static WeightsStore Store(TempDir home, string urlBase, params WeightsInfo[] entries) => new(new WeightsStoreSettings
    {
        Home = new GenMetricsHome(home.Path),
        UrlBase = urlBase,
        Registry = entries.ToDictionary(e => e.Name),
        MaxAttempts = 4,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        ConnectTimeout = TimeSpan.FromSeconds(3),
        IdleTimeout = TimeSpan.FromSeconds(3),
        LockTimeout = TimeSpan.FromSeconds(20),
        UseProxy = false,
    });
}
