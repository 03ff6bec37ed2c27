using GenMetrics.Protocols;
using Microsoft.ML.OnnxRuntime;

namespace GenMetrics.Encoders;

/// <summary>The three taps of the FID InceptionV3 for one batch of images.</summary>
internal sealed record InceptionOutputs(FeatureMatrix Pool3, FeatureMatrix LogitsUnbiased, FeatureMatrix Logits);

/// <summary>
/// The FID InceptionV3 on ONNX Runtime (CPU): built from the state_dict as an ONNX graph
/// (<see cref="FidInceptionGraph"/>), cached under $GENMETRICS_HOME by the weights' content hash and graph version,
/// and run with one intra-op thread per core and all graph optimisations. Outputs: <c>pool3</c> (2048-d),
/// <c>logits_unbiased</c> and <c>logits</c> (1008-way, without and with the fc bias). The preprocessing is a
/// <see cref="Protocols.Protocol"/> (tf by default).
/// </summary>
internal sealed class FidInceptionV3 : IEncoder
{
    public const int DefaultBatchSize = 16;
    private static readonly string[] s_outputs = [FidInceptionGraph.Pool3, FidInceptionGraph.LogitsUnbiased, FidInceptionGraph.Logits];
    private readonly InferenceSession _session;
    private readonly int _batchSize;

    private FidInceptionV3(InferenceSession session, string weightsSha256, bool fromCache, int batchSize)
    {
        _session = session;
        WeightsSha256 = weightsSha256;
        LoadedFromCache = fromCache;
        _batchSize = batchSize;
    }

    /// <summary>The registry name.</summary>
    public const string Name = "inception";

    public EncoderId Id => new(Name, FidInceptionGraph.Version, WeightsSha256);

    /// <summary>The protocol images go through (tf unless set after opening).</summary>
    public Protocol Protocol { get; set; } = Protocol.Tf;

    IImagePreprocessing IEncoder.Preprocessing => Protocol;

    public IReadOnlyList<EncoderOutput> Outputs { get; } =
    [
        new(EncoderOutputNames.Pool3, FidInceptionGraph.Pool3Dim),
        new(EncoderOutputNames.LogitsUnbiased, FidInceptionGraph.Classes),
        new(EncoderOutputNames.Logits, FidInceptionGraph.Classes),
    ];

    public int BatchSize => _batchSize;

    public IReadOnlyList<string> Warnings { get; set; } = [];

    public int Dimension => FidInceptionGraph.Pool3Dim;

    /// <summary>SHA-256 of the weights (of the file it was opened from, or of the tensors' content).</summary>
    public string WeightsSha256 { get; }

    /// <summary>Whether the ONNX model came from the cache rather than being built now.</summary>
    public bool LoadedFromCache { get; }

    /// <summary>
    /// Builds (or loads from the cache) the network for <paramref name="stateDict"/>, keyed by the content hash of its
    /// tensors. <paramref name="threads"/> defaults to the number of cores; <paramref name="batchSize"/> bounds how
    /// many images one ORT run takes; <paramref name="cacheHome"/> overrides $GENMETRICS_HOME.
    /// </summary>
    public static FidInceptionV3 Create(IReadOnlyDictionary<string, (int[] Shape, float[] Data)> stateDict, string source = "weights",
        int? threads = null, int batchSize = DefaultBatchSize, string? cacheHome = null)
    {
        var weights = InceptionWeights.From(stateDict, source);
        var sha = weights.ContentSha256();
        return Open($"{FidInceptionGraph.Version}-{sha[..32]}", sha, () => weights, threads, batchSize, cacheHome);
    }

    /// <summary>
    /// Like <see cref="Create"/>, keyed by the SHA-256 of the weights file (which the downloader checks anyway):
    /// on a cache hit <paramref name="readStateDict"/> is not called, so the .pth is not even read.
    /// </summary>
    public static FidInceptionV3 CreateForFile(string fileSha256, Func<IReadOnlyDictionary<string, (int[] Shape, float[] Data)>> readStateDict,
        string source = "weights", int? threads = null, int batchSize = DefaultBatchSize, string? cacheHome = null)
    {
        if (fileSha256.Length != 64 || !fileSha256.All(char.IsAsciiHexDigit))
            throw new ArgumentException($"'{fileSha256}' is not a SHA-256 in hex", nameof(fileSha256));
        var sha = fileSha256.ToLowerInvariant();
        return Open($"{FidInceptionGraph.Version}-file-{sha[..32]}", sha, () => InceptionWeights.From(readStateDict(), source),
            threads, batchSize, cacheHome);
    }

