using System.CommandLine;
using GenMetrics.Sharding;

namespace GenMetrics.Cli;

/// <summary><c>--shard I/N|auto</c> and <c>--shard-count N</c> of <c>features</c>, <c>stats</c>, <c>eval</c> and <c>ref add</c>.</summary>
internal sealed class ShardOptions
{
    public Option<string?> Shard { get; } = new("--shard")
    {
        Description = "Compute shard I of N (I from 0 to N - 1) and write a part for 'genmetrics merge': the sorted sample list (after --num-samples) " +
                      $"is cut into blocks of {GenMetrics.Sharding.Shard.Unit} and shard I takes its share of whole blocks, as numpy.array_split. " +
                      "auto: SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT (a Slurm job array), or JOB_COMPLETION_INDEX of --shard-count (a Kubernetes Indexed Job).",
    };

    public Option<int?> ShardCount { get; } = new("--shard-count") { Description = "With --shard auto: the number of shards (required in a Kubernetes Indexed Job: its completions)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Shard);
        command.Options.Add(ShardCount);
    }

    /// <summary>The shard asked for, or null; --shard-count without --shard auto is an error.</summary>
    public Shard? Parse(ParseResult p)
    {
        var text = p.GetValue(Shard);
        var count = p.GetValue(ShardCount);
        if (text is null)
            return count is null ? null : throw new InputException("--shard-count: needs --shard auto");
        if (text.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase))
            return GenMetrics.Sharding.Shard.FromEnvironment(Environment.GetEnvironmentVariable, count);
        if (count is not null) throw new InputException("--shard-count: applies to --shard auto (--shard I/N gives the count itself)");
        return GenMetrics.Sharding.Shard.Parse(text);
    }

    /// <summary>A part is an .npz: checks the output path's extension.</summary>
    public static void CheckPartPath(string flag, string path)
    {
        if (!path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase))
            throw new InputException($"{flag} {path}: with --shard the output is a part, an .npz ('genmetrics merge' joins the parts)");
    }
}
