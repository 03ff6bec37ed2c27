using GenMetrics.Encoders;
using GenMetrics.Imaging;

namespace GenMetrics.Bench;

/// <summary>
/// LPIPS-alex pairs per second on 64 seeded pairs of 256 x 256 (LPIPS_BENCH_N, LPIPS_BENCH_SIZE), batches of 8:
/// GenMetrics' ONNX graph on ONNX Runtime (2 intra-op threads) against the lpips package (082bb24) on torch
/// (torch.set_num_threads(2)), both with the seeded random AlexNet of parity/make_lpips_fixtures.py (the reference
/// loads it from /tmp/lpips-paired/alexnet_random.pth when present, else torchvision's random init: same cost) and
/// the real v0.1 linear weights.
/// </summary>
internal sealed class LpipsBench : IBench
{
    public string Name => "lpips";

    public void Run()
    {
        int n = BenchFeatures.Env("LPIPS_BENCH_N", 64), size = BenchFeatures.Env("LPIPS_BENCH_SIZE", 256);
        const int batch = 8;
        var dir = Directory.CreateTempSubdirectory("genmetrics-lpipsbench-");
        try
        {
            var pairs = PairedBench.Pairs(n, size, dir.FullName);
            var lin = Path.Combine(BenchUtil.RepoRoot(), "tests", "fixtures", "lpips", "alex.pth");
            var weights = LpipsWeights.From(LpipsNet.Alex, LpipsRandomWeights.Create(LpipsNet.Alex),
                InceptionLoader.StateDict(lin), "random alexnet", lin);
            using var model = LpipsModel.Create(weights, threads: 2, batchSize: batch);
            double[] d = [];
            double t = BenchUtil.Time(() => d = model.Distances(pairs), repeats: 3);
            var py = PairedBench.RunPython("lpips_ref.py", Path.Combine(dir.FullName, "a.npy"), Path.Combine(dir.FullName, "b.npy"),
                PairedBench.Text(batch), PairedBench.Refs, lin, "/tmp/lpips-paired/alexnet_random.pth");
            double tp = py.GetProperty("seconds").GetDouble();
            Console.WriteLine($"LPIPS-alex, {n} pairs {size} x {size}, batch {batch}: GenMetrics {n / t:F1} pairs/s ({t:F2} s), " +
                              $"lpips {n / tp:F1} pairs/s ({tp:F2} s); ratio {tp / t:F2}x; mean {d.Average():R} vs {py.GetProperty("mean").GetDouble():R} " +
                              $"(same weights: {py.GetProperty("same_weights").GetBoolean()})");
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
