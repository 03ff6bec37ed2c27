using GenMetrics.Encoders;
using GenMetrics.Formats;
using GenMetrics.Imaging;
using GenMetrics.Protocols;
using GenMetrics.Tests.Support;
using static GenMetrics.Formats.OnnxAttribute;

namespace GenMetrics.Tests.Encoders;

public class OnnxFileEncoderTests
{
    private const int D = 5;

    // A 1x1 conv (D x 3) with bias, then GlobalAveragePool: feature d = b[d] + sum_c W[d, c] * mean(x_c).
    private static readonly float[] s_w = [0.5f, -1f, 2f, 1f, 1f, 1f, -0.25f, 0.75f, 0f, 3f, 0f, -2f, 0.1f, 0.2f, 0.3f];
    private static readonly float[] s_b = [0.1f, -0.2f, 0.3f, 0f, 1f];

    /// <summary>Writes the model to a temp file. <paramref name="flatten"/> false leaves the N x D x 1 x 1 output.</summary>
    private static string Model(TempDir dir, OnnxDim[] input, OnnxDim[] output, bool flatten = true, bool extraOutput = false, string name = "m.onnx")
    {
        var b = new OnnxModelBuilder("test");
        b.AddInput("pixel_values", input);
        b.AddInitializer("w", [D, 3, 1, 1], s_w);
        b.AddInitializer("b", [D], s_b);
        var c = b.Node("Conv", ["pixel_values", "w", "b"], "c", Ints("kernel_shape", 1, 1));
        if (extraOutput)
        {
            b.Node("Relu", [c], "spatial");
            b.AddOutput("spatial", "N", D, "H", "W");
        }
        var p = b.Node("GlobalAveragePool", [c], flatten ? "p" : "features");
        if (flatten) b.Node("Flatten", [p], "features", Int("axis", 1));
        b.AddOutput("features", output);
        var path = dir.File(name);
        File.WriteAllBytes(path, b.ToBytes());
        return path;
    }

    private static RgbImage Synthetic(int w, int h, int seed)
    {
        var px = new byte[w * h * 3];
        new Random(seed).NextBytes(px);
        return new RgbImage(w, h, px, $"random {seed}");
    }

    /// <summary>The model computed by hand, in float64, on the preprocessed input.</summary>
    private static double[] Expected(float[] x, int s)
    {
        var plane = s * s;
        var means = new double[3];
        for (var c = 0; c < 3; c++)
        {
            double sum = 0;
            for (var i = 0; i < plane; i++) sum += x[c * plane + i];
            means[c] = sum / plane;
        }
        var f = new double[D];
        for (var d = 0; d < D; d++) f[d] = s_b[d] + s_w[d * 3] * means[0] + s_w[d * 3 + 1] * means[1] + s_w[d * 3 + 2] * means[2];
        return f;
    }

    private static void Check(OnnxFileEncoder enc, IReadOnlyList<RgbImage> images)
    {
        var len = enc.ImageLength;
        var input = new float[images.Count * len];
        for (var i = 0; i < images.Count; i++) enc.Preprocessing.Preprocess(images[i], input.AsSpan(i * len, len));
        var features = enc.EncodeFeatures(input, images.Count);
        Assert.Equal(images.Count, features.Rows);
        Assert.Equal(D, features.Columns);
        for (var i = 0; i < images.Count; i++)
        {
            var e = Expected(input[(i * len)..((i + 1) * len)], enc.InputSize);
            var row = features.Row(i);
            for (var d = 0; d < D; d++) Assert.True(Math.Abs(row[d] - e[d]) <= 1e-5 * (1 + Math.Abs(e[d])), $"image {i} feature {d}: {row[d]} vs {e[d]}");
        }
    }

    [Fact]
    public void Features_equal_the_model_computed_by_hand_on_the_torchvision_input()
    {
        using var dir = Fixtures.TempDir();
        var path = Model(dir, ["N", 3, 32, 32], ["N", D]);
        var options = new TorchvisionPreprocessing { Size = 32, Mean = TorchvisionPreprocessing.ClipMean, Std = TorchvisionPreprocessing.ClipStd };
        using var enc = OnnxFileEncoder.Open(path, options, threads: 1, batchSize: 2);
        Assert.Equal(D, enc.Dimension);
        Assert.Equal(32, enc.InputSize);
        Assert.Equal("features", enc.OutputName);
        Assert.Equal(64, enc.ModelSha256.Length);
        // Landscape, portrait, square, smaller than S; 5 images with batch 2 leaves a tail of 1.
        Check(enc, [Synthetic(50, 40, 1), Synthetic(30, 61, 2), Synthetic(32, 32, 3), Synthetic(9, 7, 4), Synthetic(100, 33, 5)]);
    }

    [Fact]
    public void Rows_do_not_depend_on_the_batch_size()
    {
        using var dir = Fixtures.TempDir();
        var path = Model(dir, ["N", 3, "S", "S"], ["N", D]);
        var images = Enumerable.Range(0, 7).Select(i => Synthetic(20 + i, 30 - i, 10 + i)).ToArray();
        float[] Run(int batch)
        {
            using var enc = OnnxFileEncoder.Open(path, new TorchvisionPreprocessing { Size = 16, Resize = TorchvisionResize.Bilinear }, threads: 1, batchSize: batch);
            var input = new float[images.Length * enc.ImageLength];
            for (var i = 0; i < images.Length; i++) enc.Preprocessing.Preprocess(images[i], input.AsSpan(i * enc.ImageLength, enc.ImageLength));
            return enc.EncodeFeatures(input, images.Length).Row(0).ToArray().Concat(enc.EncodeFeatures(input, images.Length).Row(6).ToArray()).ToArray();
        }
        Assert.Equal(Run(1), Run(16));
    }

