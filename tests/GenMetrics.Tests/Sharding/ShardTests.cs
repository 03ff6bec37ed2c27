using GenMetrics.Sharding;

namespace GenMetrics.Tests.Sharding;

public class ShardTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(511, 3)]
    [InlineData(512, 2)]
    [InlineData(2000, 4)]
    [InlineData(3000, 7)]
    [InlineData(100_000, 13)]
    public void Shards_cover_the_list_once_in_order_cut_at_whole_blocks(int total, int count)
    {
        int next = 0;
        for (int i = 0; i < count; i++)
        {
            var (start, end) = new Shard(i, count).Rows(total);
            Assert.Equal(next, start);
            Assert.True(end >= start);
            Assert.True(start % Shard.Unit == 0 || start == total);
            next = end;
        }
        Assert.Equal(total, next);
    }

    [Fact]
    public void The_layout_is_the_documented_one()
    {
        Assert.Equal(512, Shard.Unit);
        // 2000 samples = 4 blocks (512, 512, 512, 464): one block per shard.
        Assert.Equal((1024, 1536), new Shard(2, 4).Rows(2000));
        Assert.Equal((1536, 2000), new Shard(3, 4).Rows(2000));
        // 300 samples are one block: shard 0 takes it, the others are empty.
        Assert.Equal((0, 300), new Shard(0, 4).Rows(300));
        Assert.Equal((300, 300), new Shard(3, 4).Rows(300));
        // 7 blocks over 3 shards, as numpy.array_split: 3, 2 and 2 blocks.
        Assert.Equal((1536, 2560), new Shard(1, 3).Rows(3500));
        Assert.Equal((2560, 3500), new Shard(2, 3).Rows(3500));
    }

    [Theory]
    [InlineData("0/4", 0, 4)]
    [InlineData(" 3/4 ", 3, 4)]
    [InlineData("0/1", 0, 1)]
    public void Parses_I_of_N(string text, int index, int count) => Assert.Equal(new Shard(index, count), Shard.Parse(text));

    [Theory]
    [InlineData("5/4", "shard 5 does not exist; with 4 shards the index is 0 to 3")]
    [InlineData("4/4", "shard 4 does not exist")]
    [InlineData("0/0", "the shard count must be at least 1")]
    [InlineData("-1/4", "expected I/N")]
    [InlineData("2", "expected I/N")]
    [InlineData("a/b", "expected I/N")]
    public void Bad_shards_are_named(string text, string fragment)
    {
        var e = Assert.Throws<InputException>(() => Shard.Parse(text));
        Assert.Equal("shard", e.Setting);
        Assert.Contains(fragment, e.Message);
    }

    private static Func<string, string?> Env(params (string, string)[] vars) => name => vars.FirstOrDefault(v => v.Item1 == name).Item2;

    [Fact]
    public void Auto_reads_Slurm_arrays_and_Kubernetes_indexed_jobs()
    {
        Assert.Equal(new Shard(2, 4), Shard.FromEnvironment(Env(("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_COUNT", "4"), ("SLURM_ARRAY_TASK_MIN", "0"), ("SLURM_ARRAY_TASK_MAX", "3"))));
        // An array numbered from 1: shards are numbered from its first index.
        Assert.Equal(new Shard(0, 3), Shard.FromEnvironment(Env(("SLURM_ARRAY_TASK_ID", "1"), ("SLURM_ARRAY_TASK_COUNT", "3"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_MAX", "3"))));
        Assert.Equal(new Shard(5, 8), Shard.FromEnvironment(Env(("JOB_COMPLETION_INDEX", "5")), 8));
    }

    [Theory]
    [InlineData("JOB_COMPLETION_INDEX", "5", null, "does not say how many shards")]
    [InlineData("JOB_COMPLETION_INDEX", "8", 8, "shard 8 does not exist")]
    [InlineData("SLURM_ARRAY_TASK_ID", "1", 2, "the Slurm job array has 4 tasks, but the shard count given is 2")]
    [InlineData("NOTHING", "1", null, "neither SLURM_ARRAY_TASK_ID")]
    [InlineData("JOB_COMPLETION_INDEX", "x", 2, "JOB_COMPLETION_INDEX='x' is not a non-negative integer")]
    public void Auto_errors_say_what_is_missing(string name, string value, int? count, string fragment)
    {
        var env = Env((name, value), ("SLURM_ARRAY_TASK_COUNT", "4"));
        var e = Assert.Throws<InputException>(() => Shard.FromEnvironment(env, count));
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void A_strided_Slurm_array_is_refused()
    {
        var e = Assert.Throws<InputException>(() => Shard.FromEnvironment(Env(("SLURM_ARRAY_TASK_ID", "4"), ("SLURM_ARRAY_TASK_COUNT", "3"), ("SLURM_ARRAY_TASK_MIN", "0"), ("SLURM_ARRAY_TASK_MAX", "8"))));
        Assert.Contains("submit a contiguous array (--array=0-2)", e.Message);
    }
}
