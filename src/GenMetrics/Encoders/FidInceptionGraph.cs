using GenMetrics.Formats;
using static GenMetrics.Formats.OnnxAttribute;

namespace GenMetrics.Encoders;

/// <summary>One BasicConv2d of the FID InceptionV3: Conv(bias = false) -> BatchNorm(eps = 0.001) -> ReLU.</summary>
internal readonly record struct InceptionConv(string Name, int In, int Out, int KernelH, int KernelW, int Stride, int PadH, int PadW);

/// <summary>
/// The FID InceptionV3 (torchvision Inception3 with pytorch-fid's FIDInceptionA/C/E_1/E_2 patches, aux_logits off,
/// 1008 classes) as an ONNX graph. The input is the preprocessed N x 3 x 299 x 299 float32 tensor; the graph starts
/// at Conv2d_1a_3x3 (no resize or normalisation inside). Outputs: <c>pool3</c> (N x 2048, global average pool of
/// Mixed_7c), <c>logits_unbiased</c> (pool3 · fc.weightᵀ) and <c>logits</c> (plus fc.bias).
/// </summary>
/// <remarks>
/// Layer order and shapes follow torchvision 0.14 <c>models/inception.py</c> and pytorch-fid b9c1811
/// <c>src/pytorch_fid/inception.py</c>. The FID quirks (REFERENCES.md section 1): BN eps 0.001; the pool branch of
/// Mixed_5b-d, 6b-e and 7b is avg_pool2d(3, 1, 1, count_include_pad = False); Mixed_7c's is max_pool2d(3, 1, 1);
/// Mixed_6a/7a keep max_pool2d(3, 2). BatchNorm is folded into the convolution in float64
/// (w' = w·γ/√(σ²+ε), b' = β − μ·γ/√(σ²+ε)) and rounded once to float32.
/// The same code walks the layers twice: without a builder it only lists the convolutions (the weight layout).
/// </remarks>
internal sealed partial class FidInceptionGraph
{
    /// <summary>Changes whenever the emitted graph changes, so cached models of older graphs are not reused.</summary>
    public const string Version = "fid-inception-v3.1-bnfold-opset17";
    public const int ImageSize = 299, Pool3Dim = 2048, Classes = 1008;
    public const double BatchNormEps = 0.001;
    public const string Input = "images", Pool3 = "pool3", LogitsUnbiased = "logits_unbiased", Logits = "logits";

    private readonly OnnxModelBuilder? _b;
    private readonly InceptionWeights? _w;
    private readonly List<InceptionConv> _convs = [];
    private int _temp;

    private FidInceptionGraph(OnnxModelBuilder? builder, InceptionWeights? weights)
    {
        _b = builder;
        _w = weights;
    }

    /// <summary>The 94 convolutions in state_dict order (module registration order in torchvision).</summary>
    public static IReadOnlyList<InceptionConv> Convolutions { get; } = Layout();

    private static List<InceptionConv> Layout()
    {
        var g = new FidInceptionGraph(null, null);
        g.Network(Input);
        return g._convs;
    }

    /// <summary>Every state_dict tensor the network needs, with its shape, in state_dict order.</summary>
    public static IEnumerable<(string Key, int[] Shape)> Tensors()
    {
        foreach (var c in Convolutions)
        {
            yield return ($"{c.Name}.conv.weight", [c.Out, c.In, c.KernelH, c.KernelW]);
            foreach (var p in InceptionWeights.BatchNormParts) yield return ($"{c.Name}.bn.{p}", [c.Out]);
        }
        yield return ("fc.weight", [Classes, Pool3Dim]);
        yield return ("fc.bias", [Classes]);
    }

