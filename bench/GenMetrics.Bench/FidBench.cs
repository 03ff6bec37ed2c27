using GenMetrics.Formats;
using System.Diagnostics;
using System.Globalization;
using GenMetrics.Metrics;

namespace GenMetrics.Bench;

/// <summary>
/// Fréchet distance from two d-dimensional statistics (default d = 2048, N = 2500 per set), against scipy's sqrtm
/// (pytorch-fid) and numpy's eigvals (torch-fidelity) on the same matrices. Smaller: FID_BENCH_D=512 (N defaults to 1.25 d; FID_BENCH_N=1000 gives singular covariances); BENCH_NO_PYTHON=1 skips the references.
/// </summary>
internal sealed class FidBench : IBench
{
    public string Name => "fid";

    public void Run()
    {
        int d = BenchFeatures.Env("FID_BENCH_D", 2048);
        int n = BenchFeatures.Env("FID_BENCH_N", d + d / 4);
        var a = Fid.Summarize(BenchFeatures.Create(1, n, d));
        var b = Fid.Summarize(BenchFeatures.Create(2, n, d, shift: 0.05f, factor: 0.7f));
        var first = Stopwatch.StartNew();
        double fid = Fid.FromStats(a, b);
        Console.WriteLine($"GenMetrics FromStats d={d}, first call (JIT included): {first.Elapsed.TotalSeconds:F3} s");
        double ours = BenchUtil.Time(() => fid = Fid.FromStats(a, b), repeats: 3);
        Console.WriteLine($"GenMetrics FromStats d={d}: {ours:F3} s  fid={fid:R}");
        if (Environment.GetEnvironmentVariable("BENCH_NO_PYTHON") == "1") return;
        var dir = Directory.CreateTempSubdirectory("genmetrics-fidbench-");
        try
        {
            Npy.Write(Path.Combine(dir.FullName, "mu1.npy"), a.Mean, d);
            Npy.Write(Path.Combine(dir.FullName, "mu2.npy"), b.Mean, d);
            Npy.Write(Path.Combine(dir.FullName, "s1.npy"), a.Covariance, d, d);
            Npy.Write(Path.Combine(dir.FullName, "s2.npy"), b.Covariance, d, d);
            var outp = BenchUtil.RunPython("fid_ref.py", "fid", dir.FullName).Trim();
            Console.WriteLine("python: " + outp);
            var parts = outp.Split(' ');
            double sqrtm = double.Parse(parts[0], CultureInfo.InvariantCulture), eig = double.Parse(parts[2], CultureInfo.InvariantCulture);
            Console.WriteLine($"| fid d={d} from stats | {Environment.ProcessorCount} cores | GenMetrics {ours:F3} s | scipy sqrtm {sqrtm:F3} s ({sqrtm / ours:F1}x) | numpy eigvals {eig:F3} s ({eig / ours:F1}x) |");
        }
        finally
        {
            dir.Delete(true);
        }
    }
}

/// <summary>Where FromStats spends its time: each stage of tr sqrt(S1 S2) timed on its own (FID_BENCH_D as above).</summary>
internal sealed class FidPartsBench : IBench
{
    public string Name => "fid-parts";

    public void Run()
    {
        int d = BenchFeatures.Env("FID_BENCH_D", 2048);
        int n = BenchFeatures.Env("FID_BENCH_N", d + d / 4);
        var a = Fid.Summarize(BenchFeatures.Create(1, n, d));
        var b = Fid.Summarize(BenchFeatures.Create(2, n, d, shift: 0.05f, factor: 0.7f));
        var l1 = new double[d * d];
        var l2 = new double[d * d];
        var p1 = new int[d];
        var p2 = new int[d];
        int r1 = 0;
        Console.WriteLine($"cholesky (blocked when positive definite) x1: {BenchUtil.Time(() => r1 = Numerics.PivotedCholesky.Factor(a.Covariance, d, l1, p1), 1):F3} s (rank {r1})");
        Numerics.PivotedCholesky.Factor(b.Covariance, d, l2, p2);
        var c = new double[d * d];
        Console.WriteLine($"gemm C = L1^T L2 (full; FromStats skips the zero panels, ~1/3): {BenchUtil.Time(() => { Array.Clear(c); Numerics.GemmF64.Multiply(d, d, d, 1.0, l1, 1, d, l2, d, 1, c, d); }, 1):F3} s");
        var m = new double[d * d];
        Console.WriteLine($"gemm M = C C^T (lower): {BenchUtil.Time(() => { Array.Clear(m); Numerics.GemmF64.Multiply(d, d, d, 1.0, c, d, 1, c, 1, d, m, d, Numerics.TileMask.Lower); }, 1):F3} s");
        var work = new double[d * d];
        var diag = new double[d];
        var off = new double[d];
        Console.WriteLine($"tridiagonalize, blocked: {BenchUtil.Time(() => { m.CopyTo(work, 0); Numerics.SymmetricEigen.TridiagonalizeBlocked(work, d, diag, off); }, 1):F3} s");
        var dd = new double[d];
        var oo = new double[d];
        Console.WriteLine($"tridiagonal QL: {BenchUtil.Time(() => { diag.CopyTo(dd, 0); off.CopyTo(oo, 0); Numerics.SymmetricEigen.TridiagonalQl(dd, oo); }, 1):F3} s");
    }
}
