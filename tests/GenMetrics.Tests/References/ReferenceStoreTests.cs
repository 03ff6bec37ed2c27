using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.References;
using GenMetrics.Sharding;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.References;

/// <summary>Issue 13, item 3: reference sets stored once, safe with concurrent writers.</summary>
public class ReferenceStoreTests
{
    private static FeatureSet Set(ulong seed, int n = 300, int d = 8) => FeatureSet.FromFeatures(SyntheticFeatures.Create(seed, n, d), $"set{seed}.npy");

    [Fact]
    public void A_stored_set_loads_with_its_statistics_features_and_provenance()
    {
        using var home = Fixtures.TempDir();
        var store = new ReferenceStore(home.Path);
        var set = Set(1);
        var info = store.Add("one", set);
        Assert.True(info.HasFeatures);
        var back = store.Load("one");
        Assert.Equal("ref:one", back.Source);
        Assert.Equal(set.Statistics().Covariance.ToArray(), back.Statistics().Covariance.ToArray());
        Assert.Equal(set.Features!.Span.ToArray(), back.Features!.Span.ToArray());
        Assert.Equal(set.Provenance.ContentSha256, back.Provenance.ContentSha256);
        Assert.Equal(["one"], store.List().Select(r => r.Name));
        Assert.True(store.Remove("one"));
        Assert.False(store.Remove("one"));
        Assert.Empty(store.List());
    }

    [Fact]
    public void Parallel_adds_never_leave_half_a_reference()
    {
        using var home = Fixtures.TempDir();
        var store = new ReferenceStore(home.Path);
        // Eight writers of different names and eight of one name, at once.
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
        {
            var name = i < 8 ? $"ref{i}" : "same";
            try
            {
                new ReferenceStore(home.Path).Add(name, Set((ulong)i), keepFeatures: i % 2 == 0);
                outcomes.Add("ok " + name);
            }
            catch (InputException e) when (e.Message.Contains("exists"))
            {
                outcomes.Add("exists " + name);
            }
        });
        Assert.Equal(8, outcomes.Count(o => o.StartsWith("ok ref", StringComparison.Ordinal)));
        Assert.Single(outcomes, o => o == "ok same");
        Assert.Equal(7, outcomes.Count(o => o == "exists same"));
        Assert.Equal(9, store.List().Count);
        Assert.Empty(Directory.GetDirectories(store.Folder, ".tmp-*"));
        foreach (var r in store.List()) Assert.Equal(300, store.Load(r.Name).Statistics().Count);
        // Replacing at once: one of them is there in the end, whole.
        Parallel.For(0, 6, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i => new ReferenceStore(home.Path).Add("same", Set((ulong)(100 + i)), replace: true));
        var final = store.Load("same");
        Assert.Contains(final.Provenance.ContentSha256, Enumerable.Range(100, 6).Select(i => Set((ulong)i).Provenance.ContentSha256));
        Assert.Empty(Directory.GetDirectories(store.Folder, ".t*"));
    }

    [Fact]
    public void Shards_added_in_parallel_are_merged_once_by_the_last()
    {
        using var home = Fixtures.TempDir();
        using var dir = Fixtures.TempDir();
        var x = SyntheticFeatures.Create(9, 2500, 6);
        Npy.Write(dir.File("x.npy"), x.Span, x.Rows, x.Columns);
        var results = new ReferenceInfo?[5];
        Parallel.For(0, 5, new ParallelOptions { MaxDegreeOfParallelism = 5 }, i =>
            results[i] = new ReferenceStore(home.Path).AddShard("big", new Shard(i, 5), part => PartialStatistics.FromFeatures(dir.File("x.npy"), new Shard(i, 5)).Write(part)));
        // One merge: a second one would find the name taken and throw; the calls that see the set complete all
        // report the same reference (the last to store its part merged it).
        var done = results.Where(r => r is not null).ToList();
        Assert.NotEmpty(done);
        Assert.All(done, r => Assert.Equal(done[0], r));
        var store = new ReferenceStore(home.Path);
        Assert.Equal(GenMetrics.Metrics.Fid.Summarize(x).Covariance.ToArray(), store.Load("big").Statistics().Covariance.ToArray());
        Assert.False(Directory.Exists(Path.Combine(store.Folder, ".parts", "big")));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("-x")]
    public void Bad_names_are_refused(string name) =>
        Assert.Equal("name", Assert.Throws<InputException>(() => ReferenceStore.CheckName(name)).Setting);
}

