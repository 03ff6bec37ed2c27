using System.Text.Json;
using GenMetrics.Cli;
using GenMetrics.Cli.Commands;
using GenMetrics.Formats;
using GenMetrics.Tests.Samples;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Cli;

/// <summary>Small ONNX models for the generator commands' tests, written with the library's ONNX writer.</summary>
public sealed class GeneratorModels : IDisposable
{
    internal TempDir Dir { get; } = Fixtures.TempDir();

    public GeneratorModels()
    {
        // z (N x 12) -> Reshape -> float32 N x 3 x 2 x 2: an image batch, but float (needs --output-range).
        var b = new OnnxModelBuilder("float_images");
        b.AddInput("z", "N", 12);
        var shape = b.AddInitializerInt64("shape", [4], [-1, 3, 2, 2]);
        b.Node("Reshape", ["z", shape], "images");
        b.AddOutput("images", "N", 3, 2, 2);
        File.WriteAllBytes(Dir.File("float_images.onnx"), b.ToBytes());

        // z (N x 8) -> Identity: not an image batch.
        b = new OnnxModelBuilder("vectors");
        b.AddInput("z", "N", 8);
        b.Node("Identity", ["z"], "features");
        b.AddOutput("features", "N", 8);
        File.WriteAllBytes(Dir.File("vectors.onnx"), b.ToBytes());

        // Two float inputs: the second is not class labels.
        b = new OnnxModelBuilder("two_floats");
        b.AddInput("z", "N", 12);
        b.AddInput("style", "N", 12);
        b.Node("Reshape", [b.Node("Add", ["z", "style"], "sum"), b.AddInitializerInt64("shape", [4], [-1, 3, 2, 2])], "images");
        b.AddOutput("images", "N", 3, 2, 2);
        File.WriteAllBytes(Dir.File("two_floats.onnx"), b.ToBytes());

        // z with a symbolic size.
        b = new OnnxModelBuilder("any_z");
        b.AddInput("z", "N", "Z");
        b.Node("Reshape", ["z", b.AddInitializerInt64("shape", [4], [-1, 3, 2, 2])], "images");
        b.AddOutput("images", "N", 3, 2, 2);
        File.WriteAllBytes(Dir.File("any_z.onnx"), b.ToBytes());

        var images = new byte[12 * 20 * 20 * 3];
        new Random(5).NextBytes(images);
        Npy.Write(Dir.File("images.npy"), images, 12, 20, 20, 3);
        Npy.Write(Dir.File("z7.npy"), new float[4 * 7], 4, 7);
        Directory.CreateDirectory(Dir.File("full"));
        File.WriteAllText(Dir.File("full/x.txt"), "taken");
    }

    public void Dispose() => Dir.Dispose();
}

