using System.Globalization;

namespace GenMetrics.Sharding;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (numbered from 0, as Slurm's array indices): a fixed part of a
/// sample list, the same on every machine. The list (a source's samples in sort order, after any sample selection) is
/// cut into B = ceil(total / <see cref="Unit"/>) blocks of <see cref="Unit"/> samples (the last may be shorter), and
/// the blocks are dealt as <c>numpy.array_split(blocks, N)</c> deals them: shard i takes B / N consecutive blocks, one
/// more when i &lt; B mod N, after those of the shards before it. Shards are contiguous, in order, as even as whole
/// blocks allow, and the last ones are empty when there are more shards than blocks. Cutting at whole blocks is what lets partial statistics merge into exactly the unsharded
/// ones (see <see cref="PartialStatistics"/>).
/// </summary>
public sealed record Shard
{
    /// <summary>Samples per block: shards start and end at multiples of it (the covariance accumulator's block).</summary>
    public const int Unit = Numerics.CovarianceAccumulator.BlockRows;

    /// <summary>Shard <paramref name="index"/> of <paramref name="count"/>.</summary>
    /// <exception cref="InputException">The count is below 1 or the index is outside [0, count) (setting <c>shard</c>).</exception>
    public Shard(int index, int count)
    {
        if (count < 1) throw InputException.ForSetting("shard", $"{index}/{count}: the shard count must be at least 1");
        if (index < 0 || index >= count)
            throw InputException.ForSetting("shard", $"{index}/{count}: shard {index} does not exist; with {count} shard{(count == 1 ? "" : "s")} the index is 0{(count > 1 ? $" to {count - 1}" : "")} (numbered from 0, as Slurm array indices)");
        Index = index;
        Count = count;
    }

    /// <summary>The shard's number, 0 to <see cref="Count"/> - 1.</summary>
    public int Index { get; }

    /// <summary>How many shards the list is cut into.</summary>
    public int Count { get; }

    /// <summary>The samples [Start, End) of a list of <paramref name="total"/> that this shard takes.</summary>
    public (int Start, int End) Rows(int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        long blocks = ((long)total + Unit - 1) / Unit;
        long q = blocks / Count, r = blocks % Count;
        long first = Index * q + Math.Min(Index, r), last = first + q + (Index < r ? 1 : 0);
        return ((int)Math.Min(total, first * Unit), (int)Math.Min(total, last * Unit));
    }

    /// <summary><c>I/N</c>.</summary>
    public override string ToString() => $"{Index}/{Count}";

    /// <summary>Parses <c>I/N</c> (for example <c>2/8</c>).</summary>
    /// <exception cref="InputException">Not of that form, or out of range (setting <c>shard</c>).</exception>
    public static Shard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            throw InputException.ForSetting("shard", $"'{text}': expected I/N (shard I of N, I from 0 to N - 1, e.g. 0/4), or auto");
        return new Shard(i, n);
    }

    /// <summary>
    /// The shard a scheduler assigns this process: a Slurm job array (<c>SLURM_ARRAY_TASK_ID</c> minus
    /// <c>SLURM_ARRAY_TASK_MIN</c>, of <c>SLURM_ARRAY_TASK_COUNT</c>; the array must be contiguous, as
    /// <c>--array=0-7</c>) or a Kubernetes Indexed Job (<c>JOB_COMPLETION_INDEX</c>, of <paramref name="count"/>, which
    /// the Job's <c>completions</c> must equal).
    /// </summary>
    /// <param name="variable">Reads an environment variable (<see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    /// <param name="count">The shard count (required with an Indexed Job; with Slurm it must match the array's).</param>
    /// <exception cref="InputException">No scheduler variables are set, or they are inconsistent (setting <c>shard</c>).</exception>
    public static Shard FromEnvironment(Func<string, string?> variable, int? count = null)
    {
        ArgumentNullException.ThrowIfNull(variable);
        int? Read(string name)
        {
            var v = variable(name);
            if (string.IsNullOrWhiteSpace(v)) return null;
            return int.TryParse(v.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var x)
                ? x : throw InputException.ForSetting("shard", $"auto: {name}='{v}' is not a non-negative integer");
        }
        if (Read("SLURM_ARRAY_TASK_ID") is { } id)
        {
            int n = Read("SLURM_ARRAY_TASK_COUNT") ?? throw InputException.ForSetting("shard", "auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not");
            int min = Read("SLURM_ARRAY_TASK_MIN") ?? 0;
            if (Read("SLURM_ARRAY_TASK_MAX") is { } max && max - min + 1 != n)
                throw InputException.ForSetting("shard", $"auto: the job array {min}-{max} has {n} tasks, not {max - min + 1}: submit a contiguous array (--array=0-{n - 1}), one task per shard");
            if (count is { } c && c != n)
                throw InputException.ForSetting("shard", $"auto: the Slurm job array has {n} tasks, but the shard count given is {c}");
            return new Shard(id - min, n);
        }
        if (Read("JOB_COMPLETION_INDEX") is { } index)
        {
            if (count is not { } n)
                throw InputException.ForSetting("shard", $"auto: JOB_COMPLETION_INDEX={index} (a Kubernetes Indexed Job) does not say how many shards there are: give the shard count (the Job's completions)");
            return new Shard(index, n);
        }
        throw InputException.ForSetting("shard", "auto: neither SLURM_ARRAY_TASK_ID (a Slurm job array) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set; give the shard as I/N");
    }
}
