using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Metrics;
using GenMetrics.Samples;
using GenMetrics.Sharding;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Sharding;

/// <summary>Issue 13, item 1: partial statistics merged equal the unsharded statistics bit for bit.</summary>
public class ShardedStatisticsTests
{
    private static string[] WriteParts(TempDir dir, Func<Shard, PartialStatistics> make, int shards)
    {
        var paths = new string[shards];
        for (int i = 0; i < shards; i++)
        {
            paths[i] = dir.File($"part{i}.npz");
            make(new Shard(i, shards)).Write(paths[i]);
        }
        return paths;
    }

    [Theory]
    [InlineData(1, 3000, 16)]
    [InlineData(2, 3000, 16)]
    [InlineData(3, 3001, 9)]
    [InlineData(7, 2500, 33)]    // 5 blocks over 7 shards: the last two parts are empty
    [InlineData(4, 700, 5)]      // 2 blocks of 512 and 188
    [InlineData(3, 40, 3)]       // one block: shard 0 holds everything
    public void Merged_parts_equal_unsharded_statistics_bit_for_bit(int shards, int n, int d)
    {
        using var dir = Fixtures.TempDir();
        var x = SyntheticFeatures.Create((ulong)(n + d), n, d, shift: 7f);
        var path = dir.File("x.npy");
        Npy.Write(path, x.Span, n, d);
        var parts = WriteParts(dir, s => PartialStatistics.FromFeatures(path, s), shards);
        // Merged in any order of the arguments.
        var report = ShardMerge.Merge([.. parts.Reverse()], dir.File("merged.npz"));
        Assert.Equal(n, report.Count);
        Assert.Equal(shards, report.Shards);
        var merged = StatsFile.Read(dir.File("merged.npz"));
        var single = Fid.Summarize(x);
        Assert.Equal(n, merged.Count);
        Assert.Equal(single.Mean.ToArray(), merged.Mean.ToArray());
        Assert.Equal(single.Covariance.ToArray(), merged.Covariance.ToArray());
    }

    [Fact]
    public void The_float64_sums_in_a_part_merge_in_numpy_within_1e_12()
    {
        // What a Python user does with the parts: add count, sum and gram; mu = pivot + sum / n, sigma = (gram - sum sum^T / n) / (n - 1).
        using var dir = Fixtures.TempDir();
        int n = 2100, d = 12;
        var x = SyntheticFeatures.Create(3, n, d, shift: 3f);
        var path = dir.File("x.npy");
        Npy.Write(path, x.Span, n, d);
        var parts = WriteParts(dir, s => PartialStatistics.FromFeatures(path, s), 3);
        long count = 0;
        var sum = new double[d];
        var gram = new double[d * d];
        double[]? pivot = null;
        foreach (var p in parts)
        {
            count += Npz.ReadArray(p, "count").ToInt64()[0];
            var s = Npz.ReadArray(p, "sum").ToDouble();
            var g = Npz.ReadArray(p, "gram").ToDouble();
            pivot ??= Npz.ReadArray(p, "pivot").ToDouble();
            for (int j = 0; j < d; j++) sum[j] += s[j];
            for (int j = 0; j < d * d; j++) gram[j] += g[j];
        }
        var single = Fid.Summarize(x);
        double scale = single.Covariance.ToArray().Max(Math.Abs);
        for (int a = 0; a < d; a++)
        {
            Assert.Equal(single.Mean[a], pivot![a] + sum[a] / count, 1e-12 * Math.Abs(single.Mean[a]));
            for (int b = 0; b < d; b++)
                Assert.True(Math.Abs(single.Covariance[a * d + b] - (gram[a * d + b] - sum[a] * sum[b] / count) / (count - 1)) <= 1e-12 * scale);
        }
    }

    [Fact]
    public void A_sample_selection_is_sharded_after_it_is_drawn()
    {
        using var dir = Fixtures.TempDir();
        int n = 3000, d = 6;
        var x = SyntheticFeatures.Create(11, n, d);
        var path = dir.File("x.npy");
        Npy.Write(path, x.Span, n, d);
        var selection = new SampleSelection(1700, 7);
        var parts = WriteParts(dir, s => PartialStatistics.FromFeatures(path, s, selection), 3);
        ShardMerge.Merge(parts, dir.File("m.npz"));
        var single = FeatureSet.Load(path).Select(selection).Statistics();
        var merged = StatsFile.Read(dir.File("m.npz"));
        Assert.Equal(single.Covariance.ToArray(), merged.Covariance.ToArray());
        Assert.Equal(1700, merged.Count);
    }

