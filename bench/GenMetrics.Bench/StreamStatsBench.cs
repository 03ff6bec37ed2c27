using System.Diagnostics;
using GenMetrics.Formats;
using GenMetrics.Sharding;

namespace GenMetrics.Bench;

/// <summary>
/// FID statistics of a features file too large to hold (issue 13, item 6): writes N x D float32 features to a temporary
/// .npy in blocks (default 1,000,000 x 2048: 8.2 GB of disk, STREAM_BENCH_DIR to choose where), then times `stats`'s
/// streamed path (blocks of rows read, reproducible float64 sums) and reports the peak working set, which stays near
/// the d x d sums (~0.2 GB at d = 2048) instead of the 8 GB of features. Then the same as 4 shards merged, whose mu and
/// sigma must equal the single pass bit for bit. Not run by the tests: STREAM_BENCH_N=20000 for a quick look.
/// </summary>
internal sealed class StreamStatsBench : IBench
{
    public string Name => "stream-stats";

    public void Run()
    {
        int n = BenchFeatures.Env("STREAM_BENCH_N", 1_000_000), d = BenchFeatures.Env("STREAM_BENCH_D", 2048);
        var dir = Directory.CreateDirectory(Path.Combine(Environment.GetEnvironmentVariable("STREAM_BENCH_DIR") ?? Path.GetTempPath(), $"genmetrics-stream-{Guid.NewGuid():N}"));
        try
        {
            var path = Path.Combine(dir.FullName, "x.npy");
            var write = Stopwatch.StartNew();
            using (var w = NpyStreamWriter.Create<float>(path, [n, d]))
            {
                const int block = 8192;
                for (int r = 0; r < n; r += block)
                {
                    int m = Math.Min(block, n - r);
                    w.Append<float>(BenchFeatures.Create((ulong)(r / block + 1), m, d).Span);
                }
                w.Commit();
            }
            Console.WriteLine($"wrote {n} x {d} float32 ({new FileInfo(path).Length / 1e9:F1} GB) in {write.Elapsed.TotalSeconds:F1} s");
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            long before = process.PeakWorkingSet64;
            var clock = Stopwatch.StartNew();
            var stats = PartialStatistics.WriteStatistics(path, Path.Combine(dir.FullName, "stats.npz"));
            double seconds = clock.Elapsed.TotalSeconds;
            process.Refresh();
            Console.WriteLine($"| stats of {n} x {d} features, streamed | {Environment.ProcessorCount} cores | {seconds:F1} s ({(double)n * d * (d + 1) / seconds / 1e9:F1} GFLOP/s) | " +
                              $"peak working set {process.PeakWorkingSet64 / 1e9:F2} GB (before: {before / 1e9:F2} GB) | N = {stats.Count} |");
            clock.Restart();
            var parts = new List<string>();
            for (int i = 0; i < 4; i++)
            {
                parts.Add(Path.Combine(dir.FullName, $"part{i}.npz"));
                PartialStatistics.FromFeatures(path, new Shard(i, 4)).Write(parts[^1]);
            }
            ShardMerge.Merge(parts, Path.Combine(dir.FullName, "merged.npz"));
            var merged = StatsFile.Read(Path.Combine(dir.FullName, "merged.npz"));
            bool same = merged.Mean.SequenceEqual(stats.Mean) && merged.Covariance.SequenceEqual(stats.Covariance);
            Console.WriteLine($"4 shards one after another, then merge: {clock.Elapsed.TotalSeconds:F1} s; mu and sigma {(same ? "equal the single pass bit for bit" : "DIFFER from the single pass")}");
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
