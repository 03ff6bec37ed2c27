using System.Text.Json;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Imaging;
using GenMetrics.Metrics;
using GenMetrics.Samples;
using GenMetrics.Tests.Cli;
using GenMetrics.Tests.Support;
using Xunit.Abstractions;

namespace GenMetrics.Tests.ClassAware;

/// <summary>The pixels encoder (exact values at the images' own size, a resize otherwise) and the Parzen-window likelihood on Fashion-MNIST pixels.</summary>
public class PixelsParzenTests(ITestOutputHelper output)
{
    private static string Dir => Path.Combine(Fixtures.RepoRoot, "samples", "fashion-mnist");

    [Fact]
    public void Pixels_are_the_values_over_255_channel_by_channel_and_resized_to_another_side()
    {
        var px = new byte[4 * 4 * 3];
        for (int i = 0; i < px.Length; i++) px[i] = (byte)(i * 5);
        var image = new RgbImage(4, 4, px, "img");
        using var encoder = EncoderRegistry.Open("pixels:4");
        Assert.Equal("pixels[size=4]", encoder.Id.DisplayName);
        Assert.Equal(48, encoder.Outputs[0].Dimension);
        var f = FeatureExtractor.Extract(SampleSources.FromImages([image, image]), encoder, new ExtractionOptions { UseCache = false }).Features!;
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < 16; i++) Assert.Equal(px[3 * i + c] / 255f, f.Row(1)[c * 16 + i]);
        using var half = EncoderRegistry.Open("pixels:2");
        var g = FeatureExtractor.Extract(SampleSources.FromImages([image]), half, new ExtractionOptions { UseCache = false }).Features!;
        Assert.Equal(12, g.Columns);
        Assert.All(g.Span.ToArray(), v => Assert.InRange(v, 0f, 1f));
        Assert.Equal("encoder", Assert.Throws<InputException>(() => EncoderRegistry.Open("pixels")).Setting);
        Assert.Contains("must be an integer from 1 to 1024", Assert.Throws<InputException>(() => EncoderRegistry.Open("pixels:0")).Message);
    }

    [Fact]
    public void Parzen_on_pixels_is_higher_for_the_test_set_than_for_noisy_images()
    {
        using var encoder = EncoderRegistry.Open("pixels:28");
        var options = new ExtractionOptions { UseCache = false };
        var train = FeatureExtractor.Extract(Path.Combine(Dir, "train-images-idx3-ubyte.gz"), encoder, options);
        using var testSource = SampleSources.Open(Path.Combine(Dir, "t10k-images-idx3-ubyte.gz"));
        var images = Enumerable.Range(0, 500).Select(testSource.Read).ToList();
        var test = FeatureExtractor.Extract(SampleSources.FromImages(images, "t10k[:500]"), encoder, options);
        var noisy = FeatureExtractor.Extract(SampleSources.FromImages(GaussianNoise.AddToGrey(images, 64, seed: 3), "t10k[:500] + noise"), encoder, options);
        var metric = new ParzenMetric(new ParzenOptions(Validation: 200));
        double clean = Evaluator.Evaluate(new EvaluationSet { Real = test, Generated = train }, [metric])["parzen_ll"]!.Value;
        double withNoise = Evaluator.Evaluate(new EvaluationSet { Real = noisy, Generated = train }, [metric])["parzen_ll"]!.Value;
        output.WriteLine($"parzen_ll of the test set under a window on the train images: {clean:F1}; of noisy test images: {withNoise:F1}");
        Assert.True(clean > withNoise + 100, $"{clean} vs {withNoise}");
    }

    [Fact]
    public void The_cli_takes_the_first_images_side_for_bare_pixels()
    {
        using var dir = Fixtures.TempDir();
        var json = dir.File("p.json");
        var (exit, _, stderr) = CliHarness.Run("eval", Path.Combine(Dir, "t10k-images-idx3-ubyte.gz"), Path.Combine(Dir, "train-images-idx3-ubyte.gz"),
            "--encoder", "pixels", "-m", "parzen_ll", "-n", "300", "--no-cache", "-o", json);
        Assert.True(exit == 0, stderr);
        Assert.Contains("warning: parzen_ll: Theis et al. 2016", stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal("pixels", doc.RootElement.GetProperty("encoder").GetProperty("name").GetString());
        Assert.Equal(2352, doc.RootElement.GetProperty("inputs").GetProperty("real").GetProperty("dimension").GetInt32());
        Assert.Equal(150, doc.RootElement.GetProperty("details").GetProperty("parzen_ll").GetProperty("validation_samples").GetInt32());
    }

    [Fact]
    public void Pixels_size_resizes_as_the_encoder_argument_does_and_belongs_to_pixels_only()
    {
        using var dir = Fixtures.TempDir();
        string real = Path.Combine(Dir, "t10k-images-idx3-ubyte.gz"), fake = Path.Combine(Dir, "train-images-idx3-ubyte.gz");
        double Parzen(params string[] encoder)
        {
            var json = dir.File($"p{encoder.Length}.json");
            var (exit, _, stderr) = CliHarness.Run(["eval", real, fake, .. encoder, "-m", "parzen_ll", "-n", "200", "--no-cache", "-o", json]);
            Assert.True(exit == 0, stderr);
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            Assert.Equal(3 * 14 * 14, doc.RootElement.GetProperty("inputs").GetProperty("real").GetProperty("dimension").GetInt32());
            return doc.RootElement.GetProperty("metrics").GetProperty("parzen_ll").GetDouble();
        }
        Assert.Equal(Parzen("--encoder", "pixels:14"), Parzen("--encoder", "pixels", "--pixels-size", "14"));
        var (code, _, err) = CliHarness.Run("eval", real, fake, "--encoder", "random-cnn", "--pixels-size", "14", "-m", "parzen_ll");
        Assert.Equal(2, code);
        Assert.Contains("--pixels-size: applies to --encoder pixels, not --encoder random-cnn", err);
    }
}