    [Fact]
    public void Image_parts_merge_into_the_unsharded_statistics_file_byte_for_byte()
    {
        using var dir = Fixtures.TempDir();
        using var encoder = GenMetrics.Encoders.RandomCnnEncoder.Create(0, threads: 1);
        var images = Path.Combine(FashionMnist.Dir, "train-images-idx3-ubyte.gz");
        var options = new ExtractionOptions { Samples = new SampleSelection(1100), UseCache = false };
        using var source = SampleSources.Open(images);
        var parts = WriteParts(dir, s => PartialStatistics.FromImages(source, encoder, s, options), 3);
        ShardMerge.Merge(parts, dir.File("merged.npz"));
        FeatureExtractor.Extract(source, encoder, options).WriteStatistics(dir.File("single.npz"));
        Assert.Equal(File.ReadAllBytes(dir.File("single.npz")), File.ReadAllBytes(dir.File("merged.npz")));
    }

    [Fact]
    public void Reading_a_part_back_keeps_its_record()
    {
        using var dir = Fixtures.TempDir();
        var x = SyntheticFeatures.Create(4, 1200, 4);
        Npy.Write(dir.File("x.npy"), x.Span, 1200, 4);
        PartialStatistics.FromFeatures(dir.File("x.npy"), new Shard(1, 2)).Write(dir.File("p.npz"));
        var p = PartialStatistics.Read(dir.File("p.npz"));
        Assert.Equal(PartKind.Statistics, p.Info.Kind);
        Assert.Equal(new Shard(1, 2), p.Info.Shard);
        // 3 blocks over 2 shards: 2 and 1.
        Assert.Equal((1024, 1200, 1200), (p.Info.Input().Start, p.Info.Input().End, p.Info.Input().Total));
        Assert.Equal(176, p.Count);
        Assert.Equal(p.Info.ToJson(), PartFile.TryRead(dir.File("p.npz"))!.ToJson());
        Assert.Null(PartFile.TryRead(dir.File("x.npy")));
    }
}

/// <summary>Issue 13, item 6: statistics of features read in blocks, the same bytes as loaded whole.</summary>
public class StreamedStatisticsTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Streamed_statistics_equal_those_of_features_loaded_whole_byte_for_byte(bool select)
    {
        using var dir = Fixtures.TempDir();
        // More rows than one read block (4 MB of floats: 16384 rows at d = 64) and than a few covariance blocks.
        var x = SyntheticFeatures.Create(17, 20000, 64, shift: 5f);
        Npy.Write(dir.File("x.npy"), x.Span, x.Rows, x.Columns);
        var selection = select ? new SampleSelection(12345, 3) : null;
        PartialStatistics.WriteStatistics(dir.File("x.npy"), dir.File("streamed.npz"), selection);
        var whole = FeatureSet.Load(dir.File("x.npy"));
        (selection is null ? whole : whole.Select(selection)).WriteStatistics(dir.File("whole.npz"));
        Assert.Equal(File.ReadAllBytes(dir.File("whole.npz")), File.ReadAllBytes(dir.File("streamed.npz")));
        // The feature set for FID has the same statistics and provenance, and holds no features.
        var set = FeatureSet.LoadStatistics(dir.File("x.npy"), selection);
        var reference = selection is null ? whole : whole.Select(selection);
        Assert.True(set.IsStatisticsOnly);
        Assert.Equal(reference.Provenance, set.Provenance);
        Assert.Equal(reference.Statistics().Covariance.ToArray(), set.Statistics().Covariance.ToArray());
    }

    [Fact]
    public void Eval_of_fid_alone_reads_features_in_blocks_with_the_same_result()
    {
        using var dir = Fixtures.TempDir();
        var a = SyntheticFeatures.Create(18, 3000, 32);
        var b = SyntheticFeatures.Create(19, 2000, 32, shift: 0.1f);
        Npy.Write(dir.File("a.npy"), a.Span, a.Rows, a.Columns);
        Npy.Write(dir.File("b.npy"), b.Span, b.Rows, b.Columns);
        Assert.Equal(0, GenMetrics.Tests.Cli.ShardCli.Run("eval", dir.File("a.npy"), dir.File("b.npy"), "-m", "fid", "-o", dir.File("r.json")).Exit);
        var expected = Evaluator.Evaluate(new EvaluationSet { Real = FeatureSet.Load(dir.File("a.npy")), Generated = FeatureSet.Load(dir.File("b.npy")) }, "fid");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(dir.File("r.json")));
        Assert.Equal(expected["fid"], json.RootElement.GetProperty("metrics").GetProperty("fid").GetDouble());
        Assert.Equal(expected.Inputs.Single(i => i.Role == "real").Provenance.ContentSha256, json.RootElement.GetProperty("inputs").GetProperty("real").GetProperty("sha256").GetString());
    }
}
