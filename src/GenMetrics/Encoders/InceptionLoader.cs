using GenMetrics.Formats;

namespace GenMetrics.Encoders;

/// <summary>
/// The FID InceptionV3 from its weights: an explicit .pth, the cached download, or a fresh download (verified by
/// its SHA-256 prefix). The built ONNX model is cached by the weights file's SHA-256, so later runs skip the .pth.
/// </summary>
internal static class InceptionLoader
{
    public const string WeightsName = "inception-2015-12-05";

    public static (FidInceptionV3 Encoder, WeightsFile Weights) Open(string? weightsPath, IProgress<DownloadProgress>? progress = null,
        WeightsStore? store = null, int? threads = null, int batchSize = FidInceptionV3.DefaultBatchSize)
    {
        store ??= WeightsStore.FromEnvironment();
        var file = store.Resolve(WeightsName, weightsPath, progress);
        var encoder = FidInceptionV3.CreateForFile(file.Sha256, () => StateDict(file.Path), file.Path, threads, batchSize,
            store.Settings.Home.Root);
        return (encoder, file);
    }

    /// <summary>The float tensors of a checkpoint by name (integer buffers such as num_batches_tracked are left out).</summary>
    public static IReadOnlyDictionary<string, (int[] Shape, float[] Data)> StateDict(string path)
    {
        var result = new Dictionary<string, (int[], float[])>(StringComparer.Ordinal);
        foreach (var (name, t) in TorchCheckpoint.ReadStateDict(path))
            if (t.DType.IsFloatingPoint()) result[name] = (t.Shape, t.ToFloat32());
        return result;
    }
}
