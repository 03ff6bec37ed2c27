using GenMetrics.Formats;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using GenMetrics.Metrics;

namespace GenMetrics.Bench;

/// <summary>
/// PRDC (k = 5) at N = M = SIZE, d = 2048 (default 10000): GenMetrics against clovaai prdc's compute_prdc on the same
/// float32 features (written to a temporary .npy). The reference is skipped above 20000 samples (it holds three dense
/// N x N float64 matrices). Usage: <c>-- prdc [SIZE [D]]</c>; set PRDC_REPO to a checkout of
/// clovaai/generative-evaluation-prdc.
/// </summary>
internal sealed class PrdcBench : IBench
{
    public string Name => "prdc";

    public void Run()
    {
        var args = Environment.GetCommandLineArgs();
        int at = Array.FindIndex(args, a => a.Equals("prdc", StringComparison.OrdinalIgnoreCase));
        int n = at >= 0 && args.Length > at + 1 ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 10000;
        int d = at >= 0 && args.Length > at + 2 ? int.Parse(args[at + 2], CultureInfo.InvariantCulture) : 2048;
        var real = Features(1, n, d, 0f);
        var fake = Features(2, n, d, 0.05f);
        var proc = Process.GetCurrentProcess();
        var cpu0 = proc.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var r = Prdc.Compute(real, fake);
        double ours = sw.Elapsed.TotalSeconds;
        proc.Refresh();
        double oursCpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
        long peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine($"ours: {ours:F2} s ({oursCpu:F2} CPU s), peak working set {peak / 1e9:F2} GB (features {2.0 * n * d * 4 / 1e9:F2} GB); " +
                          $"P={r.Precision} R={r.Recall} D={r.Density} C={r.Coverage}");
        if (Environment.GetEnvironmentVariable("PRDC_BENCH_PHASES") == "1") Phases(real, fake);
        if (n > 20000)
        {
            Console.WriteLine("reference skipped (N > 20000)");
            return;
        }
        var dir = Path.Combine(Path.GetTempPath(), "genmetrics-prdc-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            Npy.Write(Path.Combine(dir, "real.npy"), real.Span, real.Rows, real.Columns);
            Npy.Write(Path.Combine(dir, "fake.npy"), fake.Span, fake.Rows, fake.Columns);
            var py = BenchUtil.RunPython("prdc_ref.py", Path.Combine(dir, "real.npy"), Path.Combine(dir, "fake.npy"), "5").Trim();
            Console.WriteLine("prdc: " + py);
            var f = py.Split(' ');
            double theirs = double.Parse(f[0], CultureInfo.InvariantCulture);
            double theirsCpu = double.Parse(f[^1], CultureInfo.InvariantCulture);
            // On a shared machine the CPU-second ratio is the steadier one (prdc runs up to 8 x 2 threads).
            Console.WriteLine($"| prdc N=M={n} d={d} k=5 | {ours:F2} s | {theirs:F2} s | {theirs / ours:F1}x | " +
                              $"CPU {oursCpu:F1} s vs {theirsCpu:F1} s ({theirsCpu / oursCpu:F1}x) | peak {peak / 1e9:F2} GB vs {f[5]} GB |");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>Times the engine's phases separately and counts the float64 rechecks.</summary>
    private static void Phases(FeatureMatrix real, FeatureMatrix fake)
    {
        int n = real.Rows, m = fake.Rows, d = real.Columns;
        var w = GenMetrics.Numerics.Simd.Best;
        var sw = Stopwatch.StartNew();
        var rs = GenMetrics.Numerics.Knn.SquaredNorms(real.Span, n, d, "real");
        var fs = GenMetrics.Numerics.Knn.SquaredNorms(fake.Span, m, d, "fake");
        double tNorms = sw.Elapsed.TotalSeconds;
        var proc = Process.GetCurrentProcess();
        var cpu0 = proc.TotalProcessorTime;
        sw.Restart();
        var rr = GenMetrics.Numerics.Knn.KthSquaredDistances(w, real.Memory, n, d, 5, rs);
        double tRadii = sw.Elapsed.TotalSeconds;
        proc.Refresh();
        double cpuRadii = (proc.TotalProcessorTime - cpu0).TotalSeconds;
        if (n <= 6000)
        {
            var cbuf = new float[(long)n * n];
            sw.Restart();
            GenMetrics.Numerics.Gemm.MultiplyAAt(w, real.Span, n, d, cbuf, n);
            Console.WriteLine($"plain A·Aᵀ of the same set: {sw.Elapsed.TotalSeconds:F2} s");
        }
        var fr = GenMetrics.Numerics.Knn.KthSquaredDistances(w, fake.Memory, m, d, 5, fs);
        proc.Refresh();
        cpu0 = proc.TotalProcessorTime;
        sw.Restart();
        var c = GenMetrics.Numerics.Knn.Cross(w, real.Memory, n, rs, rr, fake.Memory, m, fs, fr, d, GenMetrics.Numerics.BallRule.Strict);
        double tCross = sw.Elapsed.TotalSeconds;
        proc.Refresh();
        double cpuCross = (proc.TotalProcessorTime - cpu0).TotalSeconds;
        Console.WriteLine($"CPU seconds: radii (one set) {cpuRadii:F2}, cross {cpuCross:F2}");
        Console.WriteLine($"phases ({w}): norms {tNorms:F2} s, radii (one set, {n * (double)n * d / tRadii / 1e9:F0} GFLOP/s) {tRadii:F2} s, " +
                          $"cross {tCross:F2} s ({2.0 * n * m * d / tCross / 1e9:F0} GFLOP/s), rechecks {c.Rechecks} of {(long)n * m} pairs");
    }

    /// <summary>Gaussian-like features (sum of four uniforms) with a shared low-rank part, as parity/synthetic.py.</summary>
    private static FeatureMatrix Features(int seed, int n, int d, float shift)
    {
        var x = new float[(long)n * d];
        Parallel.For(0, (n + 999) / 1000, b =>
        {
            var rng = new Random(seed * 100003 + b);
            Span<float> l = stackalloc float[8];
            for (int i = b * 1000; i < Math.Min(n, b * 1000 + 1000); i++)
            {
                for (int q = 0; q < 8; q++) l[q] = G(rng);
                for (int j = 0; j < d; j++) x[(long)i * d + j] = G(rng) + 0.5f * l[j % 8] + shift;
            }
        });
        return new FeatureMatrix(x, n, d, $"bench(seed={seed})");

        static float G(Random r) => (float)(r.NextDouble() + r.NextDouble() + r.NextDouble() + r.NextDouble() - 2);
    }
}
