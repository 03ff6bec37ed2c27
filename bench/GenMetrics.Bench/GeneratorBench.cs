using System.Diagnostics;
using System.Globalization;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Samples;

namespace GenMetrics.Bench;

/// <summary>
/// Generator samples/s end to end (issue 11): the conditional tiny generator of tests/fixtures/generator sampled as
/// torch-fidelity samples it, its images through the FID InceptionV3 (seeded random weights: the real network's cost)
/// to the Inception Score, against torch-fidelity's calculate_metrics(isc=True) on the same torch module
/// (bench/python/generator_ref.py). The generator is cheap: this measures the sampling and encoding pipeline.
/// GENERATOR_BENCH_N samples (default 512); the reference needs /tmp/inception_random.pth
/// (parity/make_inception_fixtures.py) and a torch-fidelity checkout (TORCH_FIDELITY_REPO, default /tmp/tfid).
/// </summary>
internal sealed class GeneratorBench : IBench
{
    public string Name => "generator";

    public void Run()
    {
        int n = BenchFeatures.Env("GENERATOR_BENCH_N", 512);
        var model = Path.Combine(BenchUtil.RepoRoot(), "tests", "fixtures", "generator", "tiny_cond.onnx");
        var home = Directory.CreateTempSubdirectory("genmetrics-generatorbench-");
        try
        {
            using var inception = FidInceptionV3.Create(RandomInceptionWeights.Create(), cacheHome: home.FullName);
            double isMean = 0;
            var sw = Stopwatch.StartNew();
            using (var g = OnnxGenerator.Open(model, new GeneratorOptions { NumSamples = n, NumClasses = 5 }))
            using (var samples = g.Samples())
            {
                var set = FeatureExtractor.Extract(samples, inception, new ExtractionOptions { UseCache = false });
                isMean = Evaluator.Evaluate(new EvaluationSet { Generated = set }, "is")["is_mean"]!.Value;
            }
            double ours = sw.Elapsed.TotalSeconds;
            Console.WriteLine($"GenMetrics: {n} samples in {ours:F1} s ({n / ours:F1} samples/s), is_mean {isMean:R}");
            const string weights = "/tmp/inception_random.pth";
            if (!File.Exists(weights))
            {
                Console.WriteLine($"reference skipped: {weights} missing (run parity/make_inception_fixtures.py)");
                return;
            }
            var py = BenchUtil.RunPython("generator_ref.py", n.ToString(CultureInfo.InvariantCulture), weights).Trim().Split('\n')[^1].Split(' ');
            double theirs = double.Parse(py[0], CultureInfo.InvariantCulture);
            Console.WriteLine($"torch-fidelity: {n} samples in {theirs:F1} s ({n / theirs:F1} samples/s), is_mean {py[2]}");
            Console.WriteLine($"| generator → Inception → IS, tiny_cond 80 x 72, N={n} | {Environment.ProcessorCount} cores | {n / ours:F1} samples/s | torch-fidelity {n / theirs:F1} samples/s | {theirs / ours:F2}x |");
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }
}
