using Microsoft.ML.OnnxRuntime;

namespace GenMetrics.Encoders;

internal sealed partial class LpipsModel
{
    /// <summary>
    /// torch-fidelity's LPIPS-VGG16 (<c>sample_similarity_lpips.py</c>): the VGG16 taps and the v0.1 linear layers of
    /// <see cref="Open"/>, built without the scaling layer, because torch-fidelity scales uint8 images itself before
    /// resizing them (<see cref="TorchFidelityLpips.Prepare"/>); run it with <see cref="ScaledDistances"/>. The linear
    /// weights are torch-fidelity's weights-vgg16-lpips.pth (or lpips' vgg.pth, or a whole LPIPS module's state_dict,
    /// which then needs no backbone file), the backbone torchvision's vgg16-397923af.pth; missing ones come from the
    /// weights store, and messages name the settings <c>lpips_weights</c> and <c>lpips_backbone</c>.
    /// </summary>
    public static (LpipsModel Model, IReadOnlyList<WeightsFile> Files) OpenTorchFidelity(string? backbonePath = null, string? linearPath = null,
        WeightsStore? store = null, IProgress<DownloadProgress>? progress = null, int? threads = null, int batchSize = DefaultBatchSize,
        Func<string, IReadOnlyDictionary<string, (int[] Shape, float[] Data)>>? readStateDict = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        store ??= WeightsStore.FromEnvironment();
        // The backbone is --lpips-backbone here (--weights is the encoder's).
        var registry = store.Settings.Registry.ToDictionary(kv => kv.Key, kv => kv.Key == WeightsRegistry.Vgg16 ? kv.Value with { Setting = "lpips_backbone" } : kv.Value);
        store = new WeightsStore(store.Settings with { Registry = registry });
        readStateDict ??= InceptionLoader.StateDict;
        var linearFile = store.Resolve(WeightsRegistry.TorchFidelityLpipsVgg, linearPath, progress);
        var linear = readStateDict(linearFile.Path);
        var home = store.Settings.Home.Root;
        const string prescaled = "prescaled";
        if (LpipsWeights.IsWholeModule(linear))
        {
            if (backbonePath is not null)
                throw InputException.ForSetting("lpips_backbone", $"{backbonePath}: not needed: {linearPath} holds a whole LPIPS module with its backbone");
            var module = linearFile with { Name = "lpips-v0.1-vgg-module", MatchesExpected = true };
            var key = $"{LpipsGraph.Version}-{prescaled}-Vgg-module-{module.Sha256[..32]}";
            return (Cached(key, LpipsNet.Vgg, () => LpipsWeights.FromModule(LpipsNet.Vgg, linear, module.Path), threads, batchSize, home, scalingLayer: false), [module]);
        }
        var backboneFile = store.Resolve(WeightsRegistry.Vgg16, backbonePath, progress);
        var pairKey = $"{LpipsGraph.Version}-{prescaled}-Vgg-files-{backboneFile.Sha256[..24]}-{linearFile.Sha256[..24]}";
        var model = Cached(pairKey, LpipsNet.Vgg, () => LpipsWeights.From(LpipsNet.Vgg, readStateDict(backboneFile.Path), linear,
            backboneFile.Path, linearFile.Path), threads, batchSize, home, scalingLayer: false);
        return (model, [backboneFile, linearFile]);
    }

    /// <summary>Builds torch-fidelity's LPIPS-VGG16 from validated weights (no cache, no scaling layer).</summary>
    public static LpipsModel CreateScaled(LpipsWeights weights, int? threads = null, int batchSize = DefaultBatchSize) =>
        FromBytes(LpipsGraph.Build(weights, scalingLayer: false), weights.Net, false, threads, batchSize);

    /// <summary>
    /// The float32 distance of each of the <paramref name="count"/> pairs of already scaled 3 x <paramref name="height"/>
    /// x <paramref name="width"/> inputs (row-major in <paramref name="in0"/> and <paramref name="in1"/>), in batches.
    /// </summary>
    public float[] ScaledDistances(float[] in0, float[] in1, int count, int height, int width)
    {
        int per = 3 * height * width;
        if (in0.Length != count * per || in1.Length != count * per) throw new ArgumentException($"{count} pairs of 3 x {height} x {width} need {count * per} values each");
        var result = new float[count];
        for (int start = 0; start < count; start += _batchSize)
        {
            int n = Math.Min(_batchSize, count - start);
            using var run = new RunOptions();
            using var x0 = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, in0.AsMemory(start * per, n * per), [n, 3, height, width]);
            using var x1 = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, in1.AsMemory(start * per, n * per), [n, 3, height, width]);
            using var y = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, result.AsMemory(start, n), [n]);
            _session.Run(run, [LpipsGraph.Input0, LpipsGraph.Input1], [x0, x1], [LpipsGraph.Output], [y]);
        }
        return result;
    }
}