    [Fact]
    public void A_4d_output_is_flattened_and_a_fixed_batch_of_one_works()
    {
        using var dir = Fixtures.TempDir();
        var path = Model(dir, [1, 3, 24, 24], [1, D, 1, 1], flatten: false);
        using var enc = OnnxFileEncoder.Open(path, new TorchvisionPreprocessing { Size = 24 }, threads: 1);
        Assert.Equal(D, enc.Dimension);
        Check(enc, [Synthetic(40, 30, 7), Synthetic(24, 24, 8), Synthetic(13, 50, 9)]);
    }

    [Fact]
    public void A_fixed_batch_of_two_pads_the_last_batch()
    {
        using var dir = Fixtures.TempDir();
        var path = Model(dir, [2, 3, 24, 24], [2, D]);
        using var enc = OnnxFileEncoder.Open(path, new TorchvisionPreprocessing { Size = 24 }, threads: 1, batchSize: 16);
        Check(enc, [Synthetic(40, 30, 12), Synthetic(24, 24, 13), Synthetic(13, 50, 14)]);
    }

    [Fact]
    public void A_symbolic_feature_dimension_is_found_by_a_probe_run()
    {
        using var dir = Fixtures.TempDir();
        var path = Model(dir, ["N", 3, 16, 16], ["N", "D"]);
        using var enc = OnnxFileEncoder.Open(path, new TorchvisionPreprocessing { Size = 16, CenterCrop = false }, threads: 1);
        Assert.Equal(D, enc.Dimension);
        Check(enc, [Synthetic(33, 17, 11)]);
    }

    [Fact]
    public void Output_picks_a_named_output_and_rejects_unknown_or_spatial_ones()
    {
        using var dir = Fixtures.TempDir();
        var path = Model(dir, ["N", 3, 16, 16], ["N", D], extraOutput: true);
        using (var enc = OnnxFileEncoder.Open(path, new TorchvisionPreprocessing { Size = 16 }, "features", threads: 1))
            Assert.Equal(D, enc.Dimension);
        // The first output is the N x D x H x W map: not a feature vector.
        var e = Assert.Throws<InputException>(() => OnnxFileEncoder.Open(path, new TorchvisionPreprocessing { Size = 16 }));
        Assert.Contains("m.onnx", e.Message);
        Assert.Contains("'spatial'", e.Message);
        Assert.Contains("choose another with the 'output' setting", e.Message);
        e = Assert.Throws<InputException>(() => OnnxFileEncoder.Open(path, new TorchvisionPreprocessing { Size = 16 }, "logits"));
        Assert.Contains("no output 'logits'", e.Message);
        Assert.Contains("spatial, features", e.Message);
    }

    [Theory]
    [InlineData(new object[] { "N", 3, 32 }, "N x 3 x 32]")]          // rank 3
    [InlineData(new object[] { "N", 1, 32, 32 }, "N x 1 x 32 x 32]")]   // one channel
    [InlineData(new object[] { "N", 3, 64, 64 }, "N x 3 x 64 x 64]")]   // not --input-size
    public void A_model_with_the_wrong_input_is_an_input_error_naming_file_and_shapes(object[] dims, string shown)
    {
        using var dir = Fixtures.TempDir();
        var b = new OnnxModelBuilder("bad");
        var input = dims.Select(d => d is string s ? (OnnxDim)s : (OnnxDim)(long)(int)d).ToArray();
        b.AddInput("x", input);
        b.Node("Identity", ["x"], "y");
        b.AddOutput("y", input);
        var path = dir.File("bad-input.onnx");
        File.WriteAllBytes(path, b.ToBytes());
        var e = Assert.Throws<InputException>(() => OnnxFileEncoder.Open(path, new TorchvisionPreprocessing { Size = 32 }));
        Assert.Contains("bad-input.onnx", e.Message);
        Assert.Contains(shown, e.Message);
        Assert.Contains("N x 3 x 32 x 32", e.Message);
    }

    [Fact]
    public void A_missing_file_or_a_file_that_is_not_onnx_is_an_input_error()
    {
        using var dir = Fixtures.TempDir();
        var missing = dir.File("nope.onnx");
        var e = Assert.Throws<InputException>(() => OnnxFileEncoder.Open(missing));
        Assert.Contains("nope.onnx", e.Message);
        Assert.Contains("not found", e.Message);

        var garbage = dir.File("garbage.onnx");
        File.WriteAllText(garbage, "this is not a protobuf model, just some text\n");
        e = Assert.Throws<InputException>(() => OnnxFileEncoder.Open(garbage));
        Assert.Contains("garbage.onnx", e.Message);
        Assert.Contains("not a loadable ONNX model", e.Message);
    }

    [Fact]
    public void Encode_checks_the_input_length()
    {
        using var dir = Fixtures.TempDir();
        var path = Model(dir, ["N", 3, 8, 8], ["N", D]);
        using var enc = OnnxFileEncoder.Open(path, new TorchvisionPreprocessing { Size = 8 }, threads: 1);
        Assert.Throws<ArgumentException>(() => enc.EncodeFeatures(new float[3 * 64 + 1], 1));
        Assert.Equal(0, enc.EncodeFeatures(ReadOnlyMemory<float>.Empty, 0).Rows);
    }
}
