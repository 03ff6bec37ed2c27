using GenMetrics.Formats;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Cli;

/// <summary>Issue 13 through the command line: stats, features and eval with --shard, then merge.</summary>
public class ShardCliTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Sharded_stats_of_features_merge_into_the_unsharded_file_byte_for_byte(int shards)
    {
        using var dir = Fixtures.TempDir();
        var x = SyntheticFeatures.Create(31, 2777, 20, shift: 2f);
        Npy.Write(dir.File("x.npy"), x.Span, x.Rows, x.Columns);
        var parts = new List<string>();
        for (int i = 0; i < shards; i++)
        {
            parts.Add(dir.File($"p{i}.npz"));
            var (code, _, err) = ShardCli.Run("stats", dir.File("x.npy"), "--shard", $"{i}/{shards}", "-o", parts[^1]);
            Assert.True(code == 0, err);
        }
        Assert.Equal(0, ShardCli.Run(["merge", .. parts, "-o", dir.File("merged.npz")]).Exit);
        Assert.Equal(0, ShardCli.Run("stats", dir.File("x.npy"), "-o", dir.File("single.npz")).Exit);
        // mu, sigma and count bit for bit; the provenance's hash differs (the file's SHA-256 against one over the parts).
        var (a, b) = (StatsFile.Read(dir.File("merged.npz")), StatsFile.Read(dir.File("single.npz")));
        Assert.Equal(b.Mean.ToArray(), a.Mean.ToArray());
        Assert.Equal(b.Covariance.ToArray(), a.Covariance.ToArray());
        Assert.Equal(b.Count, a.Count);
    }
}

/// <summary>Sets Slurm variables for the process: runs alone.</summary>
[Collection("GENMETRICS_HOME")]
public class ShardAutoCliTests
{
    [Fact]
    public void Shard_auto_reads_the_Slurm_array_variables()
    {
        using var dir = Fixtures.TempDir();
        var x = SyntheticFeatures.Create(32, 1100, 4);
        Npy.Write(dir.File("x.npy"), x.Span, x.Rows, x.Columns);
        var saved = new[] { "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX" }.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("SLURM_ARRAY_TASK_ID", "1");
            Environment.SetEnvironmentVariable("SLURM_ARRAY_TASK_COUNT", "2");
            var (code, stdout, err) = ShardCli.Run("stats", dir.File("x.npy"), "--shard", "auto", "-o", dir.File("p.npz"));
            Assert.True(code == 0, err);
            Assert.Contains("shard 1/2, samples [1024, 1100) of 1100", stdout);
        }
        finally
        {
            foreach (var (k, v) in saved) Environment.SetEnvironmentVariable(k, v);
        }
    }
}
