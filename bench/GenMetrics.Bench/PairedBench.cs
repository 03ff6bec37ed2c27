using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GenMetrics.Formats;
using GenMetrics.Imaging;

namespace GenMetrics.Bench;

/// <summary>Shared by the paired-metric benchmarks: seeded image pairs, and the Python side's environment.</summary>
internal static class PairedBench
{
    /// <summary>
    /// <paramref name="n"/> seeded pairs of <paramref name="size"/>² RGB images: flat 16-pixel blocks plus a ramp and
    /// noise (A), and A with ±12 noise (B); written as two N x H x W x 3 uint8 .npy files for the reference.
    /// </summary>
    public static List<(RgbImage A, RgbImage B)> Pairs(int n, int size, string dir)
    {
        var rng = new Random(2026);
        var result = new List<(RgbImage, RgbImage)>(n);
        int per = size * size * 3;
        var all = new byte[2][];
        all[0] = new byte[n * per];
        all[1] = new byte[n * per];
        for (int k = 0; k < n; k++)
        {
            var a = new byte[per];
            var b = new byte[per];
            int seed = rng.Next();
            for (int y = 0, i = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                    for (int c = 0; c < 3; c++, i++)
                    {
                        int block = (((x / 16) * 37 + (y / 16) * 101 + c * 53 + seed) & 0xFF) * 2 / 3 + (x + y) * 85 / size;
                        a[i] = (byte)Math.Clamp(block + rng.Next(-6, 7), 0, 255);
                        b[i] = (byte)Math.Clamp(a[i] + rng.Next(-12, 13), 0, 255);
                    }
            a.CopyTo(all[0], k * per);
            b.CopyTo(all[1], k * per);
            result.Add((new RgbImage(size, size, a, $"a{k}"), new RgbImage(size, size, b, $"b{k}")));
        }
        Npy.Write(Path.Combine(dir, "a.npy"), all[0], n, size, size, 3);
        Npy.Write(Path.Combine(dir, "b.npy"), all[1], n, size, size, 3);
        return result;
    }

    /// <summary>
    /// Runs bench/python/SCRIPT with Debian's python3 on 2 threads (OPENBLAS_NUM_THREADS=2, OMP_NUM_THREADS=2, and
    /// without this machine's OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE overrides) and parses its JSON output.
    /// </summary>
    public static JsonElement RunPython(string script, params string[] args) =>
        JsonDocument.Parse(BenchUtil.RunPython(script, args)).RootElement;

    public static string Refs => Environment.GetEnvironmentVariable("PAIRED_REFS") ?? "/tmp/refs-paired";

    public static string Text(int v) => v.ToString(CultureInfo.InvariantCulture);
}
