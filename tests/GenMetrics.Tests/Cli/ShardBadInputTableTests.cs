using GenMetrics.Cli;
using GenMetrics.Cli.Commands;
using GenMetrics.Formats;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Cli;

/// <summary>Parts to combine wrongly: made once through the real command tree.</summary>
public sealed class ShardBadInputFiles : IDisposable
{
    internal TempDir Dir { get; } = Fixtures.TempDir();

    public ShardBadInputFiles()
    {
        var a = SyntheticFeatures.Create(91, 1200, 8);
        var b = SyntheticFeatures.Create(92, 1200, 8, shift: 0.1f);
        Npy.Write(Dir.File("a.npy"), a.Span, a.Rows, a.Columns);
        Npy.Write(Dir.File("b.npy"), b.Span, b.Rows, b.Columns);
        var images = new byte[12 * 20 * 20 * 3];
        new Random(5).NextBytes(images);
        Npy.Write(Dir.File("images.npy"), images, 12, 20, 20, 3);
        string d = Dir.Path;
        foreach (var args in new[]
                 {
                     $"stats {d}/a.npy --shard 0/2 -o {d}/a0.npz", $"stats {d}/a.npy --shard 1/2 -o {d}/a1.npz",
                     $"stats {d}/b.npy --shard 1/2 -o {d}/b1.npz", $"stats {d}/a.npy --shard 1/3 -o {d}/a1of3.npz",
                     $"stats {d}/images.npy -e random-cnn:0 --shard 0/2 -o {d}/rc0.npz", $"stats {d}/images.npy -e random-cnn:1 --shard 1/2 -o {d}/rc1.npz",
                     $"eval {d}/a.npy {d}/b.npy -m prdc --shard 1/2 -o {d}/k1.npz", $"eval {d}/a.npy {d}/b.npy -m prdc --k 3 --shard 0/2 -o {d}/k0k3.npz",
                 })
        {
            var (code, _, err) = ShardCli.Run(args.Split(' '));
            if (code != 0) throw new InvalidOperationException($"{args}: {err}");
        }
    }

    public void Dispose() => Dir.Dispose();
}

/// <summary>Runs the whole command tree (merge and ref included) in-process.</summary>
internal static class ShardCli
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliRunner.Run(Commands.Root(), args, o, e);
        return (code, o.ToString(), e.ToString());
    }
}

