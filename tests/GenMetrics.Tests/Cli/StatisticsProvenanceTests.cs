using System.Text.Json;
using GenMetrics.Encoders;
using GenMetrics.Formats;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Cli;

/// <summary>Statistics files carry their provenance; eval checks it against the other input (issue 7, item 2).</summary>
public class StatisticsProvenanceTests
{
    private static readonly string Train = Path.Combine(Fixtures.RepoRoot, "samples", "fashion-mnist", "train-images-idx3-ubyte.gz");
    private static readonly string Test = Path.Combine(Fixtures.RepoRoot, "samples", "fashion-mnist", "t10k-images-idx3-ubyte.gz");

    [Fact]
    public void Stats_records_encoder_protocol_count_and_version_beside_mu_and_sigma()
    {
        using var dir = Fixtures.TempDir();
        var stats = dir.File("train.npz");
        var (exit, _, err) = CliHarness.Run("stats", Train, "--encoder", "random-cnn:0", "-n", "300", "-o", stats, "--no-cache");
        Assert.True(exit == 0, err);

        Assert.Equal(["mu", "sigma", "count", "genmetrics"], Npz.ListArrays(stats));   // pytorch-fid and clean-fid read mu, sigma by name
        var p = StatsFile.ReadProvenance(stats)!;
        Assert.Equal(new EncoderId("random-cnn", "random-cnn-v1", null, "seed=0"), p.Encoder);
        Assert.Equal("tf@64", p.Protocol);
        Assert.Equal(300, p.Count);
        Assert.Equal(GenMetrics.Reports.ResultJson.Version, p.Version);
        Assert.Equal(Train, p.Source);
        Assert.Equal(300, StatsFile.Read(stats).Count);

        // The stored count is reported, and the images go through the recorded encoder when none is named.
        var json = dir.File("r.json");
        (exit, _, err) = CliHarness.Run("eval", stats, Test, "-n", "300", "-o", json, "--no-cache");
        Assert.True(exit == 0, err);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var real = doc.RootElement.GetProperty("inputs").GetProperty("real");
        Assert.Equal(300, real.GetProperty("count").GetInt32());
        Assert.Equal("statistics", real.GetProperty("kind").GetString());
        Assert.Equal("random-cnn", doc.RootElement.GetProperty("encoder").GetProperty("name").GetString());
        Assert.Contains(doc.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("statistics are used whole (N=300)"));
    }

    [Fact]
    public void Eval_refuses_statistics_of_another_encoder_naming_both()
    {
        using var dir = Fixtures.TempDir();
        var stats = dir.File("rc0.npz");
        Assert.Equal(0, CliHarness.Run("stats", Train, "--encoder", "random-cnn", "-n", "100", "-o", stats, "--no-cache").Exit);
        var json = dir.File("r.json");
        var (exit, _, err) = CliHarness.Run("eval", stats, Test, "--encoder", "random-cnn:1", "-n", "100", "-o", json, "--no-cache");
        Assert.Equal(2, exit);
        Assert.False(File.Exists(json));
        Assert.Contains("rc0.npz was made by random-cnn[seed=0] (random-cnn-v1) with tf@64", err);
        Assert.Contains("would be encoded by random-cnn[seed=1]", err);
    }

    [Fact]
    public void Statistics_without_provenance_work_with_a_warning()
    {
        using var dir = Fixtures.TempDir();
        var a = SyntheticFeatures.Create(61, 200, 8);
        var b = SyntheticFeatures.Create(62, 200, 8, shift: 0.1f);
        var plain = dir.File("plain.npz");
        StatsFile.Write(plain, GenMetrics.Metrics.Fid.Summarize(a));     // mu and sigma only, as pytorch-fid writes
        var pb = dir.File("b.npy");
        Npy.Write(pb, b.Span, b.Rows, b.Columns);
        var json = dir.File("r.json");
        var (exit, _, err) = CliHarness.Run("eval", plain, pb, "-o", json);
        Assert.True(exit == 0, err);
        Assert.Contains("without GenMetrics provenance", err);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(GenMetrics.Metrics.Fid.Compute(a, b), doc.RootElement.GetProperty("metrics").GetProperty("fid").GetDouble(), 10);
        Assert.Equal(0, doc.RootElement.GetProperty("inputs").GetProperty("real").GetProperty("count").GetInt32());
        Assert.Contains(doc.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("without GenMetrics provenance"));
    }
}