    /// <summary>Serialises the network with the given (already validated) weights to an ONNX ModelProto.</summary>
    public static byte[] Build(InceptionWeights weights)
    {
        var b = new OnnxModelBuilder("fid_inception_v3");
        b.AddInput(Input, "N", 3, ImageSize, ImageSize);
        var g = new FidInceptionGraph(b, weights);
        var features = g.Network(Input);
        var gap = b.Node("GlobalAveragePool", [features], "pool3_4d");
        b.Node("Flatten", [gap], Pool3, Int("axis", 1));
        var (fcw, fcb) = (weights.Get("fc.weight"), weights.Get("fc.bias"));
        b.AddInitializer("fc.weight", [Classes, Pool3Dim], fcw.Data);
        b.AddInitializer("fc.bias", [Classes], fcb.Data);
        b.Node("Gemm", [Pool3, "fc.weight"], LogitsUnbiased, Int("transB", 1));
        b.Node("Add", [LogitsUnbiased, "fc.bias"], Logits);
        b.AddOutput(Pool3, "N", Pool3Dim);
        b.AddOutput(LogitsUnbiased, "N", Classes);
        b.AddOutput(Logits, "N", Classes);
        return b.ToBytes();
    }

    private string Network(string x)
    {
        x = Conv(x, "Conv2d_1a_3x3", 3, 32, 3, stride: 2);
        x = Conv(x, "Conv2d_2a_3x3", 32, 32, 3);
        x = Conv(x, "Conv2d_2b_3x3", 32, 64, 3, pad: 1);
        x = MaxPool(x, 2, 0);
        x = Conv(x, "Conv2d_3b_1x1", 64, 80, 1);
        x = Conv(x, "Conv2d_4a_3x3", 80, 192, 3);
        x = MaxPool(x, 2, 0);
        x = InceptionA(x, "Mixed_5b", 192, 32);
        x = InceptionA(x, "Mixed_5c", 256, 64);
        x = InceptionA(x, "Mixed_5d", 288, 64);
        x = InceptionB(x, "Mixed_6a", 288);
        x = InceptionC(x, "Mixed_6b", 768, 128);
        x = InceptionC(x, "Mixed_6c", 768, 160);
        x = InceptionC(x, "Mixed_6d", 768, 160);
        x = InceptionC(x, "Mixed_6e", 768, 192);
        x = InceptionD(x, "Mixed_7a", 768);
        x = InceptionE(x, "Mixed_7b", 1280, maxPoolBranch: false);
        x = InceptionE(x, "Mixed_7c", 2048, maxPoolBranch: true);
        return x;
    }

    private string Conv(string x, string name, int cin, int cout, int k, int stride = 1, int pad = 0) =>
        Conv(x, name, cin, cout, k, k, stride, pad, pad);

    private string Conv(string x, string name, int cin, int cout, int kh, int kw, int stride, int ph, int pw)
    {
        var spec = new InceptionConv(name, cin, cout, kh, kw, stride, ph, pw);
        _convs.Add(spec);
        if (_b is null) return name;
        var (w, bias) = _w!.FoldedConv(spec, BatchNormEps);
        _b.AddInitializer(name + ".w", [cout, cin, kh, kw], w);
        _b.AddInitializer(name + ".b", [cout], bias);
        var c = _b.Node("Conv", [x, name + ".w", name + ".b"], name + ".conv",
            Ints("kernel_shape", kh, kw), Ints("strides", stride, stride), Ints("pads", ph, pw, ph, pw));
        return _b.Node("Relu", [c], name);
    }

    private string MaxPool(string x, int stride, int pad) =>
        _b?.Node("MaxPool", [x], Temp("maxpool"), Ints("kernel_shape", 3, 3), Ints("strides", stride, stride), Ints("pads", pad, pad, pad, pad)) ?? x;

    // TF semantics: the padded zeros are not counted in the average.
    private string AvgPoolExcludingPad(string x) =>
        _b?.Node("AveragePool", [x], Temp("avgpool"), Ints("kernel_shape", 3, 3), Ints("strides", 1, 1), Ints("pads", 1, 1, 1, 1), Int("count_include_pad", 0)) ?? x;

    private string Concat(string name, params string[] parts) => _b?.Node("Concat", parts, name, Int("axis", 1)) ?? name;

    private string Temp(string what) => $"{what}_{_temp++}";
}