/// <summary>Issue 13: bad shards and bad merges, in the style of <see cref="BadInputTableTests"/>.</summary>
public class ShardBadInputTableTests(ShardBadInputFiles files) : IClassFixture<ShardBadInputFiles>
{
    public static TheoryData<string, int, string, string?> Rows => new()
    {
        { "stats {d}/a.npy --shard 5/4 -o {d}/o1.npz", 2, "--shard: 5/4: shard 5 does not exist; with 4 shards the index is 0 to 3", "{d}/o1.npz" },
        { "stats {d}/a.npy --shard 1 -o {d}/o2.npz", 2, "--shard: '1': expected I/N", "{d}/o2.npz" },
        { "stats {d}/a.npy --shard 0/2 -o {d}/o3.npy", 2, "--out {d}/o3.npy: with --shard the output is a part, an .npz", "{d}/o3.npy" },
        { "stats {d}/a.npy --shard auto -o {d}/o4.npz", 2, "neither SLURM_ARRAY_TASK_ID (a Slurm job array) nor JOB_COMPLETION_INDEX", "{d}/o4.npz" },
        { "stats {d}/a.npy --shard 0/2 --shard-count 2 -o {d}/o5.npz", 2, "--shard-count: applies to --shard auto", "{d}/o5.npz" },
        { "stats {d}/images.npy -e random-cnn --skip-invalid --shard 0/2 -o {d}/o6.npz", 2, "--skip-invalid: cannot be used with shards", "{d}/o6.npz" },
        { "features {d}/images.npy -e random-cnn --shard 0/2 -o {d}/o7.npy", 2, "--out {d}/o7.npy: with --shard the output is a part", "{d}/o7.npy" },
        { "eval {d}/a.npy {d}/b.npy -m fid --shard 0/2 -o {d}/o8.npz", 2, "--shard: fid is not computed per shard", "{d}/o8.npz" },
        { "eval {d}/a.npy {d}/b.npy -m prdc --shard 0/2", 2, "--shard: give the part to write with -o PART.npz", null },
        { "eval {d}/a.npy {d}/b.npy -m prdc --shard 0/2 --bootstrap 10 -o {d}/o9.npz", 2, "--bootstrap: cannot be used with --shard", "{d}/o9.npz" },
        // merge: every shard exactly once, of one run.
        { "merge {d}/a0.npz -o {d}/m1.npz", 2, "shard 1/2 is missing (given: 0/2 {d}/a0.npz)", "{d}/m1.npz" },
        { "merge {d}/a0.npz {d}/a1.npz {d}/a1.npz -o {d}/m2.npz", 2, "shard 1/2 is given twice: {d}/a1.npz and {d}/a1.npz", "{d}/m2.npz" },
        { "merge {d}/a0.npz {d}/b1.npz -o {d}/m3.npz", 2, "{d}/a0.npz and {d}/b1.npz come from different sources: {d}/a0.npz from {d}/a.npy (1200 samples), {d}/b1.npz from {d}/b.npy", "{d}/m3.npz" },
        { "merge {d}/rc0.npz {d}/rc1.npz -o {d}/m4.npz", 2, "{d}/rc0.npz was made by random-cnn[seed=0] (random-cnn-v1) with tf@64, but {d}/rc1.npz by random-cnn[seed=1]", "{d}/m4.npz" },
        { "merge {d}/a0.npz {d}/a1of3.npz -o {d}/m5.npz", 2, "{d}/a0.npz is shard 0/2 but {d}/a1of3.npz is shard 1/3", "{d}/m5.npz" },
        { "merge {d}/a0.npz {d}/k1.npz -o {d}/m6.npz", 2, "{d}/a0.npz is a statistics part, but {d}/k1.npz is a knn part", "{d}/m6.npz" },
        { "merge {d}/k0k3.npz {d}/k1.npz -o {d}/m7.json", 2, "{d}/k0k3.npz computed prdc (k = 3) but {d}/k1.npz computed prdc (k = 5)", "{d}/m7.json" },
        { "merge {d}/a0.npz {d}/a1.npz -o {d}/m8.npy", 2, "--out: {d}/m8.npy: statistics parts merge into a .npz file", "{d}/m8.npy" },
        { "merge {d}/a.npy {d}/a1.npz -o {d}/m9.npz", 2, "{d}/a.npy: not a GenMetrics part", "{d}/m9.npz" },
        { "merge {d}/nope.npz -o {d}/m10.npz", 2, "{d}/nope.npz: no such file", "{d}/m10.npz" },
        // A part is not a whole input.
        { "eval {d}/a0.npz {d}/b.npy -o {d}/r1.json", 2, "{d}/a0.npz: is shard 0/2 of {d}/a.npy (statistics part): join all 2 parts with 'merge' first", "{d}/r1.json" },
    };

    [Theory, MemberData(nameof(Rows))]
    public void Bad_shards_and_merges_exit_2_naming_the_parts(string args, int exit, string fragment, string? output)
    {
        string Fill(string s) => s.Replace("{d}", files.Dir.Path);
        var (code, _, stderr) = ShardCli.Run(Fill(args).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(code == exit, $"exit {code}, expected {exit}: {stderr}");
        Assert.Contains(Fill(fragment), stderr);
        Assert.DoesNotContain("   at ", stderr);
        if (output is not null) Assert.False(File.Exists(Fill(output)), $"{Fill(output)} was left behind");
        Assert.Empty(Directory.GetFiles(files.Dir.Path, ".*.tmp"));
    }
}
