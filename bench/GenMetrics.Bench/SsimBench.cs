using System.Diagnostics;
using GenMetrics.Imaging;
using GenMetrics.Metrics.Paired;

namespace GenMetrics.Bench;

/// <summary>
/// SSIM (piq convention) on 1,000 pairs of 512 x 512 RGB (50 seeded pairs, 20 passes; SSIM_BENCH_PASSES) in memory,
/// x / 255 conversion included on both sides: GenMetrics on 2 threads (pairs in parallel, float64 SIMD) against
/// piq 9948a52's <c>ssim</c> on torch (2 threads) in float32 and float64, batches of 50. Set PAIRED_REFS to the
/// folder with the piq checkout (parity/paired_refs.py; default /tmp/refs-paired).
/// </summary>
internal sealed class SsimBench : IBench
{
    public string Name => "ssim";

    public void Run()
    {
        int passes = BenchFeatures.Env("SSIM_BENCH_PASSES", 20);
        var dir = Directory.CreateTempSubdirectory("genmetrics-ssimbench-");
        try
        {
            var distinct = PairedBench.Pairs(50, 512, dir.FullName);
            var pairs = new List<(RgbImage A, RgbImage B)>();
            for (int p = 0; p < passes; p++) pairs.AddRange(distinct);
            double mean = 0;
            double t2 = BenchUtil.Time(() => mean = PairedScores.Mean(PairedScores.Evaluate(pairs, (a, b) => Ssim.Compute(a, b), threads: 2)), repeats: 3);
            double t1 = BenchUtil.Time(() => PairedScores.Evaluate(distinct, (a, b) => Ssim.Compute(a, b), threads: 1), repeats: 3) * passes;
            var py = PairedBench.RunPython("ssim_ref.py", Path.Combine(dir.FullName, "a.npy"), Path.Combine(dir.FullName, "b.npy"),
                PairedBench.Text(passes), PairedBench.Refs);
            double p32 = py.GetProperty("seconds_float32").GetDouble(), p64 = py.GetProperty("seconds_float64").GetDouble();
            int n = pairs.Count;
            Console.WriteLine($"SSIM (piq), {n} pairs 512 x 512: GenMetrics {t2:F2} s on 2 threads ({n / t2:F0} pairs/s; 1 thread {t1:F2} s), " +
                              $"piq float32 {p32:F2} s ({n / p32:F0} pairs/s), float64 {p64:F2} s; ratio {p32 / t2:F2}x (float32), {p64 / t2:F2}x (float64); " +
                              $"mean SSIM {mean:R} vs piq float64 {py.GetProperty("mean_float64").GetDouble():R}, float32 {py.GetProperty("mean_float32").GetDouble():R}");
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
