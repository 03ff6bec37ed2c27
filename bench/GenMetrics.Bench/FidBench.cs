using System.Diagnostics;
using System.Globalization;
using GenMetrics.Metrics;

namespace GenMetrics.Bench;

/// <summary>
/// Fréchet distance from two d-dimensional statistics (default d = 2048, N = 2500 per set), against scipy's sqrtm
/// (pytorch-fid) and numpy's eigvals (torch-fidelity) on the same matrices. Smaller: FID_BENCH_D=512.
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
        double fid = 0;
        double ours = BenchUtil.Time(() => fid = Fid.FromStats(a, b), repeats: 3);
        Console.WriteLine($"GenMetrics FromStats d={d}: {ours:F3} s  fid={fid:R}");
        var dir = Directory.CreateTempSubdirectory("genmetrics-fidbench-");
        try
        {
            NpyF64.Write(Path.Combine(dir.FullName, "mu1.npy"), a.Mean, d);
            NpyF64.Write(Path.Combine(dir.FullName, "mu2.npy"), b.Mean, d);
            NpyF64.Write(Path.Combine(dir.FullName, "s1.npy"), a.Covariance, d, d);
            NpyF64.Write(Path.Combine(dir.FullName, "s2.npy"), b.Covariance, d, d);
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