/// <summary>
/// <c>sample</c> and <c>eval</c> with an ONNX generator input through the real command tree: the written samples score
/// exactly as the generator does; explicit latents reproduce the drawn ones; float outputs convert as StyleGAN does.
/// </summary>
public class GeneratorCommandsTests(GeneratorModels models) : IClassFixture<GeneratorModels>
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliRunner.Run(Commands.Root(), [.. args, "--progress", "none"], o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static JsonElement Metrics(string json) => JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("metrics");

    [Theory]
    [InlineData("folder")]
    [InlineData("samples.zip")]
    [InlineData("samples.npz")]
    public void Sample_then_eval_on_the_written_samples_equals_eval_on_the_generator(string output)
    {
        using var dir = Fixtures.TempDir();
        string g = GeneratorFixture.Conditional, real = models.Dir.File("images.npy"), written = dir.File(output);
        var (code, stdout, err) = Run("sample", g, "-n", "70", "--num-classes", "5", "-o", written, "--save-latents");
        Assert.True(code == 0, err);
        Assert.Contains("wrote 70 samples (3 x 80 x 72)", stdout);
        string[] common = ["--encoder", "random-cnn", "-m", "fid,kid,prdc", "--kid-subset-size", "10", "--no-cache", "-q"];
        Assert.Equal(0, Run(["eval", real, g, "-n", "70", "--num-classes", "5", "-o", dir.File("g.json"), .. common]).Exit);
        var (c2, _, e2) = Run(["eval", real, written, "-o", dir.File("w.json"), .. common]);
        Assert.True(c2 == 0, e2);
        var a = Metrics(dir.File("g.json"));
        var b = Metrics(dir.File("w.json"));
        foreach (var key in (string[])["fid", "kid_mean", "kid_std", "precision", "recall", "density", "coverage"])
            Assert.Equal(a.GetProperty(key).GetDouble(), b.GetProperty(key).GetDouble());

        // The saved latents and labels (the folder's latents.npy and labels.npy, the archive's members) give the same samples again.
        if (output == "folder") Assert.True(File.Exists(Path.Combine(written, "labels.npy")));
        var (c3, _, e3) = Run(["eval", real, g, "--latents", written, "--num-classes", "5", "-o", dir.File("l.json"), .. common]);
        Assert.True(c3 == 0, e3);
        Assert.Equal(a.GetProperty("fid").GetDouble(), Metrics(dir.File("l.json")).GetProperty("fid").GetDouble());
    }

    [Fact]
    public void Eval_records_the_generator_and_ppl_alone_encodes_nothing()
    {
        using var dir = Fixtures.TempDir();
        var (code, _, err) = Run("eval", models.Dir.File("images.npy"), GeneratorFixture.Unconditional, "-n", "12", "--seed", "7", "--encoder", "random-cnn",
            "-m", "fid", "-o", dir.File("r.json"), "--no-cache", "-q");
        Assert.True(code == 0, err);
        var json = JsonDocument.Parse(File.ReadAllText(dir.File("r.json"))).RootElement;
        var generated = json.GetProperty("inputs").GetProperty("generated");
        Assert.Equal(12, generated.GetProperty("count").GetInt32());
        Assert.Equal(7, generated.GetProperty("generator").GetProperty("seed").GetInt64());
        Assert.Equal("normal", generated.GetProperty("generator").GetProperty("z_type").GetString());
        Assert.Equal(16, generated.GetProperty("generator").GetProperty("z_dim").GetInt32());
        Assert.True(json.GetProperty("inputs").TryGetProperty("generator", out _));
        Assert.Equal(12, json.GetProperty("inputs").GetProperty("real").GetProperty("count").GetInt32());   // the real set is used whole
    }

    [Fact]
    public void Float_output_converts_as_stylegan_does()
    {
        using var dir = Fixtures.TempDir();
        // Latents chosen to hit the rounding, the clamps and both ends: x * 127.5 + 128, clamped, truncated.
        float[] z = [-1f, -0.9961f, 0f, 0.5f, 1f, 2f, -3f, 0.0039f, 0.25f, -0.25f, 0.999f, -1.0001f];
        Npy.Write(dir.File("z.npy"), z, 1, 12);
        var (code, _, err) = Run("sample", models.Dir.File("float_images.onnx"), "--latents", dir.File("z.npy"), "--output-range", "-1,1", "-o", dir.File("x.npz"));
        Assert.True(code == 0, err);
        var images = Npz.ReadArray(dir.File("x.npz"), "images").ToBytes();
        // NHWC: pixel p, channel c holds z[c * 4 + p].
        for (int c = 0; c < 3; c++)
            for (int p = 0; p < 4; p++)
            {
                float v = z[c * 4 + p] * 127.5f + 128f;
                Assert.Equal(v <= 0 ? 0 : v >= 255 ? 255 : (byte)v, images[p * 3 + c]);
            }
        Assert.Equal(0, Run("sample", models.Dir.File("float_images.onnx"), "--latents", dir.File("z.npy"), "--output-range", "0,1", "-o", dir.File("y.npz")).Exit);
        Assert.Equal((byte)(0.25f * 255f + 0.5f), Npz.ReadArray(dir.File("y.npz"), "images").ToBytes()[0 * 3 + 2]);   // z[8] = 0.25: channel 2, pixel 0
    }
}
