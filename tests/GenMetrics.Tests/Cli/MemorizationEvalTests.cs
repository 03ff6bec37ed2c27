using System.Text.Json;
using GenMetrics.Formats;
using GenMetrics.Metrics;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Cli;

/// <summary>Feature files for the memorization metrics: train, a held-out test set, and generated = 40 near-copies of train + 160 fresh points.</summary>
public sealed class MemorizationFiles : IDisposable
{
    internal TempDir Dir { get; } = Fixtures.TempDir();

    internal FeatureMatrix Train { get; } = SyntheticFeatures.Create(301, 400, 24, name: "train");
    internal FeatureMatrix Test { get; } = SyntheticFeatures.Create(302, 300, 24, name: "test");
    internal FeatureMatrix Generated { get; }

    public MemorizationFiles()
    {
        var fresh = SyntheticFeatures.Create(303, 200, 24, shift: 0.05f);
        var data = fresh.Span.ToArray();
        var t = Train.Span;
        for (int i = 0; i < 40 * 24; i++) data[i] = t[i] + 1e-3f * data[i];
        Generated = new FeatureMatrix(data, 200, 24, "generated");
        foreach (var (name, m) in new[] { ("train.npy", Train), ("test.npy", Test), ("gen.npy", Generated) })
            Npy.Write(Dir.File(name), m.Span, m.Rows, m.Columns);
    }

    internal string this[string name] => Dir.File(name);

    public void Dispose() => Dir.Dispose();
}

