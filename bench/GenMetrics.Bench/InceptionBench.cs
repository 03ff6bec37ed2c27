using System.Diagnostics;
using GenMetrics.Encoders;

namespace GenMetrics.Bench;

/// <summary>
/// FID InceptionV3 inference throughput on ONNX Runtime (CPU), images/s at batch 16 (INCEPTION_BENCH_BATCH), with
/// the seeded random weights (the graph and cost are the real network's). The reference point: 12.5 images/s
/// for the bare ORT model at batch 16 on 2 cores. The model is built in a temporary GENMETRICS_HOME.
/// </summary>
internal sealed class InceptionBench : IBench
{
    public string Name => "inception";

    public void Run()
    {
        int batch = BenchFeatures.Env("INCEPTION_BENCH_BATCH", 16);
        int repeats = BenchFeatures.Env("INCEPTION_BENCH_REPEATS", 3);
        var home = Directory.CreateTempSubdirectory("genmetrics-inceptionbench-");
        try
        {
            var weights = RandomInceptionWeights.Create();
            var sw = Stopwatch.StartNew();
            using (FidInceptionV3.Create(weights, cacheHome: home.FullName)) { }
            Console.WriteLine($"build + serialise + session (cold cache): {sw.Elapsed.TotalSeconds:F2} s");
            sw.Restart();
            using var model = FidInceptionV3.Create(weights, batchSize: batch, cacheHome: home.FullName);
            Console.WriteLine($"session from cache: {sw.Elapsed.TotalSeconds:F2} s (from cache: {model.LoadedFromCache})");
            var one = RandomInceptionWeights.Images(1);
            var images = new float[batch * one.Length];
            for (int i = 0; i < batch; i++) one.CopyTo(images, i * one.Length);
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            double best = BenchUtil.Time(() => model.EncodeAll(images, batch), repeats);
            // CPU seconds per image over all runs (warm-up included): less sensitive to other load on shared cores.
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds / (batch * (repeats + 1));
            Console.WriteLine($"CPU time: {cpu:F3} s/image (on {Environment.ProcessorCount} cores: at most {Environment.ProcessorCount / cpu:F1} images/s if they were free)");
            Console.WriteLine($"| FID InceptionV3 ONNX Runtime, batch {batch} | {Environment.ProcessorCount} cores | {best:F2} s/batch | {batch / best:F1} images/s | reference bare ORT 12.5 images/s |");
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }
}
