namespace GenMetrics.Encoders;

/// <summary>
/// One step of an LPIPS backbone's <c>features</c>: Conv (followed by its ReLU; torchvision module <c>features.{Index}</c>,
/// In → Out channels, Kernel, Stride, Pad), MaxPool (Kernel, Stride, Ceil mode), Fire (SqueezeNet: Squeeze, Expand1,
/// Expand3 channels), or Tap (an LPIPS feature output: the preceding ReLU's result).
/// </summary>
internal readonly record struct LpipsStep(LpipsStepKind Kind, int Index = -1, int In = 0, int Out = 0, int Kernel = 0, int Stride = 1,
    int Pad = 0, bool Ceil = false, int Squeeze = 0, int Expand1 = 0, int Expand3 = 0);

internal enum LpipsStepKind { Conv, MaxPool, Fire, Tap }

/// <summary>
/// The three LPIPS backbones as lpips' <c>pretrained_networks.py</c> (PerceptualSimilarity 082bb24) slices torchvision
/// 0.14's <c>features</c>: every convolution is followed by its ReLU, and a tap is the ReLU output that ends a slice.
/// alex: features[0:2], [2:5], [5:8], [8:10], [10:12] (64, 192, 384, 256, 256 channels); vgg16: relu1_2, relu2_2,
/// relu3_3, relu4_3, relu5_3 (64, 128, 256, 512, 512); squeeze (1.1): [0:2], [2:5], [5:8], [8:10], [10], [11], [12]
/// (64, 128, 256, 384, 384, 512, 512), its max-pools in ceil mode. Slice s of the whole LPIPS module
/// (<c>net.slice{s}.{i}</c>) holds the modules between taps s − 1 and s.
/// </summary>
internal static class LpipsBackbone
{
    private static LpipsStep Conv(int i, int cin, int cout, int k, int s = 1, int p = 0) => new(LpipsStepKind.Conv, i, cin, cout, k, s, p);
    private static LpipsStep Pool(int k, int s, bool ceil = false) => new(LpipsStepKind.MaxPool, Kernel: k, Stride: s, Ceil: ceil);
    private static LpipsStep Fire(int i, int cin, int squeeze, int e1, int e3) =>
        new(LpipsStepKind.Fire, i, cin, e1 + e3, Squeeze: squeeze, Expand1: e1, Expand3: e3);
    private static readonly LpipsStep Tap = new(LpipsStepKind.Tap);

    // torchvision 0.14 models/alexnet.py AlexNet.features.
    private static readonly LpipsStep[] s_alex =
    [
        Conv(0, 3, 64, 11, 4, 2), Tap, Pool(3, 2), Conv(3, 64, 192, 5, 1, 2), Tap, Pool(3, 2),
        Conv(6, 192, 384, 3, 1, 1), Tap, Conv(8, 384, 256, 3, 1, 1), Tap, Conv(10, 256, 256, 3, 1, 1), Tap,
    ];

    // torchvision models/vgg.py, cfg "D" without batch norm: conv 3x3 pad 1 + ReLU, max-pool 2 after each block.
    private static readonly LpipsStep[] s_vgg =
    [
        Conv(0, 3, 64, 3, 1, 1), Conv(2, 64, 64, 3, 1, 1), Tap, Pool(2, 2),
        Conv(5, 64, 128, 3, 1, 1), Conv(7, 128, 128, 3, 1, 1), Tap, Pool(2, 2),
        Conv(10, 128, 256, 3, 1, 1), Conv(12, 256, 256, 3, 1, 1), Conv(14, 256, 256, 3, 1, 1), Tap, Pool(2, 2),
        Conv(17, 256, 512, 3, 1, 1), Conv(19, 512, 512, 3, 1, 1), Conv(21, 512, 512, 3, 1, 1), Tap, Pool(2, 2),
        Conv(24, 512, 512, 3, 1, 1), Conv(26, 512, 512, 3, 1, 1), Conv(28, 512, 512, 3, 1, 1), Tap,
    ];

    // torchvision models/squeezenet.py, version 1_1: Fire = squeeze 1x1 + ReLU, then cat(expand1x1 + ReLU, expand3x3 pad 1 + ReLU).
    private static readonly LpipsStep[] s_squeeze =
    [
        Conv(0, 3, 64, 3, 2), Tap, Pool(3, 2, ceil: true), Fire(3, 64, 16, 64, 64), Fire(4, 128, 16, 64, 64), Tap,
        Pool(3, 2, ceil: true), Fire(6, 128, 32, 128, 128), Fire(7, 256, 32, 128, 128), Tap,
        Pool(3, 2, ceil: true), Fire(9, 256, 48, 192, 192), Tap, Fire(10, 384, 48, 192, 192), Tap,
        Fire(11, 384, 64, 256, 256), Tap, Fire(12, 512, 64, 256, 256), Tap,
    ];

