namespace GenMetrics.Encoders;

internal sealed partial class LpipsModel
{
    /// <summary>The weights-registry name of <paramref name="net"/>'s torchvision backbone.</summary>
    public static string BackboneWeightsName(LpipsNet net) => net switch
    {
        LpipsNet.Vgg => WeightsRegistry.Vgg16,
        LpipsNet.Squeeze => WeightsRegistry.SqueezeNet11,
        _ => WeightsRegistry.AlexNet,
    };

    /// <summary>The weights-registry name of <paramref name="net"/>'s LPIPS v0.1 linear layers.</summary>
    public static string LinearWeightsName(LpipsNet net) => net switch
    {
        LpipsNet.Vgg => WeightsRegistry.LpipsVgg,
        LpipsNet.Squeeze => WeightsRegistry.LpipsSqueeze,
        _ => WeightsRegistry.LpipsAlex,
    };

    /// <summary>
    /// The LPIPS network <paramref name="net"/> from its files: <paramref name="linearPath"/> (the linear layers, or one
    /// whole LPIPS module's state_dict with the backbone inside, which then needs no backbone file) and
    /// <paramref name="backbonePath"/> (the torchvision state_dict); either, when null, comes from the weights store
    /// (cache, else download from its canonical URL, checked by SHA-256). The built ONNX model is cached under
    /// $GENMETRICS_HOME keyed by the files' SHA-256s and the graph version, so a cache hit skips reading the backbone.
    /// Returns the files used, for provenance (an explicit file whose hash does not match the registry comes back
    /// with MatchesExpected false: warn).
    /// </summary>
    public static (LpipsModel Model, IReadOnlyList<WeightsFile> Files) Open(LpipsNet net, string? backbonePath = null, string? linearPath = null,
        WeightsStore? store = null, IProgress<DownloadProgress>? progress = null, int? threads = null, int batchSize = DefaultBatchSize,
        Func<string, IReadOnlyDictionary<string, (int[] Shape, float[] Data)>>? readStateDict = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        store ??= WeightsStore.FromEnvironment();
        readStateDict ??= InceptionLoader.StateDict;   // the float tensors of a torch checkpoint; tests substitute in-memory dicts
        var linearFile = store.Resolve(LinearWeightsName(net), linearPath, progress);
        var linear = readStateDict(linearFile.Path);
        var home = store.Settings.Home.Root;
        if (LpipsWeights.IsWholeModule(linear))
        {
            if (backbonePath is not null)
                throw new InputException($"{linearPath}: holds a whole LPIPS module with its backbone; do not also give a backbone file ({backbonePath})");
            var module = linearFile with { Name = $"lpips-v0.1-{net.ToString().ToLowerInvariant()}-module", MatchesExpected = true };
            var key = $"{LpipsGraph.Version}-{net}-module-{module.Sha256[..32]}";
            var model = Cached(key, net, () => LpipsWeights.FromModule(net, linear, module.Path), threads, batchSize, home);
            return (model, [module]);
        }
        var backboneFile = store.Resolve(BackboneWeightsName(net), backbonePath, progress);
        var pairKey = $"{LpipsGraph.Version}-{net}-files-{backboneFile.Sha256[..24]}-{linearFile.Sha256[..24]}";
        var built = Cached(pairKey, net, () => LpipsWeights.From(net, readStateDict(backboneFile.Path), linear,
            backboneFile.Path, linearFile.Path), threads, batchSize, home);
        return (built, [backboneFile, linearFile]);
    }

    private static LpipsModel Cached(string key, LpipsNet net, Func<LpipsWeights> weights, int? threads, int batchSize, string home, bool scalingLayer = true)
    {
        var bytes = OnnxModelCache.GetOrBuild(key, () => LpipsGraph.Build(weights(), scalingLayer), out var fromCache, home);
        try
        {
            return FromBytes(bytes, net, fromCache, threads, batchSize);
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException) when (fromCache)
        {
            // A damaged cache file: rebuild and replace it.
            bytes = LpipsGraph.Build(weights(), scalingLayer);
            OnnxModelCache.Store(OnnxModelCache.PathFor(key, home), bytes);
            return FromBytes(bytes, net, false, threads, batchSize);
        }
    }
}
