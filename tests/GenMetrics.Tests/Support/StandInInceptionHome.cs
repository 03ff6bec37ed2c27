using System.Security.Cryptography;
using GenMetrics.Encoders;

namespace GenMetrics.Tests.Support;

/// <summary>
/// The image path of the command line without the real weights: a GENMETRICS_HOME for the process (restored on
/// dispose) holding a stand-in Inception weights file whose SHA-256 keys a model cache entry pre-built from the seeded
/// random Inception weights (the loader never reads a .pth on a cache hit). Tests that use it belong to the
/// GENMETRICS_HOME collection, which runs alone.
/// </summary>
internal sealed class StandInInceptionHome : IDisposable
{
    private readonly string? _previousHome = Environment.GetEnvironmentVariable("GENMETRICS_HOME");

    public StandInInceptionHome()
    {
        Environment.SetEnvironmentVariable("GENMETRICS_HOME", Home.Path);
        Weights = Home.File("stand-in-weights.pth");
        File.WriteAllText(Weights, "not a checkpoint: the model cache answers for it");
        WeightsSha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Weights)));
        var key = $"{FidInceptionGraph.Version}-file-{WeightsSha[..32]}";
        OnnxModelCache.Store(OnnxModelCache.PathFor(key, Home.Path), FidInceptionGraph.Build(InceptionWeights.From(RandomInceptionWeights.Create())));
    }

    /// <summary>The home folder (temporary).</summary>
    public TempDir Home { get; } = Fixtures.TempDir();

    /// <summary>The stand-in weights file, to pass as --weights.</summary>
    public string Weights { get; }

    /// <summary>Its SHA-256, which results record as the encoder's weights hash.</summary>
    public string WeightsSha { get; }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("GENMETRICS_HOME", _previousHome);
        Home.Dispose();
    }
}
