using GenMetrics.Numerics;

namespace GenMetrics.Bench;

/// <summary>
/// Float32 A·Bᵀ throughput in GFLOP/s at each width, on the KID shape (1000 x 1000 x 2048) and a large square-ish
/// shape; numpy's float32 matmul (OpenBLAS sgemm, 2 threads) is the baseline.
/// Usage: <c>-- gemm [M N K]</c>.
/// </summary>
internal sealed class GemmBench : IBench
{
    public string Name => "gemm";

    public void Run()
    {
        var args = Environment.GetCommandLineArgs();
        int at = Array.FindIndex(args, a => a.Equals("gemm", StringComparison.OrdinalIgnoreCase));
        var shapes = at >= 0 && args.Length >= at + 4
            ? new[] { (int.Parse(args[at + 1]), int.Parse(args[at + 2]), int.Parse(args[at + 3])) }
            : new[] { (1000, 1000, 2048), (4096, 4096, 2048) };
        foreach (var (m, n, k) in shapes)
        {
            var rng = new Random(1);
            var a = new float[m * k];
            var b = new float[n * k];
            for (int i = 0; i < a.Length; i++) a[i] = (float)rng.NextDouble() - 0.5f;
            for (int i = 0; i < b.Length; i++) b[i] = (float)rng.NextDouble() - 0.5f;
            var c = new float[m * n];
            double flops = 2.0 * m * n * k;
            foreach (var w in new[] { SimdWidth.V512, SimdWidth.V256 })
            {
                double s = BenchUtil.Time(() => Gemm.MultiplyABt(w, a, m, b, n, k, c, n));
                Console.WriteLine($"gemm {m}x{n}x{k} {w}: {s * 1e3:F1} ms, {flops / s / 1e9:F1} GFLOP/s");
            }
            if (m >= 384 && n >= 384)
            {
                // One core, one 384 x 384 tile (the kNN engine's unit of work): best of 20, less sensitive to load.
                var packA = new float[Gemm.PackALength];
                var packB = new float[Gemm.PackBLength];
                foreach (var w in new[] { SimdWidth.V512, SimdWidth.V256 })
                {
                    double t1 = BenchUtil.Time(() => Gemm.Block(w, a, 384, b, 384, k, c, 384, packA, packB), 20);
                    var cpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                    for (int r = 0; r < 20; r++) Gemm.Block(w, a, 384, b, 384, k, c, 384, packA, packB);
                    double cpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds / 20;
                    Console.WriteLine($"gemm one-core tile 384x384x{k} {w}: {2.0 * 384 * 384 * k / t1 / 1e9:F1} GFLOP/s wall (best of 20), " +
                                      $"{2.0 * 384 * 384 * k / cpu / 1e9:F1} per CPU-second");
                }
            }
            double sym = BenchUtil.Time(() => Gemm.MultiplyAAt(Simd.Best, a, m, k, c, m));
            Console.WriteLine($"gemm A·Aᵀ {m}x{m}x{k} {Simd.Best}: {sym * 1e3:F1} ms ({2.0 * m * m * k / sym / 1e9:F1} GFLOP/s-equivalent)");
            var py = BenchUtil.RunPython("gemm_ref.py", m.ToString(), n.ToString(), k.ToString()).Trim();
            double ps = double.Parse(py, System.Globalization.CultureInfo.InvariantCulture);
            Console.WriteLine($"numpy sgemm {m}x{n}x{k}: {ps * 1e3:F1} ms, {flops / ps / 1e9:F1} GFLOP/s");
        }
    }
}
