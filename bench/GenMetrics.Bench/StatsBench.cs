using GenMetrics.Formats;
using System.Globalization;
using GenMetrics.Metrics;

namespace GenMetrics.Bench;

/// <summary>
/// Mean and covariance of N x d float32 features (default 50000 x 2048) against numpy's np.mean + np.cov on the same
/// float32 array (as torch-fidelity computes them). Smaller: STATS_BENCH_N=10000 STATS_BENCH_D=512; BENCH_NO_PYTHON=1 skips numpy.
/// </summary>
internal sealed class StatsBench : IBench
{
    public string Name => "stats";

    public void Run()
    {
        int n = BenchFeatures.Env("STATS_BENCH_N", 50000);
        int d = BenchFeatures.Env("STATS_BENCH_D", 2048);
        var x = BenchFeatures.Create(3, n, d);
        GaussianStats? s = null;
        double ours = BenchUtil.Time(() => s = Fid.Summarize(x), repeats: 1);
        double trace = 0;
        for (int i = 0; i < d; i++) trace += s!.Covariance[i * d + i];
        Console.WriteLine($"GenMetrics Summarize {n} x {d}: {ours:F3} s  ({(double)n * d * (d + 1) / ours / 1e9:F1} GFLOP/s)  trace={trace:R}");
        if (Environment.GetEnvironmentVariable("BENCH_NO_PYTHON") == "1") return;
        var dir = Directory.CreateTempSubdirectory("genmetrics-statsbench-");
        try
        {
            Npy.Write(Path.Combine(dir.FullName, "x.npy"), x.Span, n, d);
            var outp = BenchUtil.RunPython("fid_ref.py", "stats", dir.FullName).Trim();
            Console.WriteLine("python: " + outp);
            double np = double.Parse(outp.Split(' ')[0], CultureInfo.InvariantCulture);
            Console.WriteLine($"| stats {n} x {d} | {Environment.ProcessorCount} cores | GenMetrics {ours:F3} s | numpy mean+cov {np:F3} s ({np / ours:F1}x) |");
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
