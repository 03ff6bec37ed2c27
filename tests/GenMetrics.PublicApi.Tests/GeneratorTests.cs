using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Samples;

namespace GenMetrics.PublicApi.Tests;

/// <summary>An ONNX generator from outside the library: its samples through the extractor and a set metric, written and read back.</summary>
public class GeneratorTests
{
    private static string Model => Path.Combine(TestData.RepoRoot, "tests", "fixtures", "generator", "tiny_cond.onnx");

    [Fact]
    public void Generator_samples_go_through_the_extractor_and_score_as_their_written_copy()
    {
        using var dir = new TempFolder();
        var folder = dir.File("samples");
        using var encoder = EncoderRegistry.Open("random-cnn");
        var options = new ExtractionOptions { UseCache = false };
        using var a = OnnxGenerator.Open(Model, new GeneratorOptions { NumSamples = 24, NumClasses = 5 });
        using var b = OnnxGenerator.Open(Model, new GeneratorOptions { NumSamples = 24, NumClasses = 5, Seed = 1 });
        using var samples = a.Samples();
        Assert.Equal(24, SampleWriter.Write(samples, folder));
        var fromGenerator = FeatureExtractor.Extract(samples, encoder, options);
        var fromFolder = FeatureExtractor.Extract(folder, encoder, options);
        using var other = b.Samples();
        var real = FeatureExtractor.Extract(other, encoder, options);
        double direct = Evaluator.Evaluate(new EvaluationSet { Real = real, Generated = fromGenerator, Generator = a }, "fid")["fid"]!.Value;
        double written = Evaluator.Evaluate(new EvaluationSet { Real = real, Generated = fromFolder }, "fid")["fid"]!.Value;
        Assert.Equal(direct, written);
        Assert.True(direct > 0);
    }
}