    public static IReadOnlyList<LpipsStep> Steps(LpipsNet net) => net switch
    {
        LpipsNet.Vgg => s_vgg,
        LpipsNet.Squeeze => s_squeeze,
        _ => s_alex,
    };

    /// <summary>The channel count of each tap (lpips' <c>chns</c>), which is each linear layer's input.</summary>
    public static int[] TapChannels(LpipsNet net)
    {
        var result = new List<int>();
        int channels = 3;
        foreach (var s in Steps(net))
        {
            if (s.Kind is LpipsStepKind.Conv or LpipsStepKind.Fire) channels = s.Out;
            else if (s.Kind == LpipsStepKind.Tap) result.Add(channels);
        }
        return [.. result];
    }

    /// <summary>The torchvision state_dict keys the backbone uses (features only), with shapes, in state_dict order.</summary>
    public static IEnumerable<(string Key, int[] Shape)> Tensors(LpipsNet net)
    {
        foreach (var s in Steps(net))
        {
            if (s.Kind == LpipsStepKind.Conv)
            {
                yield return ($"features.{s.Index}.weight", [s.Out, s.In, s.Kernel, s.Kernel]);
                yield return ($"features.{s.Index}.bias", [s.Out]);
            }
            else if (s.Kind == LpipsStepKind.Fire)
            {
                foreach (var (part, cin, cout, k) in FireParts(s))
                {
                    yield return ($"features.{s.Index}.{part}.weight", [cout, cin, k, k]);
                    yield return ($"features.{s.Index}.{part}.bias", [cout]);
                }
            }
        }
    }

    public static IEnumerable<(string Part, int In, int Out, int Kernel)> FireParts(LpipsStep s)
    {
        yield return ("squeeze", s.In, s.Squeeze, 1);
        yield return ("expand1x1", s.Squeeze, s.Expand1, 1);
        yield return ("expand3x3", s.Squeeze, s.Expand3, 3);
    }

    /// <summary>The slice of the whole LPIPS module holding features.{index}: 1 + the number of taps before it.</summary>
    public static int SliceOf(LpipsNet net, int index)
    {
        int slice = 1;
        foreach (var s in Steps(net))
        {
            if (s.Kind == LpipsStepKind.Tap) slice++;
            else if (s.Index == index) return slice;
        }
        throw new ArgumentOutOfRangeException(nameof(index), $"{net}: no module features.{index}");
    }

    /// <summary>
    /// The spatial size of every tap for an input of <paramref name="height"/> x <paramref name="width"/>, or null when
    /// some convolution gets less than its kernel or some pool would output nothing (torch raises there). Output
    /// sizes as torch computes them: floor((n + 2p − k)/s) + 1, or with ceil for SqueezeNet's pools.
    /// </summary>
    public static List<(int H, int W)>? TapSizes(LpipsNet net, int height, int width)
    {
        var taps = new List<(int, int)>();
        int h = height, w = width;
        foreach (var s in Steps(net))
        {
            switch (s.Kind)
            {
                case LpipsStepKind.Conv:
                    if (h + 2 * s.Pad < s.Kernel || w + 2 * s.Pad < s.Kernel) return null;
                    h = (h + 2 * s.Pad - s.Kernel) / s.Stride + 1;
                    w = (w + 2 * s.Pad - s.Kernel) / s.Stride + 1;
                    break;
                case LpipsStepKind.MaxPool:
                    h = PoolOut(h, s);
                    w = PoolOut(w, s);
                    if (h < 1 || w < 1) return null;
                    break;
                case LpipsStepKind.Tap:
                    taps.Add((h, w));
                    break;
            }
        }
        return taps;
    }

    /// <summary>The smallest square input every layer accepts.</summary>
    public static int MinimumSize(LpipsNet net)
    {
        int n = 1;
        while (TapSizes(net, n, n) is null) n++;
        return n;
    }

    // torch's pooling_output_shape (pad 0, dilation 1): floor((n − k + (ceil ? s − 1 : 0)) / s) + 1, rounding toward
    // −∞; in ceil mode a last window starting at or beyond the input is dropped. A ceil-mode window may overhang the
    // input (SqueezeNet 1.1 at 17 x 17 pools 2 x 2 with a 3 x 3 window), which ONNX's ceil_mode allows too.
    private static int PoolOut(int n, LpipsStep s)
    {
        int o = (int)Math.Floor((double)(n - s.Kernel + (s.Ceil ? s.Stride - 1 : 0)) / s.Stride) + 1;
        if (s.Ceil && (o - 1) * s.Stride >= n) o--;
        return o;
    }
}
