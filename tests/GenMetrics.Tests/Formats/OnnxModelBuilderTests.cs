using GenMetrics.Formats;
using Microsoft.ML.OnnxRuntime;
using static GenMetrics.Formats.OnnxAttribute;

namespace GenMetrics.Tests.Formats;

public class OnnxModelBuilderTests
{
    [Fact]
    public void Protobuf_varints_and_fields_follow_the_wire_format()
    {
        var w = new ProtobufWriter();
        w.Int64(1, 150);                 // the protobuf guide's example: 08 96 01
        w.String(2, "testing");          // 12 07 74 65 73 74 69 6e 67
        w.Int64(3, -1);                  // ten-byte varint
        w.PackedFloats(4, [1f]);         // 22 04 00 00 80 3f
        w.PackedInt64s(5, [3, 270]);     // 2a 03 03 8e 02
        Assert.Equal(
            "08 96 01 12 07 74 65 73 74 69 6e 67 18 ff ff ff ff ff ff ff ff ff 01 22 04 00 00 80 3f 2a 03 03 8e 02",
            string.Join(" ", w.ToArray().Select(b => b.ToString("x2"))));
    }

    [Fact]
    public void Conv_with_pads_strides_bias_then_relu()
    {
        // One 4x4 input channel, two output channels, 3x3 kernel, stride 2, pad 1 -> 2x2.
        var b = new OnnxModelBuilder("t");
        b.AddInput("x", "N", 1, 4, 4);
        var w = new float[2 * 9];
        for (int i = 0; i < 9; i++) { w[i] = 1; w[9 + i] = -1; }
        b.AddInitializer("w", [2, 1, 3, 3], w);
        b.AddInitializer("b", [2], [0.5f, 2f]);
        var c = b.Node("Conv", ["x", "w", "b"], "c", Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1), Ints("strides", 2, 2));
        b.Node("Relu", [c], "y");
        b.AddOutput("y", "N", 2, 2, 2);
        var x = Enumerable.Range(0, 16).Select(i => (float)i).ToArray();
        var y = Run(b, "x", x, [1, 1, 4, 4], "y");
        // Windows (pad 1, stride 2) centred on (0,0),(0,2),(2,0),(2,2): sums 0+1+4+5=10, 1+2+3+5+6+7=24, 4+5+8+9+12+13=51, 5+6+7+9+10+11+13+14+15=90
        float[] sums = [10, 24, 51, 90];
        Assert.Equal(sums.Select(s => s + 0.5f).Concat(sums.Select(s => MathF.Max(0, 2 - s))).ToArray(), y);
    }

    [Fact]
    public void AveragePool_excludes_padding_and_MaxPool_pads_with_minus_infinity()
    {
        var b = new OnnxModelBuilder("t");
        b.AddInput("x", "N", 1, 3, 3);
        b.Node("AveragePool", ["x"], "avg", Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1), Ints("strides", 1, 1), Int("count_include_pad", 0));
        b.Node("MaxPool", ["x"], "max", Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1), Ints("strides", 1, 1));
        b.AddOutput("avg", "N", 1, 3, 3);
        b.AddOutput("max", "N", 1, 3, 3);
        float[] x = [-1, -2, -3, -4, -5, -6, -7, -8, -9];
        var outs = RunAll(b, "x", x, [1, 1, 3, 3], "avg", "max");
        // corner (0,0): mean of -1,-2,-4,-5 = -3 (with the padding counted it would be -12/9)
        Assert.Equal([-3f, -3.5f, -4f, -4.5f, -5f, -5.5f, -6f, -6.5f, -7f], outs[0]);
        Assert.Equal([-1f, -1f, -2f, -1f, -1f, -2f, -4f, -4f, -5f], outs[1]);
    }

    [Fact]
    public void BatchNorm_concat_global_pool_flatten_gemm_with_a_dynamic_batch()
    {
        var b = new OnnxModelBuilder("t");
        b.AddInput("x", "N", 2, 2, 2);
        b.AddInitializer("scale", [2], [2f, 1f]);
        b.AddInitializer("shift", [2], [1f, 0f]);
        b.AddInitializer("mean", [2], [1f, 0f]);
        b.AddInitializerPacked("var", [2], [3.999f, 1f]);   // the packed float_data encoding
        var bn = b.Node("BatchNormalization", ["x", "scale", "shift", "mean", "var"], "bn", Float("epsilon", 0.001f));
        var cat = b.Node("Concat", [bn, "x"], "cat", Int("axis", 1));
        var gap = b.Node("GlobalAveragePool", [cat], "gap");
        var flat = b.Node("Flatten", [gap], "flat", Int("axis", 1));
        b.AddInitializer("fcw", [1, 4], [1f, 10f, 100f, 1000f]);
        b.AddInitializer("fcb", [1], [0.25f]);
        b.Node("Gemm", [flat, "fcw", "fcb"], "fc", Int("transB", 1));
        b.AddOutput("flat", "N", 4);
        b.AddOutput("fc", "N", 1);
        // two samples: channel 0 = 1,2,3,4 / 5,5,5,5; channel 1 = 0,0,0,4 / 1,1,1,1
        float[] x = [1, 2, 3, 4, 0, 0, 0, 4, 5, 5, 5, 5, 1, 1, 1, 1];
        var outs = RunAll(b, "x", x, [2, 2, 2, 2], "flat", "fc");
        // BN channel 0: 2 (x - 1) / sqrt(4) + 1 = x; channel 1: x / sqrt(1.001)
        float c1 = 1f / MathF.Sqrt(1.001f);
        float[] flatExpected = [2.5f, c1, 2.5f, 1f, 5f, c1, 5f, 1f];
        Assert.Equal(flatExpected.Length, outs[0].Length);
        for (int i = 0; i < flatExpected.Length; i++) Assert.Equal(flatExpected[i], outs[0][i], 1e-5f);
        Assert.Equal(2.5f + 10 * c1 + 250 + 1000 + 0.25f, outs[1][0], 1e-3f);
        Assert.Equal(5f + 10 * c1 + 500 + 1000 + 0.25f, outs[1][1], 1e-3f);
    }

    [Fact]
    public void Reshape_takes_an_int64_initializer_and_MatMul_Add_compute_an_affine_map()
    {
        var b = new OnnxModelBuilder("t");
        b.AddInput("x", "N", 2, 2);
        b.AddInitializerInt64("shape", [2], [-1, 4]);
        var r = b.Node("Reshape", ["x", "shape"], "r");
        b.AddInitializer("w", [4, 1], [1f, 2f, 3f, 4f]);
        b.AddInitializer("c", [1], [-0.5f]);
        var m = b.Node("MatMul", [r, "w"], "m");
        b.Node("Add", [m, "c"], "y");
        b.AddOutput("y", "N", 1);
        Assert.Equal([29.5f, 69.5f], Run(b, "x", [1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2], "y"));
    }

    [Fact]
    public void A_name_defined_twice_is_rejected()
    {
        var b = new OnnxModelBuilder("t");
        b.AddInput("x", 1);
        Assert.Throws<InvalidOperationException>(() => b.AddInitializer("x", [1], [1f]));
        Assert.Throws<ArgumentException>(() => b.AddInitializer("y", [2], [1f]));
    }

    internal static float[] Run(OnnxModelBuilder b, string input, float[] x, long[] shape, string output) =>
        RunAll(b, input, x, shape, output)[0];

    internal static float[][] RunAll(OnnxModelBuilder b, string input, float[] x, long[] shape, params string[] outputs)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(b.ToBytes(), options);
        using var value = OrtValue.CreateTensorValueFromMemory(x, shape);
        using var run = new RunOptions();
        using var results = session.Run(run, [input], [value], outputs);
        return results.Select(r => r.GetTensorDataAsSpan<float>().ToArray()).ToArray();
    }
}
