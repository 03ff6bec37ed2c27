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

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Sharded_copies_alpha_precision_and_ct_merge_into_the_unsharded_result(int shards)
    {
        using var dir = Fixtures.TempDir();
        var (real, gen, train) = GenMetrics.Tests.Sharding.ShardedMemorizationTests.Data(700, 1300, 1100);
        foreach (var (name, x) in new[] { ("real", real), ("gen", gen), ("train", train) }) Npy.Write(dir.File(name + ".npy"), x.Span, x.Rows, x.Columns);
        string[] inputs = [dir.File("real.npy"), dir.File("gen.npy"), "--train", dir.File("train.npy"), "-m", "copies,alpha_precision,ct"];
        var parts = new List<string>();
        for (int i = 0; i < shards; i++)
        {
            parts.Add(dir.File($"m{i}.npz"));
            var (code, _, err) = ShardCli.Run(["eval", .. inputs, "--shard", $"{i}/{shards}", "-o", parts[^1]]);
            Assert.True(code == 0, err);
        }
        var merge = ShardCli.Run(["merge", .. parts, "-o", dir.File("merged.json")]);
        Assert.True(merge.Exit == 0, merge.Err);
        var single = ShardCli.Run(["eval", .. inputs, "-o", dir.File("single.json")]);
        Assert.True(single.Exit == 0, single.Err);
        var a = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir.File("merged.json")))!;
        var b = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir.File("single.json")))!;
        // The values, the copies list, the curves and the cells, and the inputs with their hashes, as the unsharded eval writes them.
        Assert.Equal(b["metrics"]!.ToJsonString(), a["metrics"]!.ToJsonString());
        Assert.Equal(b["details"]!.ToJsonString(), a["details"]!.ToJsonString());
        Assert.Equal(b["inputs"]!.ToJsonString(), a["inputs"]!.ToJsonString());
        Assert.True(b["details"]!["copies"]!["count"]!.GetValue<int>() >= 40);
    }

    [Fact]
    public void Sharded_copies_of_images_list_the_item_names_as_the_unsharded_eval()
    {
        using var dir = Fixtures.TempDir();
        var images = new byte[30 * 16 * 16 * 3];
        new Random(3).NextBytes(images);
        Npy.Write(dir.File("gen.npy"), images, 30, 16, 16, 3);
        Npy.Write(dir.File("train.npy"), images.AsSpan(0, 20 * 16 * 16 * 3).ToArray(), 20, 16, 16, 3);   // the first 20 are copies
        string[] args = [dir.File("train.npy"), dir.File("gen.npy"), "--train", dir.File("train.npy"), "-e", "random-cnn:0", "-m", "copies"];
        for (int i = 0; i < 2; i++)
        {
            var (code, _, err) = ShardCli.Run(["eval", .. args, "--shard", $"{i}/2", "-o", dir.File($"c{i}.npz")]);
            Assert.True(code == 0, err);
        }
        var merge = ShardCli.Run("merge", dir.File("c0.npz"), dir.File("c1.npz"), "-o", dir.File("merged.json"));
        Assert.True(merge.Exit == 0, merge.Err);
        Assert.Equal(0, ShardCli.Run(["eval", .. args, "-o", dir.File("single.json")]).Exit);
        var a = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir.File("merged.json")))!;
        var b = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir.File("single.json")))!;
        Assert.Equal(b["metrics"]!.ToJsonString(), a["metrics"]!.ToJsonString());
        Assert.Equal(b["details"]!.ToJsonString(), a["details"]!.ToJsonString());
        var items = a["details"]!["copies"]!["items"]!.AsArray();
        Assert.Equal(20, items.Count);
        Assert.All(items, x => Assert.Equal(x!["generated_name"]!.GetValue<string>(), x["train_name"]!.GetValue<string>()));
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
