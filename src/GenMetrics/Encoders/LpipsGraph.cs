using GenMetrics.Formats;
using static GenMetrics.Formats.OnnxAttribute;

namespace GenMetrics.Encoders;

/// <summary>
/// LPIPS v0.1 (Zhang, Isola, Efros, Shechtman and Wang 2018) as one ONNX graph, following lpips' <c>LPIPS.forward</c>
/// (PerceptualSimilarity 082bb24, <c>lpips/lpips.py</c>) with lpips=True, spatial=False. Inputs <c>in0</c> and
/// <c>in1</c>: N x 3 x H x W float32 in [−1, 1] (the caller maps uint8 x to x / 127.5 − 1, lpips' <c>im2tensor</c>);
/// output <c>distance</c>: N. Steps: both inputs through the backbone as one batch of 2N; the scaling layer
/// (x − shift) / scale with shift (−0.030, −0.088, −0.188), scale (0.458, 0.448, 0.450); at each tap
/// (<see cref="LpipsBackbone"/>) the features are unit-normalised over channels, f / (√Σf² + 1e-10), the two halves
/// subtracted and squared, passed through the tap's 1 x 1 linear layer (no bias; dropout is off in eval mode) and
/// averaged over space; the taps' values are summed in order. H and W are dynamic.
/// </summary>
internal static class LpipsGraph
{
    /// <summary>Changes whenever the emitted graph changes, so cached models of older graphs are not reused.</summary>
    public const string Version = "lpips-v0.1-graph1-opset17";
    public const string Input0 = "in0", Input1 = "in1", Output = "distance";

    // lpips.ScalingLayer: torch.Tensor([-.030, -.088, -.188]) and ([.458, .448, .450]), float32.
    internal static readonly float[] Shift = [-0.030f, -0.088f, -0.188f];
    internal static readonly float[] Scale = [0.458f, 0.448f, 0.450f];
    internal const float NormEps = 1e-10f;

    /// <summary>
    /// The graph of <paramref name="w"/>. Without <paramref name="scalingLayer"/> the inputs are taken as already scaled
    /// (torch-fidelity's <c>sample_similarity_lpips.py</c> normalises uint8 images itself, then resizes them; see
    /// <see cref="TorchFidelityLpips"/>): the graph starts at the backbone.
    /// </summary>
    public static byte[] Build(LpipsWeights w, bool scalingLayer = true)
    {
        var b = new OnnxModelBuilder("lpips_" + w.Net.ToString().ToLowerInvariant());
        b.AddInput(Input0, "N", 3, "H", "W");
        b.AddInput(Input1, "N", 3, "H", "W");
        var x = b.Node("Concat", [Input0, Input1], "pair", Int("axis", 0));
        if (scalingLayer)
        {
            var shift = b.AddInitializer("scaling.shift", [1, 3, 1, 1], Shift);
            var scale = b.AddInitializer("scaling.scale", [1, 3, 1, 1], Scale);
            x = b.Node("Div", [b.Node("Sub", [x, shift], "scaled.sub"), scale], "scaled");
        }
        var eps = b.AddInitializer("norm.eps", [], [NormEps]);
        string? total = null;
        int tap = 0;
        foreach (var s in LpipsBackbone.Steps(w.Net))
        {
            switch (s.Kind)
            {
                case LpipsStepKind.Conv:
                    x = ConvRelu(b, w, x, $"features.{s.Index}", s.Kernel, s.Stride, s.Pad);
                    break;
                case LpipsStepKind.MaxPool:
                    x = b.Node("MaxPool", [x], $"pool{tap}.{s.Kernel}", Ints("kernel_shape", s.Kernel, s.Kernel),
                        Ints("strides", s.Stride, s.Stride), Int("ceil_mode", s.Ceil ? 1 : 0));
                    break;
                case LpipsStepKind.Fire:
                    var sq = ConvRelu(b, w, x, $"features.{s.Index}.squeeze", 1, 1, 0);
                    var e1 = ConvRelu(b, w, sq, $"features.{s.Index}.expand1x1", 1, 1, 0);
                    var e3 = ConvRelu(b, w, sq, $"features.{s.Index}.expand3x3", 3, 1, 1);
                    x = b.Node("Concat", [e1, e3], $"features.{s.Index}.cat", Int("axis", 1));
                    break;
                case LpipsStepKind.Tap:
                    var d = TapDistance(b, w, x, tap, eps);
                    total = total is null ? d : b.Node("Add", [total, d], $"sum{tap}");
                    tap++;
                    break;
            }
        }
        var flat = b.AddInitializerInt64("distance.shape", [1], [-1]);
        b.Node("Reshape", [total!, flat], Output);
        b.AddOutput(Output, "N");
        return b.ToBytes();
    }

    private static string ConvRelu(OnnxModelBuilder b, LpipsWeights w, string x, string key, int k, int stride, int pad)
    {
        var (shape, data) = w.Feature(key + ".weight");
        var weight = b.AddInitializer(key + ".weight", [shape[0], shape[1], shape[2], shape[3]], data);
        var bias = b.AddInitializer(key + ".bias", [shape[0]], w.Feature(key + ".bias").Data);
        var conv = b.Node("Conv", [x, weight, bias], key, Ints("kernel_shape", k, k), Ints("strides", stride, stride), Ints("pads", pad, pad, pad, pad));
        return b.Node("Relu", [conv], key + ".relu");
    }

    /// <summary>lpips: normalize_tensor on both halves, (f0 − f1)², lin{t}, spatial_average: N x 1 x 1 x 1.</summary>
    private static string TapDistance(OnnxModelBuilder b, LpipsWeights w, string x, int t, string eps)
    {
        var sumSq = b.Node("ReduceSumSquare", [x], $"tap{t}.sumsq", Ints("axes", 1), Int("keepdims", 1));
        var norm = b.Node("Add", [b.Node("Sqrt", [sumSq], $"tap{t}.norm"), eps], $"tap{t}.norm_eps");
        var unit = b.Node("Div", [x, norm], $"tap{t}.unit");
        string f0 = $"tap{t}.f0", f1 = $"tap{t}.f1";
        b.AddNode("Split", [unit], [f0, f1], Int("axis", 0));
        var diff = b.Node("Sub", [f0, f1], $"tap{t}.diff");
        var sq = b.Node("Mul", [diff, diff], $"tap{t}.diff2");
        var lin = w.Linear(t);
        var linW = b.AddInitializer($"lin{t}.weight", [1, lin.Length, 1, 1], lin);
        var weighted = b.Node("Conv", [sq, linW], $"tap{t}.lin", Ints("kernel_shape", 1, 1));
        return b.Node("ReduceMean", [weighted], $"tap{t}.mean", Ints("axes", 2, 3), Int("keepdims", 1));
    }
}
