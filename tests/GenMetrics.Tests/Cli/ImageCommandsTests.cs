using System.Text.Json;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Imaging;
using GenMetrics.Protocols;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Cli;

[CollectionDefinition("GENMETRICS_HOME", DisableParallelization = true)]
public sealed class GenMetricsHomeCollection;

/// <summary>
/// The image path of the command line, without the real weights (<see cref="StandInInceptionHome"/>). Runs alone
/// because it sets GENMETRICS_HOME for the process.
/// </summary>
[Collection("GENMETRICS_HOME")]
public sealed class ImageCommandsTests : IDisposable
{
    private readonly StandInInceptionHome _standIn = new();

    public void Dispose() => _standIn.Dispose();

    private string WriteImages(string name, int seed, int n, int h, int w)
    {
        var px = new byte[n * h * w * 3];
        for (int i = 0; i < px.Length; i++) px[i] = (byte)((i * 7 + seed * 131 + (i / 97) * 5) & 0xff);
        var path = _standIn.Home.File(name);
        Npy.Write(path, px, n, h, w, 3);
        return path;
    }

    [Fact]
    public void Eval_features_and_preprocess_on_images_equal_the_library_and_record_encoder_and_protocol()
    {
        var real = WriteImages("real.npy", 1, 10, 40, 36);
        var fake = WriteImages("fake.npy", 2, 10, 40, 36);
        var json = _standIn.Home.File("r.json");
        var (exit, stdout, stderr) = CliHarness.Run("eval", real, fake, "--encoder", "inception", "--weights", _standIn.Weights,
            "--protocol", "clean", "--metrics", "fid,is", "--is-splits", "2", "--json", json);
        Assert.True(exit == 0, stderr);
        Assert.Contains("fid", stdout);
        Assert.Contains("does not start with 6726825d", stderr);   // stand-in weights are flagged

        // The same numbers straight from the library.
        using var model = FidInceptionV3.Create(RandomInceptionWeights.Create(), cacheHome: _standIn.Home.Path);
        model.Protocol = Protocol.Clean;
        FeatureSet Features(string path) => FeatureExtractor.Extract(path, model, new ExtractionOptions { UseCache = false });
        var fr = Features(real);
        var ff = Features(fake);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.Equal(GenMetrics.Metrics.Fid.Compute(fr.GetOutput("pool3"), ff.GetOutput("pool3")), root.GetProperty("metrics").GetProperty("fid").GetDouble(), 9);
        Assert.Equal(GenMetrics.Metrics.InceptionScore.Compute(ff.GetOutput("logits_unbiased"), new GenMetrics.Metrics.IsOptions(Splits: 2)).Mean,
            root.GetProperty("metrics").GetProperty("is_mean").GetDouble(), 12);
        Assert.Equal("inception", root.GetProperty("encoder").GetProperty("name").GetString());
        Assert.Equal(_standIn.WeightsSha, root.GetProperty("encoder").GetProperty("weights_sha256").GetString());
        Assert.Equal("clean", root.GetProperty("protocol").GetString());
        Assert.Equal("images", root.GetProperty("inputs").GetProperty("real").GetProperty("kind").GetString());
        Assert.Equal(10, root.GetProperty("inputs").GetProperty("generated").GetProperty("count").GetInt32());
        Assert.Equal(FidInceptionGraph.Version, root.GetProperty("encoder").GetProperty("graph_version").GetString());
        Assert.Equal("clean", root.GetProperty("inputs").GetProperty("generated").GetProperty("protocol").GetString());
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_standIn.Home.Path, "features"), "*.npy", SearchOption.AllDirectories));   // cached

        // features: pool3 (and logits) of the same images.
        var (e2, _, err2) = CliHarness.Run("features", fake, "--weights", _standIn.Weights, "--protocol", "clean", "--out", _standIn.Home.File("f.npy"), "--logits-out", _standIn.Home.File("l.npy"));
        Assert.True(e2 == 0, err2);
        Assert.Equal(ff.GetOutput("pool3").Span.ToArray(), FeatureFile.Read(_standIn.Home.File("f.npy")).Span.ToArray());
        Assert.Equal(ff.GetOutput("logits_unbiased").Span.ToArray(), FeatureFile.Read(_standIn.Home.File("l.npy")).Span.ToArray());

        // preprocess: the exact tensor the encoder sees.
        var (e3, _, err3) = CliHarness.Run("preprocess", fake, "--protocol", "tf", "--out", _standIn.Home.File("x.npy"));
        Assert.True(e3 == 0, err3);
        var x = Npy.Read(_standIn.Home.File("x.npy"));
        Assert.Equal(new long[] { 10, 3, 299, 299 }, x.Shape);
        using var src = GenMetrics.Samples.SampleSources.Open(fake);
        Assert.Equal(Protocol.Tf.Preprocess(src.Read(9)), x.ToSingle()[(9 * 3 * 299 * 299)..]);
    }

    [Fact]
    public void Image_input_errors_exit_2_and_name_the_input()
    {
        var real = WriteImages("real.npy", 1, 4, 20, 20);
        var emptyDir = Directory.CreateDirectory(_standIn.Home.File("empty")).FullName;
        var (exit, _, stderr) = CliHarness.Run("eval", real, emptyDir, "--weights", _standIn.Weights);
        Assert.Equal(2, exit);
        Assert.Contains("empty", stderr);

        var badDir = Directory.CreateDirectory(_standIn.Home.File("bad")).FullName;
        File.WriteAllText(Path.Combine(badDir, "broken.png"), "not a png");
        (exit, _, stderr) = CliHarness.Run("eval", real, badDir, "--weights", _standIn.Weights);
        Assert.Equal(2, exit);
        Assert.Contains("broken.png", stderr);

        var feats = _standIn.Home.File("feats.npy");
        Npy.Write(feats, new float[8], 2, 4);
        (exit, _, stderr) = CliHarness.Run("eval", real, feats, "--encoder", "inception", "--weights", _standIn.Weights);
        Assert.Equal(2, exit);
        Assert.Contains("float features", stderr);

        (exit, _, stderr) = CliHarness.Run("eval", real, real, "--protocol", "nope", "--weights", _standIn.Weights);
        Assert.Equal(2, exit);
        Assert.Contains("nope", stderr);
    }

    [Fact]
    public void Random_cnn_encoder_needs_no_weights_and_equals_the_library()
    {
        var real = WriteImages("r.npy", 3, 12, 28, 28);
        var fake = WriteImages("f.npy", 4, 12, 28, 28);
        var json = _standIn.Home.File("rc.json");
        var (exit, _, stderr) = CliHarness.Run("eval", real, fake, "--encoder", "random-cnn:3", "--metrics", "fid,prdc", "--k", "3", "--json", json);
        Assert.True(exit == 0, stderr);
        using var encoder = RandomCnnEncoder.Create(3);
        FeatureMatrix Features(string path) => FeatureExtractor.Extract(path, encoder, new ExtractionOptions { UseCache = false }).Features!;
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.Equal(GenMetrics.Metrics.Fid.Compute(Features(real), Features(fake)), root.GetProperty("metrics").GetProperty("fid").GetDouble(), 9);
        Assert.Equal("random-cnn", root.GetProperty("encoder").GetProperty("name").GetString());
        Assert.Equal("seed=3", root.GetProperty("encoder").GetProperty("variant").GetString());
        Assert.Equal("tf@64", root.GetProperty("protocol").GetString());
        Assert.Equal(128, root.GetProperty("inputs").GetProperty("real").GetProperty("dimension").GetInt32());

        (exit, _, stderr) = CliHarness.Run("eval", real, fake, "--encoder", "random-cnn", "--metrics", "is");
        Assert.Equal(2, exit);
        Assert.Contains("logits", stderr);
        (exit, _, stderr) = CliHarness.Run("eval", real, fake, "--encoder", "random-cnn:x");
        Assert.Equal(2, exit);
        Assert.Contains("random-cnn:x", stderr);
    }

    [Fact]
    public void Onnx_file_encoder_features_equal_the_library_and_bad_options_exit_2()
    {
        var images = WriteImages("o.npy", 5, 6, 40, 30);
        var model = Fixtures.Path("onnxenc", "tiny_encoder.onnx");
        string[] common = ["--input-size", "32", "--mean", "0.48145466,0.4578275,0.40821073", "--std", "0.26862954,0.26130258,0.27577711"];
        var (exit, stdout, stderr) = CliHarness.Run(["features", images, "--encoder", "onnx:" + model, "--out", _standIn.Home.File("of.npy"), .. common]);
        Assert.True(exit == 0, stderr);
        Assert.Contains("onnx[output=image_embeds], protocol torchvision:size=32;mean=0.48145467,0.4578275,0.40821072", stdout);

        var preprocessing = new TorchvisionPreprocessing { Size = 32, Mean = TorchvisionPreprocessing.ClipMean, Std = TorchvisionPreprocessing.ClipStd };
        using var enc = OnnxFileEncoder.Open(model, preprocessing);
        var expected = FeatureExtractor.Extract(images, enc, new ExtractionOptions { UseCache = false }).Features!;
        Assert.Equal(expected.Span.ToArray(), FeatureFile.Read(_standIn.Home.File("of.npy")).Span.ToArray());

        (exit, _, stderr) = CliHarness.Run(["features", images, "--encoder", "onnx:" + model, "--out", _standIn.Home.File("x.npy"), "--mean", "0.5,0.5"]);
        Assert.Equal(2, exit);
        Assert.Contains("--mean", stderr);
        (exit, _, stderr) = CliHarness.Run(["features", images, "--encoder", "onnx:/nonexistent/model.onnx", "--out", _standIn.Home.File("y.npy")]);
        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent/model.onnx", stderr);
    }

    [Fact]
    public void Skip_invalid_drops_a_broken_image_with_a_counted_warning()
    {
        var folder = Directory.CreateDirectory(_standIn.Home.File("mixed")).FullName;
        foreach (var name in new[] { "bilevel.png", "cmyk_q90.jpg", "block_multiple_q90_420.jpg" })
            File.Copy(Fixtures.Path("images", "decode", name), Path.Combine(folder, name));
        File.WriteAllBytes(Path.Combine(folder, "zz_broken.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        var real = WriteImages("sr.npy", 7, 5, 30, 30);
        var json = _standIn.Home.File("skip.json");

        var (exit, _, stderr) = CliHarness.Run("eval", real, folder, "--encoder", "random-cnn", "--json", json);
        Assert.Equal(2, exit);
        Assert.Contains("zz_broken.png", stderr);
        Assert.False(File.Exists(json));

        (exit, _, stderr) = CliHarness.Run("eval", real, folder, "--encoder", "random-cnn", "--skip-invalid", "--json", json);
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(3, doc.RootElement.GetProperty("inputs").GetProperty("generated").GetProperty("count").GetInt32());
        var warnings = doc.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Contains(warnings, w => w.Contains("skipped 1 invalid image(s) of 4") && w.Contains("zz_broken.png"));
        Assert.Contains(warnings, w => w.Contains("lossy"));
    }
}