/// <summary>Sets GENMETRICS_HOME for the process: runs alone.</summary>
[Collection("GENMETRICS_HOME")]
public class ReferenceInputTests
{
    [Fact]
    public void Ref_colon_name_loads_through_FeatureSet()
    {
        using var home = Fixtures.TempDir();
        var saved = Environment.GetEnvironmentVariable("GENMETRICS_HOME");
        try
        {
            Environment.SetEnvironmentVariable("GENMETRICS_HOME", home.Path);
            new ReferenceStore().Add("r", FeatureSet.FromFeatures(SyntheticFeatures.Create(3, 300, 8)), keepFeatures: false);
            Assert.Equal(InputKind.Statistics, FeatureSet.KindOf("ref:r"));
            Assert.True(FeatureSet.Load("ref:r").IsStatisticsOnly);
            var e = Assert.Throws<InputException>(() => FeatureSet.Load("ref:missing"));
            Assert.Contains("ref:missing: no such reference", e.Message);
            Assert.Contains("known: r", e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GENMETRICS_HOME", saved);
        }
    }
}

/// <summary>ref add, list, rm, import and ref:NAME through the command line; sets GENMETRICS_HOME, so runs alone.</summary>
[Collection("GENMETRICS_HOME")]
public sealed class RefCliTests : IDisposable
{
    private readonly TempDir _home = Fixtures.TempDir();
    private readonly string? _previous = Environment.GetEnvironmentVariable("GENMETRICS_HOME");

    public RefCliTests() => Environment.SetEnvironmentVariable("GENMETRICS_HOME", _home.Path);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("GENMETRICS_HOME", _previous);
        _home.Dispose();
    }

    private static (int Exit, string Out, string Err) Run(params string[] args) => GenMetrics.Tests.Cli.ShardCli.Run(args);

    [Fact]
    public void A_reference_replaces_its_source_in_eval_with_the_same_numbers()
    {
        using var dir = Fixtures.TempDir();
        var real = SyntheticFeatures.Create(41, 700, 16);
        var fake = SyntheticFeatures.Create(42, 600, 16, shift: 0.2f);
        Npy.Write(dir.File("real.npy"), real.Span, real.Rows, real.Columns);
        Npy.Write(dir.File("fake.npy"), fake.Span, fake.Rows, fake.Columns);
        var add = Run("ref", "add", "r", dir.File("real.npy"));
        Assert.True(add.Exit == 0, add.Err);
        Assert.Contains("stored ref:r: N=700, d=16", add.Out);
        Assert.Equal(0, Run("eval", "ref:r", dir.File("fake.npy"), "-m", "fid,prdc", "-o", dir.File("a.json")).Exit);
        Assert.Equal(0, Run("eval", dir.File("real.npy"), dir.File("fake.npy"), "-m", "fid,prdc", "-o", dir.File("b.json")).Exit);
        string Metrics(string f) => System.Text.Json.JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("metrics").GetRawText();
        Assert.Equal(Metrics(dir.File("b.json")), Metrics(dir.File("a.json")));
        Assert.Contains("r\tN=700\td=16", Run("ref", "list").Out);
        // Taken names, removed names.
        var again = Run("ref", "add", "r", dir.File("real.npy"));
        Assert.Equal(2, again.Exit);
        Assert.Contains("ref:r: exists", again.Err);
        Assert.Equal(0, Run("ref", "rm", "r").Exit);
        var gone = Run("eval", "ref:r", dir.File("fake.npy"), "-m", "fid");
        Assert.Equal(2, gone.Exit);
        Assert.Contains("ref:r: no such reference", gone.Err);
        Assert.Equal(2, Run("ref", "rm", "r").Exit);
    }

    [Fact]
    public void Imported_statistics_carry_the_declared_encoder_into_the_checks()
    {
        using var dir = Fixtures.TempDir();
        var stats = GenMetrics.Metrics.Fid.Summarize(SyntheticFeatures.Create(43, 300, 128));
        StatsFile.Write(dir.File("tool.npz"), stats);   // another tool's: mu and sigma only
        var imp = Run("ref", "import", "t", dir.File("tool.npz"), "--encoder", "random-cnn:0");
        Assert.True(imp.Exit == 0, imp.Err);
        Assert.Contains("random-cnn[seed=0], protocol tf@64 (declared)", imp.Out);
        var images = new byte[12 * 20 * 20 * 3];
        new Random(5).NextBytes(images);
        Npy.Write(dir.File("images.npy"), images, 12, 20, 20, 3);
        var wrong = Run("eval", "ref:t", dir.File("images.npy"), "-e", "random-cnn:1", "-m", "fid");
        Assert.Equal(2, wrong.Exit);
        Assert.Contains("ref:t was made by random-cnn[seed=0]", wrong.Err);
        var noEncoder = Run("ref", "import", "u", dir.File("tool.npz"));
        Assert.Equal(2, noEncoder.Exit);
        Assert.Contains("--encoder: declare the encoder", noEncoder.Err);
    }
}
