using GenMetrics.Evaluation;
using GenMetrics.Protocols;
using GenMetrics.Samples;
using GenMetrics.Tests.Encoders;
using GenMetrics.Tests.Samples;
using GenMetrics.Tests.Support;
using Xunit.Abstractions;

namespace GenMetrics.Tests.Evaluation;

/// <summary>
/// FID and IS of a generator's samples, straight from the generator, against torch-fidelity's
/// <c>calculate_metrics(input1=GenerativeModelModuleWrapper(...), input2=Fashion-MNIST)</c> on the same module
/// (parity/make_generator_fixtures.py): the conditional tiny generator, 80 samples (latent blocks of 64 and 16, each
/// followed by its labels), the seeded random FID Inception weights, the tf protocol.
/// </summary>
public class GeneratorMetricsParityTests(InceptionFixture f, ITestOutputHelper output) : IClassFixture<InceptionFixture>
{
    [Fact]
    public void Fid_and_is_of_generator_samples_equal_torch_fidelitys_calculate_metrics()
    {
        var m = GeneratorFixture.Json.GetProperty("metrics");
        f.Model.Protocol = Protocol.Tf;
        var options = new ExtractionOptions { UseCache = false };
        using var g = OnnxGenerator.Open(GeneratorFixture.Conditional, new GeneratorOptions { NumSamples = 80, NumClasses = 5 });
        using var samples = g.Samples();
        var generated = FeatureExtractor.Extract(samples, f.Model, options);
        using var fashion = SampleSources.Open(Path.Combine(Fixtures.RepoRoot, "samples", "fashion-mnist", "train-images-idx3-ubyte.gz"));
        var real = FeatureExtractor.Extract(fashion, f.Model, options with { Samples = new SampleSelection(80) });
        var result = Evaluator.Evaluate(new EvaluationSet { Real = real, Generated = generated, Generator = g }, "fid", "is");

        foreach (var (key, json, tolerance) in new[] { ("fid", "fid", 1e-5), ("is_mean", "is_mean", 1e-5), ("is_std", "is_std", 1e-5) })
        {
            double got = result[key]!.Value, want = m.GetProperty(json).GetDouble();
            output.WriteLine($"{key}: {got:R} vs torch-fidelity {want:R} (rel {Math.Abs(got - want) / Math.Abs(want):g3})");
            Assert.True(Math.Abs(got - want) <= tolerance * Math.Abs(want), $"{key} {got:R}, torch-fidelity {want:R}");
        }
        var input = result.Inputs.Single(i => i.Role == "generated");
        Assert.Contains(input.Provenance.Generator!, s => s.Name == "num_classes" && (long)s.Value == 5);
    }
}
