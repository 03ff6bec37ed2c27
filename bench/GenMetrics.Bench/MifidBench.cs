using System.Diagnostics;
using System.Globalization;
using GenMetrics.Formats;
using GenMetrics.Metrics;
using GenMetrics.Numerics;

namespace GenMetrics.Bench;

/// <summary>
/// MiFID at N = M = SIZE (default 10000), d = 2048: GenMetrics (FID + the tiled cosine distance) against torchmetrics'
/// formula on the same float32 features, run twice: its own functions on Debian's torch (2 threads) and the same
/// formula in numpy float64 on OpenBLAS (2 threads, OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset so OpenBLAS picks its
/// kernels itself). Usage: <c>-- mifid [SIZE]</c>; TORCHMETRICS_IMAGE points at a folder holding torchmetrics dab0333's
/// image/mifid.py and image/fid.py (default /tmp/refs/memo1/tm).
/// </summary>
internal sealed class MifidBench : IBench
{
    public string Name => "mifid";

    public void Run()
    {
        var args = Environment.GetCommandLineArgs();
        int at = Array.FindIndex(args, a => a.Equals("mifid", StringComparison.OrdinalIgnoreCase));
        int n = at >= 0 && args.Length > at + 1 ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 10000;
        const int d = 2048;
        var real = BenchFeatures.Create(1, n, d);
        var fake = BenchFeatures.Create(2, n, d, shift: 0.05f);
        MifidResult r = null!;
        double total = BenchUtil.Time(() => r = Mifid.Compute(real, fake), repeats: 2);
        double cosine = BenchUtil.Time(() => Mifid.CosineDistance(real, fake, Simd.Best), repeats: 2);
        double fid = BenchUtil.Time(() => Fid.Compute(real, fake), repeats: 2);
        var proc = Process.GetCurrentProcess();
        var cpu0 = proc.TotalProcessorTime;
        Mifid.Compute(real, fake);
        proc.Refresh();
        double cpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
        Console.WriteLine($"ours: {total:F2} s, {cpu:F2} CPU s (cosine {cosine:F2} s, FID {fid:F2} s); MiFID {r.Value:R}, d {r.Distance:R}, FID {r.Fid:R}");
        var dir = Path.Combine(Path.GetTempPath(), "genmetrics-mifid-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            string rp = Path.Combine(dir, "real.npy"), fp = Path.Combine(dir, "fake.npy");
            Npy.Write(rp, real.Span, real.Rows, real.Columns);
            Npy.Write(fp, fake.Span, fake.Rows, fake.Columns);
            string tm = Environment.GetEnvironmentVariable("TORCHMETRICS_IMAGE") ?? "/tmp/refs/memo1/tm";
            foreach (var mode in new[] { "torch", "numpy" })
            {
                var py = Python("mifid_ref.py", rp, fp, mode, tm).Trim();
                Console.WriteLine($"{mode}: {py}");
                var f = py.Split(' ');
                double theirs = double.Parse(f[0], CultureInfo.InvariantCulture);
                double theirsCos = double.Parse(f[1], CultureInfo.InvariantCulture);
                double relD = Math.Abs(double.Parse(f[4], CultureInfo.InvariantCulture) - r.Distance) / r.Distance;
                double theirsCpu = double.Parse(f[7], CultureInfo.InvariantCulture);
                Console.WriteLine($"| MiFID N=M={n} d={d} | {total:F2} s, {cpu:F1} CPU s (cosine {cosine:F2} s) | torchmetrics' formula, {mode}: " +
                                  $"{theirs:F2} s, {theirsCpu:F1} CPU s (cosine {theirsCos:F2} s), peak {f[6]} GB | **{theirs / total:F1}x** (cosine " +
                                  $"{theirsCos / cosine:F1}x, CPU {theirsCpu / cpu:F1}x) | d equal to {relD:E1} |");
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static string Python(string script, params string[] args) => BenchUtil.RunPython(script, args);
}