/// <summary>Issue 9: the memorization and diversity metrics through <c>eval</c>, equal to the library's computations.</summary>
public class MemorizationEvalTests(MemorizationFiles files) : IClassFixture<MemorizationFiles>
{
    private JsonElement Eval(params string[] args)
    {
        var json = files.Dir.File($"r-{Guid.NewGuid():N}.json");
        var (exit, _, stderr) = CliHarness.Run([.. args, "-o", json, "-q"]);
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void Every_metric_equals_its_library_computation_and_records_keys_settings_details_and_directions()
    {
        var r = Eval("eval", files["test.npy"], files["gen.npy"], "--train", files["train.npy"],
            "-m", "mifid,ct,alpha_precision,copies,vendi,fd_inf,mind", "--ct-cells", "2");
        var m = r.GetProperty("metrics");
        var (train, test, gen) = (files.Train, files.Test, files.Generated);

        var fid = Fid.Compute(test, gen);
        var cos = Mifid.CosineDistance(train, gen, GenMetrics.Numerics.Simd.Best);
        var mifid = Mifid.FromParts(fid, cos, new MifidOptions());
        Assert.Equal(mifid.Value, m.GetProperty("mifid").GetDouble(), 9);
        Assert.Equal(cos, m.GetProperty("mifid_distance").GetDouble(), 15);
        Assert.Equal("train", r.GetProperty("settings").GetProperty("mifid").GetProperty("distance_against").GetString());

        var ct = DataCopying.Compute(train, test, gen, new DataCopyingOptions(Cells: 2));
        Assert.Equal(ct.Ct, m.GetProperty("ct").GetDouble(), 14);
        var cells = r.GetProperty("details").GetProperty("ct").GetProperty("cells");
        Assert.Equal(2, cells.GetArrayLength());
        Assert.Equal(ct.Cells[1].Z, cells[1].GetProperty("z").GetDouble(), 14);
        Assert.Equal(ct.Cells[1].Test, cells[1].GetProperty("test").GetInt32());
        Assert.Equal("none", r.GetProperty("directions").GetProperty("ct").GetString());

        var ap = AlphaPrecision.Compute(test, gen, train);
        Assert.Equal(ap.AlphaPrecision, m.GetProperty("alpha_precision").GetDouble(), 15);
        Assert.Equal(ap.BetaRecall, m.GetProperty("beta_recall").GetDouble(), 15);
        Assert.Equal(ap.Authenticity, m.GetProperty("authenticity").GetDouble(), 15);
        Assert.Equal(30, r.GetProperty("details").GetProperty("alpha_precision").GetProperty("precision_curve").GetArrayLength());
        Assert.Equal("train", r.GetProperty("settings").GetProperty("alpha_precision").GetProperty("authenticity_against").GetString());

        var copies = Copies.Compute(train, gen);
        Assert.Equal(copies.Fraction, m.GetProperty("copy_fraction").GetDouble(), 15);
        var items = r.GetProperty("details").GetProperty("copies").GetProperty("items");
        Assert.Equal(40, items.GetArrayLength());   // the near-copies, each with the training row it copies
        foreach (var item in items.EnumerateArray())
            Assert.Equal(item.GetProperty("generated").GetInt32(), item.GetProperty("train").GetInt32());
        Assert.False(items[0].TryGetProperty("generated_name", out _));   // features files carry no item names

        Assert.Equal(Vendi.Compute(gen).Score, m.GetProperty("vendi").GetDouble(), 12);
        var fdInf = FdInfinity.Compute(test, gen);
        Assert.Equal(fdInf.Value, m.GetProperty("fd_inf").GetDouble(), 10);
        Assert.Equal(15, r.GetProperty("details").GetProperty("fd_inf").GetProperty("fids").GetArrayLength());
        Assert.Equal(fdInf.SampleSizes[0], r.GetProperty("details").GetProperty("fd_inf").GetProperty("sample_sizes")[0].GetInt32());
        Assert.Equal(Mind.Compute(test, gen).Value, m.GetProperty("mind").GetDouble(), 12);

        var directions = r.GetProperty("directions");
        foreach (var (key, dir) in new[] { ("mifid", "lower"), ("authenticity", "higher"), ("copy_fraction", "lower"), ("vendi", "higher"), ("fd_inf", "lower"), ("mind", "lower") })
            Assert.Equal(dir, directions.GetProperty(key).GetString());
        Assert.Equal(files["train.npy"], r.GetProperty("inputs").GetProperty("train").GetProperty("source").GetString());
        Assert.Equal(400, r.GetProperty("inputs").GetProperty("train").GetProperty("count").GetInt32());
    }

    [Fact]
    public void Without_train_authenticity_copies_and_mifid_use_the_real_set()
    {
        var r = Eval("eval", files["train.npy"], files["gen.npy"], "-m", "authenticity,copies,mifid");
        var (train, gen) = (files.Train, files.Generated);
        Assert.Equal(AlphaPrecision.Compute(train, gen).Authenticity, r.GetProperty("metrics").GetProperty("authenticity").GetDouble(), 15);
        Assert.Equal("real", r.GetProperty("settings").GetProperty("alpha_precision").GetProperty("authenticity_against").GetString());
        Assert.Equal("real", r.GetProperty("details").GetProperty("copies").GetProperty("against").GetString());
        Assert.Equal(40, r.GetProperty("details").GetProperty("copies").GetProperty("items").GetArrayLength());
        Assert.Equal(Mifid.Compute(train, gen).Value, r.GetProperty("metrics").GetProperty("mifid").GetDouble(), 9);
    }

    [Fact]
    public void Options_reach_the_metrics()
    {
        var (train, test, gen) = (files.Train, files.Test, files.Generated);
        var r = Eval("eval", files["test.npy"], files["gen.npy"], "--train", files["train.npy"],
            "-m", "mifid,vendi,authenticity,copies,fd_inf,mind,ct", "--mifid-direction", "kaggle", "--mifid-eps", "0.2", "--vendi-q", "inf",
            "--authenticity-rule", "main-branch", "--copy-ratio", "0.9", "--fd-inf-points", "5", "--mind-projections", "50", "--seed", "7",
            "--ct-tau", "0.3", "--ct-pca", "0");
        var m = r.GetProperty("metrics");
        var s = r.GetProperty("settings");
        Assert.Equal(Mifid.FromParts(Fid.Compute(test, gen), Mifid.CosineDistance(gen, train, GenMetrics.Numerics.Simd.Best), new MifidOptions(0.2)).Value,
            m.GetProperty("mifid").GetDouble(), 9);
        Assert.Equal("kaggle", s.GetProperty("mifid").GetProperty("direction").GetString());
        Assert.Equal(Vendi.Compute(gen, new VendiOptions(double.PositiveInfinity)).Score, m.GetProperty("vendi").GetDouble(), 12);
        Assert.Equal("inf", s.GetProperty("vendi").GetProperty("q").GetString());
        Assert.Equal(AlphaPrecision.Compute(test, gen, train, new AlphaPrecisionOptions(Authenticity: AuthenticityRule.MainBranch)).Authenticity,
            m.GetProperty("authenticity").GetDouble(), 15);
        Assert.StartsWith("main branch", s.GetProperty("alpha_precision").GetProperty("authenticity_rule").GetString());
        Assert.Equal(Copies.Compute(train, gen, new CopiesOptions(0.9)).Fraction, m.GetProperty("copy_fraction").GetDouble(), 15);
        Assert.Equal(FdInfinity.Compute(test, gen, new FdInfOptions(5, 7)).Value, m.GetProperty("fd_inf").GetDouble(), 10);
        Assert.Equal(Mind.Compute(test, gen, new MindOptions(50, 7)).Value, m.GetProperty("mind").GetDouble(), 12);
        Assert.Equal(DataCopying.Compute(train, test, gen, new DataCopyingOptions(PcaDimensions: 0, Seed: 7, Tau: 0.3)).Ct, m.GetProperty("ct").GetDouble(), 14);
        Assert.Equal(0.3, s.GetProperty("ct").GetProperty("tau").GetDouble());
    }

    [Fact]
    public void Ct_takes_cells_from_a_labels_file()
    {
        int[] Labels(int n, int k) => [.. Enumerable.Range(0, n).Select(i => i % k)];
        var cells = new DataCopyingCells(Labels(400, 2), Labels(300, 2), Labels(200, 2));
        var path = files.Dir.File("cells.npz");
        Npz.Write(path, [
            new("train", NpyArray.From<long>(cells.Train.Select(x => (long)x).ToArray(), [400])),
            new("test", NpyArray.From<long>(cells.Test.Select(x => (long)x).ToArray(), [300])),
            new("generated", NpyArray.From<long>(cells.Generated.Select(x => (long)x).ToArray(), [200])),
        ]);
        var r = Eval("eval", files["test.npy"], files["gen.npy"], "--train", files["train.npy"], "-m", "ct", "--ct-cell-labels", path);
        var expected = DataCopying.Compute(files.Train, files.Test, files.Generated, new DataCopyingOptions(CellLabels: cells));
        Assert.Equal(expected.Ct, r.GetProperty("metrics").GetProperty("ct").GetDouble(), 14);
        Assert.Equal("labels", r.GetProperty("details").GetProperty("ct").GetProperty("partition").GetString());
        Assert.Contains("cells.npz", r.GetProperty("settings").GetProperty("ct").GetProperty("partition").GetString());
    }

    [Fact]
    public void Bootstrap_intervals_reach_the_table_and_the_json()
    {
        var json = files.Dir.File("boot.json");
        var (exit, stdout, stderr) = CliHarness.Run("eval", files["test.npy"], files["gen.npy"], "--train", files["train.npy"],
            "-m", "fid,ct,authenticity,vendi", "--bootstrap", "8", "--bootstrap-real", "-o", json);
        Assert.True(exit == 0, stderr);
        Assert.Contains("95% interval", stdout);
        Assert.Contains("bootstrap: 8 resamples with replacement, seed 2020", stdout);
        Assert.Contains("no interval: beta_recall, vendi", stdout);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        var intervals = root.GetProperty("intervals");
        foreach (var key in new[] { "fid_ci", "ct_ci", "alpha_precision_ci", "authenticity_ci" })
            Assert.True(intervals.GetProperty(key)[0].GetDouble() <= intervals.GetProperty(key)[1].GetDouble(), key);
        Assert.False(intervals.TryGetProperty("vendi_ci", out _));
        var resampled = root.GetProperty("bootstrap").GetProperty("resampled");
        Assert.Equal(2, resampled.GetProperty("ct").GetArrayLength());               // test and generated
        Assert.Equal(1, resampled.GetProperty("alpha_precision").GetArrayLength());  // generated only
        Assert.True(root.GetProperty("timing_s").GetProperty("bootstrap").GetDouble() >= 0);
    }

    [Fact]
    public void Help_lists_the_new_metrics_and_their_flags_with_defaults()
    {
        var (exit, stdout, _) = CliHarness.Run("eval", "--help");
        Assert.Equal(0, exit);
        foreach (var s in new[] { "--train", "--mifid-direction", "--mifid-eps", "--ct-cells", "--ct-tau", "--ct-cell-labels", "--authenticity-rule",
                     "--copy-ratio", "--vendi-q", "--fd-inf-points", "--mind-projections", "ct: default auto", "vendi: default 1", "mifid: default torchmetrics" })
            Assert.Contains(s, stdout);
    }
}
