using System.Diagnostics;
using System.Globalization;
using GenMetrics.Formats;
using GenMetrics.Metrics;

namespace GenMetrics.Bench;

/// <summary>
/// MIND, Vendi and FD-infinity at N = SIZE per set (default 10000), d = 2048, with their defaults. MIND against
/// torch-fidelity's mind_features_to_metric (torch, 2 threads; TORCH_FIDELITY_DIR, default /tmp/refs/memo1/tf) and
/// Vendi against Vendi-Score's score_dual (numpy float64; VENDI_DIR, default /tmp/refs/memo1/vendi), same features,
/// same run. FD-infinity is timed alone (dgm-eval's 15 scipy sqrtm calls at d = 2048 take minutes).
/// Usage: <c>-- memo [SIZE]</c>.
/// </summary>
internal sealed class MemoBench : IBench
{
    public string Name => "memo";

    public void Run()
    {
        var args = Environment.GetCommandLineArgs();
        int at = Array.FindIndex(args, a => a.Equals("memo", StringComparison.OrdinalIgnoreCase));
        int n = at >= 0 && args.Length > at + 1 ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 10000;
        const int d = 2048;
        var real = BenchFeatures.Create(1, n, d);
        var fake = BenchFeatures.Create(2, n, d, shift: 0.05f);
        MindResult mind = null!;
        VendiResult vendi = null!;
        FdInfResult fdInf = null!;
        double tMind = BenchUtil.Time(() => mind = Mind.Compute(real, fake), repeats: 2);
        if (Environment.GetEnvironmentVariable("MEMO_BENCH_MIND_ONLY") == "1")
        {
            // One chunk of directions on one thread: projection (GEMM) and sorting, in CPU seconds.
            var u = Mind.Directions(new GenMetrics.Numerics.TorchGenerator(2020), Mind.DirectionChunk, d);
            var p = new double[Mind.DirectionChunk * n];
            double tProject = BenchUtil.Time(() => Mind.Project(fake, u, Mind.DirectionChunk, p));
            double tSort = BenchUtil.Time(() =>
            {
                var q = (double[])p.Clone();
                var scratch = new ulong[2 * n];
                for (int j = 0; j < Mind.DirectionChunk; j++) GenMetrics.Numerics.RadixSort.Sort(q.AsSpan(j * n, n), scratch);
            });
            Console.WriteLine($"one chunk of {Mind.DirectionChunk} directions, one set: project {tProject:F3} s " +
                              $"({2.0 * Mind.DirectionChunk * n * d / tProject / 1e9:F1} GFLOP/s), sort {tSort:F3} s");
            Console.WriteLine($"ours: MIND {tMind:F2} s ({mind.Value:R})");
            return;
        }
        double tVendi = BenchUtil.Time(() => vendi = Vendi.Compute(fake), repeats: 2);
        var sw = Stopwatch.StartNew();
        fdInf = FdInfinity.Compute(real, fake);
        double tFdInf = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"ours: MIND {tMind:F2} s ({mind.Value:R}), Vendi {tVendi:F2} s ({vendi.Score:R}), FD-inf {tFdInf:F2} s, one run ({fdInf.Value:R})");
        var dir = Path.Combine(Path.GetTempPath(), "genmetrics-memo-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            string rp = Path.Combine(dir, "real.npy"), fp = Path.Combine(dir, "fake.npy");
            Npy.Write(rp, real.Span, real.Rows, real.Columns);
            Npy.Write(fp, fake.Span, fake.Rows, fake.Columns);
            var tf = Environment.GetEnvironmentVariable("TORCH_FIDELITY_DIR") ?? "/tmp/refs/memo1/tf";
            var vd = Environment.GetEnvironmentVariable("VENDI_DIR") ?? "/tmp/refs/memo1/vendi";
            var m = BenchUtil.RunPython("memo_ref.py", "mind", rp, fp, tf).Trim().Split(' ');
            var v = BenchUtil.RunPython("memo_ref.py", "vendi", fp, vd).Trim().Split(' ');
            double tm = double.Parse(m[0], CultureInfo.InvariantCulture), tv = double.Parse(v[0], CultureInfo.InvariantCulture);
            double relM = Math.Abs(double.Parse(m[1], CultureInfo.InvariantCulture) - mind.Value) / mind.Value;
            double relV = Math.Abs(double.Parse(v[1], CultureInfo.InvariantCulture) - vendi.Score) / vendi.Score;
            Console.WriteLine($"| MIND N=M={n} d={d} M=1000 | {tMind:F2} s | torch-fidelity {tm:F2} s | **{tm / tMind:F1}x** | values equal to {relM:E1} |");
            Console.WriteLine($"| Vendi q=1 N={n} d={d} | {tVendi:F2} s | Vendi-Score score_dual {tv:F2} s | **{tv / tVendi:F1}x** | values equal to {relV:E1} |");
            Console.WriteLine($"| FD-infinity N=M={n} d={d}, 15 points | {tFdInf:F2} s (one run) | not run | | 15 covariances of 1000..{n} rows + 15 exact FIDs |");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
