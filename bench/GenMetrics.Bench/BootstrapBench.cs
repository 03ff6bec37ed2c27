using System.Diagnostics;
using GenMetrics.Evaluation;
using GenMetrics.Metrics;
using GenMetrics.Reports;

namespace GenMetrics.Bench;

/// <summary>
/// Cost of FID bootstrap intervals at N = BOOT_BENCH_N per set (10000), d = BOOT_BENCH_D (2048), B = BOOT_BENCH_B (100):
/// one FID from features (both covariances and the exact trace), the bootstrap through multiplicity weights (real set
/// fixed), a few replicates the plain way (copied rows, covariance, FID) and with the real set resampled too, in the
/// same run. Wall and process CPU seconds (the machine may be shared). No reference project has a bootstrap.
/// </summary>
internal sealed class BootstrapBench : IBench
{
    public string Name => "bootstrap";

    public void Run()
    {
        int n = BenchFeatures.Env("BOOT_BENCH_N", 10000), d = BenchFeatures.Env("BOOT_BENCH_D", 2048), b = BenchFeatures.Env("BOOT_BENCH_B", 100);
        int few = BenchFeatures.Env("BOOT_BENCH_FEW", 3);
        var realX = BenchFeatures.Create(1, n, d);
        var genX = BenchFeatures.Create(2, n, d, shift: 0.05f);
        var (one, oneCpu) = Measure(() => Fid.Compute(realX, genX));
        Console.WriteLine($"one FID from features (N={n}, d={d}): {one:F2} s wall, {oneCpu:F2} s CPU");

        var real = FeatureSet.FromFeatures(realX);
        var gen = FeatureSet.FromFeatures(genX);
        _ = real.Statistics();
        _ = gen.Statistics();
        var set = new EvaluationSet { Real = real, Generated = gen };
        IMetric[] fid = [new FidMetric()];
        EvaluationResult r = null!;
        var (boot, bootCpu) = Measure(() => r = Evaluator.Evaluate(set, fid, new BootstrapOptions(b)));
        var fidTime = r.TimingSeconds.First(t => t.Key == "fid").Value;
        Console.WriteLine($"FID + bootstrap B={b} through weights (statistics already computed): {boot:F2} s wall ({boot / b:F2} s per replicate incl. setup), " +
                          $"{bootCpu:F2} s CPU; interval [{r.Interval("fid")!.Lower:R}, {r.Interval("fid")!.Upper:R}] around {r["fid"]:R} (point FID {fidTime:F2} s of it)");

        var (copies, copiesCpu) = Measure(() =>
        {
            var rng = new GenMetrics.Numerics.RandomState(2020);
            var ig = new int[n];
            var realStats = real.Statistics();
            for (int i = 0; i < few; i++)
            {
                Bootstrap.Draw(rng, ig);
                _ = Fid.FromStats(realStats, Fid.Summarize(genX.SelectRows(ig)));
            }
        });
        Console.WriteLine($"plain replicates (copied rows, covariance, FID): {copies / few:F2} s wall, {copiesCpu / few:F2} s CPU per replicate");

        var (both, bothCpu) = Measure(() => Evaluator.Evaluate(set, fid, new BootstrapOptions(few, ResampleReal: true)));
        Console.WriteLine($"--bootstrap-real (weighted statistics of both, exact trace): {(both - fidTime) / few:F2} s wall per replicate, {bothCpu / few:F2} s CPU per replicate (point FID included)");
    }

    private static (double Wall, double Cpu) Measure(Action action)
    {
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        action();
        double wall = sw.Elapsed.TotalSeconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpu0).TotalSeconds);
    }
}
