using GenMetrics.Imaging;
using Microsoft.ML.OnnxRuntime;

namespace GenMetrics.Encoders;

/// <summary>
/// LPIPS v0.1 on ONNX Runtime (CPU): the graph of <see cref="LpipsGraph"/> built from <see cref="LpipsWeights"/>,
/// run on batches of pairs of equal size. Images go in as uint8 RGB and are mapped to [−1, 1] as x / 127.5 − 1 in
/// float64 and rounded to float32, exactly lpips' <c>im2tensor</c>. Distances are float32 as lpips computes them.
/// </summary>
internal sealed partial class LpipsModel : IDisposable
{
    public const int DefaultBatchSize = 8;
    private readonly InferenceSession _session;
    private readonly int _batchSize;

    private LpipsModel(InferenceSession session, LpipsNet net, bool fromCache, int batchSize)
    {
        _session = session;
        Net = net;
        LoadedFromCache = fromCache;
        _batchSize = batchSize;
    }

    public LpipsNet Net { get; }

    /// <summary>The metric's name with its network, for results: <c>lpips-v0.1-alex</c>.</summary>
    public string Name => $"lpips-v0.1-{Net.ToString().ToLowerInvariant()}";

    /// <summary>Whether the ONNX model came from the cache rather than being built now.</summary>
    public bool LoadedFromCache { get; }

    /// <summary>The smallest square image the backbone accepts (alex 31, vgg 16, squeeze 17 pixels).</summary>
    public int MinimumSize => LpipsBackbone.MinimumSize(Net);

    /// <summary>Builds the network from validated weights (no cache). <paramref name="threads"/> defaults to the core count.</summary>
    public static LpipsModel Create(LpipsWeights weights, int? threads = null, int batchSize = DefaultBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return FromBytes(LpipsGraph.Build(weights), weights.Net, false, threads, batchSize);
    }

    private static LpipsModel FromBytes(byte[] bytes, LpipsNet net, bool fromCache, int? threads, int batchSize)
    {
        using var options = FidInceptionV3.SessionOptionsFor(threads);
        return new LpipsModel(new InferenceSession(bytes, options), net, fromCache, batchSize);
    }

    /// <summary>The distance between <paramref name="a"/> and <paramref name="b"/>.</summary>
    public double Distance(RgbImage a, RgbImage b) => Distances([(a, b)])[0];

    /// <summary>
    /// The distance of each pair, in order. Consecutive pairs of the same size run as one batch (up to the batch size);
    /// a pair whose images differ in size, or are smaller than the backbone allows, is an <see cref="InputException"/>
    /// naming both images.
    /// </summary>
    public double[] Distances(IReadOnlyList<(RgbImage A, RgbImage B)> pairs)
    {
        var result = new double[pairs.Count];
        int start = 0;
        while (start < pairs.Count)
        {
            var (a0, b0) = pairs[start];
            Check(a0, b0);
            int end = start + 1;
            while (end < pairs.Count && end - start < _batchSize && SameSize(pairs[end].A, a0) && SameSize(pairs[end].B, a0)) end++;
            Run(pairs, start, end, result);
            start = end;
        }
        return result;
    }

    private void Check(RgbImage a, RgbImage b)
    {
        Metrics.Paired.PairedInput.CheckSameSize(a, b);
        if (LpipsBackbone.TapSizes(Net, a.Height, a.Width) is null)
            Metrics.Paired.PairedInput.TooSmall(a.Source, b.Source, a.Width, a.Height, MinimumSize, $"LPIPS ({LpipsWeights.Describe(Net)})");
    }

    private static bool SameSize(RgbImage x, RgbImage y) => x.Width == y.Width && x.Height == y.Height;

    private void Run(IReadOnlyList<(RgbImage A, RgbImage B)> pairs, int start, int end, double[] result)
    {
        int n = end - start, h = pairs[start].A.Height, w = pairs[start].A.Width, per = 3 * h * w;
        var in0 = new float[n * per];
        var in1 = new float[n * per];
        for (int i = 0; i < n; i++)
        {
            ToTensor(pairs[start + i].A, in0.AsSpan(i * per, per));
            ToTensor(pairs[start + i].B, in1.AsSpan(i * per, per));
        }
        var output = new float[n];
        using var run = new RunOptions();
        using var x0 = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, in0.AsMemory(), [n, 3, h, w]);
        using var x1 = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, in1.AsMemory(), [n, 3, h, w]);
        using var y = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, output.AsMemory(), [n]);
        _session.Run(run, [LpipsGraph.Input0, LpipsGraph.Input1], [x0, x1], [LpipsGraph.Output], [y]);
        for (int i = 0; i < n; i++) result[start + i] = output[i];
    }

    /// <summary>lpips' im2tensor: HWC uint8 → CHW float32 of x / 127.5 − 1 (computed in float64, then rounded).</summary>
    internal static void ToTensor(RgbImage image, Span<float> chw)
    {
        var px = image.Pixels;
        int plane = image.Width * image.Height;
        for (int i = 0; i < plane; i++)
            for (int c = 0; c < 3; c++)
                chw[c * plane + i] = (float)(px[3 * i + c] / 127.5 - 1.0);
    }

    public void Dispose() => _session.Dispose();
}
