using GenMetrics.Formats;
using System.Text;
using System.Text.Json;
using GenMetrics.Metrics;

namespace GenMetrics.Bench;

/// <summary>
/// KID, 100 subsets x 1000 at d = 2048, on two synthetic sets of 5000 and of 10000 rows, against torch-fidelity's
/// algorithm in numpy float32 (bench/python/kid_ref.py) on the same features. For a quick check,
/// KID_BENCH_SUBSETS overrides the subset count and KID_BENCH_SIZES (comma-separated) the set sizes.
/// </summary>
internal sealed class KidBench : IBench
{
    public string Name => "kid";

    public void Run()
    {
        int subsets = int.TryParse(Environment.GetEnvironmentVariable("KID_BENCH_SUBSETS"), out var s) ? s : 100;
        var dir = Path.Combine(Path.GetTempPath(), "genmetrics-kidbench-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            var sizes = Environment.GetEnvironmentVariable("KID_BENCH_SIZES") is { Length: > 0 } v
                ? v.Split(',').Select(int.Parse).ToArray() : [5000, 10000];
            foreach (int n in sizes)
            {
                const int d = 2048;
                var real = Features(1, n, d, 0f);
                var gen = Features(2, n, d, 0.05f);
                string realPath = Path.Combine(dir, $"real{n}.npy"), genPath = Path.Combine(dir, $"gen{n}.npy");
                Npy.Write(realPath, real.Span, real.Rows, real.Columns);
                Npy.Write(genPath, gen.Span, gen.Rows, gen.Columns);
                var options = new KidOptions(Subsets: subsets);
                KidResult? ours = null;
                double t = BenchUtil.Time(() => ours = Kid.Compute(real, gen, options), repeats: n > 5000 ? 1 : 2);
                var py = JsonDocument.Parse(BenchUtil.RunPython("kid_ref.py", realPath, genPath, subsets.ToString(), "1000")).RootElement;
                double tp = py.GetProperty("seconds").GetDouble();
                Console.WriteLine($"KID {subsets}x1000, N={n}+{n}, d={d}: GenMetrics {t:F2} s ({Kid.ChooseStrategy(n, n, 1000, subsets)}), " +
                                  $"numpy float32 {tp:F2} s, ratio {tp / t:F2}x; mean {ours!.Mean:R} vs {py.GetProperty("mean").GetDouble():R}, " +
                                  $"std {ours.Std:R} vs {py.GetProperty("std").GetDouble():R}");
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>Inception-like features: non-negative, per-row scaled, deterministic.</summary>
    private static FeatureMatrix Features(int seed, int n, int d, float shift)
    {
        var rng = new Random(seed);
        var x = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            float scale = 0.5f + (float)rng.NextDouble();
            for (int j = 0; j < d; j++) x[i * d + j] = MathF.Max(0f, (float)(rng.NextDouble() * 2 - 0.7) * scale + shift);
        }
        return new FeatureMatrix(x, n, d, $"synthetic{seed}");
    }
}