    private static FidInceptionV3 Open(string key, string sha, Func<InceptionWeights> weights, int? threads, int batchSize, string? cacheHome)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var bytes = OnnxModelCache.GetOrBuild(key, () => FidInceptionGraph.Build(weights()), out var fromCache, cacheHome);
        var options = SessionOptionsFor(threads);
        InferenceSession session;
        try
        {
            session = new InferenceSession(bytes, options);
        }
        catch (OnnxRuntimeException) when (fromCache)
        {
            // A damaged cache file (atomic writes make this unlikely): rebuild and replace it.
            bytes = FidInceptionGraph.Build(weights());
            OnnxModelCache.Store(OnnxModelCache.PathFor(key, cacheHome), bytes);
            session = new InferenceSession(bytes, options);
            fromCache = false;
        }
        finally
        {
            options.Dispose();
        }
        return new FidInceptionV3(session, sha, fromCache, batchSize);
    }

    internal static SessionOptions SessionOptionsFor(int? threads)
    {
        var o = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threads ?? Parallelism.Threads,
            InterOpNumThreads = 1,
        };
        // The device of the scope (EncoderRegistry.Open sets it from EncoderOptions.Device): CUDA first, the CPU for the rest.
        if (ComputeDevice.Current is { IsCuda: true } device)
        {
            try { CudaRuntime.Append(o, device); }
            catch { o.Dispose(); throw; }
        }
        return o;
    }

    public IReadOnlyList<FeatureMatrix> Encode(ReadOnlyMemory<float> images, int count)
    {
        var o = EncodeAll(images, count);
        return [o.Pool3, o.LogitsUnbiased, o.Logits];
    }

    /// <summary>Runs <paramref name="count"/> images (count x 3 x 299 x 299 floats) through the network.</summary>
    public InceptionOutputs EncodeAll(ReadOnlyMemory<float> images, int count)
    {
        const int side = FidInceptionGraph.ImageSize, per = 3 * side * side;
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((long)count * per != images.Length)
            throw new ArgumentException($"Inception input: {count} images of 3 x {side} x {side} need {(long)count * per} floats, got {images.Length}", nameof(images));
        var pool3 = new float[count * FidInceptionGraph.Pool3Dim];
        var unbiased = new float[count * FidInceptionGraph.Classes];
        var logits = new float[count * FidInceptionGraph.Classes];
        using var run = new RunOptions();
        for (int start = 0; start < count; start += _batchSize)
        {
            int n = Math.Min(_batchSize, count - start);
            var slice = System.Runtime.InteropServices.MemoryMarshal.AsMemory(images.Slice(start * per, n * per));
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, slice, [n, 3, side, side]);
            using var o0 = Bind(pool3, start, n, FidInceptionGraph.Pool3Dim);
            using var o1 = Bind(unbiased, start, n, FidInceptionGraph.Classes);
            using var o2 = Bind(logits, start, n, FidInceptionGraph.Classes);
            _session.Run(run, [FidInceptionGraph.Input], [input], s_outputs, [o0, o1, o2]);
        }
        return new InceptionOutputs(
            new FeatureMatrix(pool3, count, FidInceptionGraph.Pool3Dim, FidInceptionGraph.Pool3),
            new FeatureMatrix(unbiased, count, FidInceptionGraph.Classes, FidInceptionGraph.LogitsUnbiased),
            new FeatureMatrix(logits, count, FidInceptionGraph.Classes, FidInceptionGraph.Logits));
    }

    // ORT writes the outputs straight into the result arrays.
    private static OrtValue Bind(float[] target, int start, int n, int d) =>
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, target.AsMemory(start * d, n * d), [n, d]);

    public void Dispose() => _session.Dispose();
}
