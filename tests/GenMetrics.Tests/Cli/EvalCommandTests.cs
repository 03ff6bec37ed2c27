using System.Text.Json;
using GenMetrics.Formats;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Cli;

public class EvalCommandTests
{
    private static string WriteFeatures(TempDir dir, string name, FeatureMatrix f)
    {
        var path = dir.File(name);
        Npy.Write(path, f.Span, [f.Rows, f.Columns]);
        return path;
    }

    [Fact]
    public void Eval_writes_json_with_the_contract_keys_and_values_equal_to_the_library()
    {
        using var dir = Fixtures.TempDir();
        var a = SyntheticFeatures.Create(11, 400, 16);
        var b = SyntheticFeatures.Create(12, 300, 16, shift: 0.1f);
        var pa = WriteFeatures(dir, "real.npy", a);
        var pb = WriteFeatures(dir, "fake.npy", b);
        var json = dir.File("out.json");

        var (exit, stdout, stderr) = CliHarness.Run("eval", pa, pb, "--metrics", "fid,kid,prdc", "--kid-subset-size", "100", "--kid-subsets", "10", "--json", json);

        Assert.True(exit == 0, stderr);
        Assert.Contains("fid", stdout);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var m = doc.RootElement.GetProperty("metrics");
        Assert.Equal(GenMetrics.Metrics.Fid.Compute(a, b), m.GetProperty("fid").GetDouble(), 12);
        var kid = GenMetrics.Metrics.Kid.Compute(a, b, new GenMetrics.Metrics.KidOptions { Subsets = 10, SubsetSize = 100 });
        Assert.Equal(kid.Mean, m.GetProperty("kid_mean").GetDouble(), 15);
        Assert.Equal(kid.Std, m.GetProperty("kid_std").GetDouble(), 15);
        foreach (var key in new[] { "precision", "recall", "f_score", "density", "coverage" })
            Assert.InRange(m.GetProperty(key).GetDouble(), 0, 10);
        var inputs = doc.RootElement.GetProperty("inputs");
        Assert.Equal(400, inputs.GetProperty("real").GetProperty("count").GetInt32());
        Assert.Equal(300, inputs.GetProperty("generated").GetProperty("count").GetInt32());
        Assert.Equal(64, inputs.GetProperty("generated").GetProperty("sha256").GetString()!.Length);
        Assert.Equal("features", inputs.GetProperty("generated").GetProperty("kind").GetString());
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("schema_version").GetInt32());
        Assert.Equal("none", root.GetProperty("encoder").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("protocol").ValueKind);
        // Settings are typed JSON values, per metric.
        var settings = root.GetProperty("settings");
        Assert.Equal(10, settings.GetProperty("kid").GetProperty("subsets").GetInt32());
        Assert.Equal(100, settings.GetProperty("kid").GetProperty("subset_size").GetInt32());
        Assert.Equal(2020, settings.GetProperty("kid").GetProperty("seed").GetInt32());
        Assert.Equal(1.0 / 16, settings.GetProperty("kid").GetProperty("gamma").GetDouble());
        Assert.Equal(5, settings.GetProperty("prdc").GetProperty("k").GetInt32());
        Assert.Equal("lower", root.GetProperty("directions").GetProperty("fid").GetString());
        Assert.Equal("none", root.GetProperty("directions").GetProperty("kid_std").GetString());
        Assert.Equal("higher", root.GetProperty("directions").GetProperty("coverage").GetString());
        Assert.StartsWith("torch-fidelity metric_kid.py", root.GetProperty("conventions").GetProperty("kid").GetString());
        Assert.Equal(GenMetrics.Reports.ResultJson.Version, root.GetProperty("versions").GetProperty("genmetrics").GetString());
        foreach (var key in new[] { "details", "timing_s", "warnings" })
            Assert.True(root.TryGetProperty(key, out _), key);
    }

    [Fact]
    public void Dimension_mismatch_exits_2_names_both_files_and_leaves_no_json()
    {
        using var dir = Fixtures.TempDir();
        var pa = WriteFeatures(dir, "real.npy", SyntheticFeatures.Create(1, 50, 8));
        var pb = WriteFeatures(dir, "fake.npy", SyntheticFeatures.Create(2, 50, 9));
        var json = dir.File("out.json");
        var (exit, _, stderr) = CliHarness.Run("eval", pa, pb, "--json", json);
        Assert.Equal(2, exit);
        Assert.Contains("real.npy", stderr);
        Assert.Contains("fake.npy", stderr);
        Assert.False(File.Exists(json));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void Nan_feature_exits_2_and_names_the_file()
    {
        using var dir = Fixtures.TempDir();
        var data = SyntheticFeatures.Create(1, 50, 8).Span.ToArray();
        data[17] = float.NaN;
        var pa = WriteFeatures(dir, "real.npy", SyntheticFeatures.Create(3, 50, 8));
        var pb = WriteFeatures(dir, "bad.npy", new FeatureMatrix(data, 50, 8));
        var (exit, _, stderr) = CliHarness.Run("eval", pa, pb);
        Assert.Equal(2, exit);
        Assert.Contains("bad.npy", stderr);
        Assert.Contains("NaN", stderr);
    }

    [Theory]
    [InlineData("--metrics", "fid,nope", "unknown metric 'nope'")]
    [InlineData("--k", "0", "--k")]
    [InlineData("--encoder", "nope", "unknown encoder")]
    [InlineData("--encoder", "inception", "an image encoder needs images")]
    [InlineData("--metrics", "prdc,pr", "choose one")]
    [InlineData("--kid-subsets", "10", "--kid-subsets: applies to kid, and none of them is selected (--metrics fid)")]
    [InlineData("--seed", "5000000000", "--seed: 5000000000 is not a valid seed")]
    [InlineData("--device", "cuda", "--device: cuda:0: ")]   // then what is missing (ComputeDeviceTests)
    [InlineData("--num-samples", "0", "--num-samples: must be at least 1")]
    [InlineData("--num-samples", "51", "--num-samples: 51 samples asked for")]
    public void Bad_options_exit_2_with_a_message(string option, string value, string expected)
    {
        using var dir = Fixtures.TempDir();
        var pa = WriteFeatures(dir, "a.npy", SyntheticFeatures.Create(1, 50, 8));
        var pb = WriteFeatures(dir, "b.npy", SyntheticFeatures.Create(2, 50, 8));
        string[] more = option is "--seed" ? ["--metrics", "kid,is"] : [];
        var (exit, _, stderr) = CliHarness.Run(["eval", pa, pb, option, value, .. more]);
        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr);
    }

    [Fact]
    public void Metric_options_come_from_the_registry_and_reach_every_metric_that_takes_them()
    {
        using var dir = Fixtures.TempDir();
        var a = SyntheticFeatures.Create(41, 120, 8);
        var b = SyntheticFeatures.Create(42, 120, 8, shift: 0.3f);
        var json = dir.File("o.json");
        var (exit, _, err) = CliHarness.Run("eval", WriteFeatures(dir, "a.npy", a), WriteFeatures(dir, "b.npy", b), "--metrics", "kid,pr",
            "--kid-subsets", "3", "--kid-subset-size", "50", "--seed", "7", "--k", "4", "-o", json);
        Assert.True(exit == 0, err);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var kid = GenMetrics.Metrics.Kid.Compute(a, b, new GenMetrics.Metrics.KidOptions { Subsets = 3, SubsetSize = 50, Seed = 7 });
        Assert.Equal(kid.Mean, doc.RootElement.GetProperty("metrics").GetProperty("kid_mean").GetDouble(), 15);
        var pr = GenMetrics.Metrics.Prdc.Compute(a, b, GenMetrics.Metrics.PrdcOptions.TorchFidelity with { K = 4 });
        Assert.Equal(pr.Precision, doc.RootElement.GetProperty("metrics").GetProperty("precision").GetDouble(), 15);
        Assert.Equal(4, doc.RootElement.GetProperty("settings").GetProperty("pr").GetProperty("k").GetInt32());

        var (_, help, _) = CliHarness.Run("eval", "--help");
        foreach (var name in GenMetrics.Evaluation.MetricRegistry.Default.Names) Assert.Contains($"{name}: ", help);
        Assert.Contains("--kid-subsets", help);
        Assert.Contains("kid: default 100", help);
        Assert.Contains("prdc: default 5, pr: default 3", help);
        Assert.Contains("Examples:", help);
    }

    [Fact]
    public void Num_samples_takes_the_first_n_rows_or_a_seeded_subset_and_save_stats_writes_the_real_statistics()
    {
        using var dir = Fixtures.TempDir();
        var a = SyntheticFeatures.Create(51, 60, 6);
        var b = SyntheticFeatures.Create(52, 60, 6, shift: 0.2f);
        var (pa, pb) = (WriteFeatures(dir, "a.npy", a), WriteFeatures(dir, "b.npy", b));
        var (exit, _, err) = CliHarness.Run("eval", pa, pb, "-n", "40", "--json", dir.File("n.json"), "--save-stats", dir.File("real.npz"));
        Assert.True(exit == 0, err);
        int[] first = [.. Enumerable.Range(0, 40)];
        using (var doc = JsonDocument.Parse(File.ReadAllText(dir.File("n.json"))))
        {
            Assert.Equal(GenMetrics.Metrics.Fid.Compute(a.SelectRows(first), b.SelectRows(first)), doc.RootElement.GetProperty("metrics").GetProperty("fid").GetDouble(), 10);
            Assert.Equal("first 40 of 60", doc.RootElement.GetProperty("inputs").GetProperty("real").GetProperty("selection").GetString());
        }
        var saved = StatsFile.Read(dir.File("real.npz"));
        Assert.Equal(GenMetrics.Metrics.Fid.Summarize(a.SelectRows(first)).Covariance.ToArray(), saved.Covariance.ToArray());

        (exit, _, err) = CliHarness.Run("eval", pa, pb, "-n", "40", "--sample-seed", "3", "--json", dir.File("s.json"));
        Assert.True(exit == 0, err);
        var idx = new GenMetrics.Samples.SampleSelection(40, 3).Indices(60, "x");
        Assert.NotEqual(first, idx);
        using var doc2 = JsonDocument.Parse(File.ReadAllText(dir.File("s.json")));
        Assert.Equal(GenMetrics.Metrics.Fid.Compute(a.SelectRows(idx), b.SelectRows(idx)), doc2.RootElement.GetProperty("metrics").GetProperty("fid").GetDouble(), 10);
    }

    [Fact]
    public void Missing_file_and_usage_errors_exit_2()
    {
        var (exit, _, stderr) = CliHarness.Run("eval", "/nonexistent/a.npy", "/nonexistent/b.npy");
        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent/a.npy", stderr);
        (exit, _, stderr) = CliHarness.Run("eval");
        Assert.Equal(2, exit);
        (exit, _, _) = CliHarness.Run("eval", "a", "b", "c");
        Assert.Equal(2, exit);
    }

    [Fact]
    public void Too_few_samples_for_k_exit_2()
    {
        using var dir = Fixtures.TempDir();
        var pa = WriteFeatures(dir, "a.npy", SyntheticFeatures.Create(1, 5, 8));
        var pb = WriteFeatures(dir, "b.npy", SyntheticFeatures.Create(2, 50, 8));
        var (exit, _, stderr) = CliHarness.Run("eval", pa, pb, "--metrics", "prdc");
        Assert.Equal(2, exit);
        Assert.Contains("a.npy", stderr);
    }

    [Fact]
    public void Kid_subset_larger_than_n_exit_2()
    {
        using var dir = Fixtures.TempDir();
        var pa = WriteFeatures(dir, "a.npy", SyntheticFeatures.Create(1, 500, 8));
        var pb = WriteFeatures(dir, "b.npy", SyntheticFeatures.Create(2, 500, 8));
        var (exit, _, stderr) = CliHarness.Run("eval", pa, pb, "--metrics", "kid");
        Assert.Equal(2, exit);
        Assert.Contains("1000", stderr);
    }

    [Fact]
    public void N_below_d_gives_a_finite_fid_and_a_warning_in_the_json()
    {
        using var dir = Fixtures.TempDir();
        var a = SyntheticFeatures.Create(5, 40, 64);
        var b = SyntheticFeatures.Create(6, 40, 64, shift: 0.2f);
        var json = dir.File("r.json");
        var (exit, _, stderr) = CliHarness.Run("eval", WriteFeatures(dir, "a.npy", a), WriteFeatures(dir, "b.npy", b), "--json", json);
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var fid = doc.RootElement.GetProperty("metrics").GetProperty("fid").GetDouble();
        Assert.True(double.IsFinite(fid) && fid > 0);
        Assert.Contains("N=40 <= d=64", doc.RootElement.GetProperty("warnings")[0].GetString());
        Assert.Contains("warning", stderr);
    }

    [Fact]
    public void Stats_then_eval_on_statistics_equals_eval_on_features()
    {
        using var dir = Fixtures.TempDir();
        var a = SyntheticFeatures.Create(21, 300, 12);
        var b = SyntheticFeatures.Create(22, 300, 12, factor: 0.8f);
        var pa = WriteFeatures(dir, "a.npy", a);
        var pb = WriteFeatures(dir, "b.npy", b);
        Assert.Equal(0, CliHarness.Run("stats", pa, "--out", dir.File("a.npz")).Exit);
        Assert.Equal(0, CliHarness.Run("stats", pb, "--out", dir.File("b.npz")).Exit);
        var (exit, _, err) = CliHarness.Run("eval", dir.File("a.npz"), dir.File("b.npz"), "--json", dir.File("s.json"));
        Assert.True(exit == 0, err);
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("s.json")));
        var fid = doc.RootElement.GetProperty("metrics").GetProperty("fid").GetDouble();
        Assert.Equal(GenMetrics.Metrics.Fid.Compute(a, b), fid, 10);
        Assert.Equal("statistics", doc.RootElement.GetProperty("inputs").GetProperty("real").GetProperty("kind").GetString());

        // KID on a statistics file is a clear input error.
        var (exit2, _, err2) = CliHarness.Run("eval", dir.File("a.npz"), pb, "--metrics", "kid");
        Assert.Equal(2, exit2);
        Assert.Contains("statistics file", err2);
    }

    [Fact]
    public void Corrupt_empty_and_single_sample_inputs_exit_2_naming_the_file()
    {
        using var dir = Fixtures.TempDir();
        var good = WriteFeatures(dir, "good.npy", SyntheticFeatures.Create(1, 50, 8));
        var truncated = dir.File("truncated.npy");
        var bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length - 7)]);
        var notNpy = dir.File("text.npy");
        File.WriteAllText(notNpy, "not an array");
        var empty = dir.File("empty.npy");
        Npy.Write(empty, ReadOnlySpan<float>.Empty, 0, 8);
        var single = WriteFeatures(dir, "single.npy", SyntheticFeatures.Create(2, 1, 8));

        foreach (var bad in new[] { truncated, notNpy, empty, single })
        {
            var json = dir.File("out.json");
            var (exit, _, stderr) = CliHarness.Run("eval", good, bad, "--json", json);
            Assert.True(exit == 2, $"{bad}: exit {exit}, {stderr}");
            Assert.Contains(System.IO.Path.GetFileName(bad), stderr);
            Assert.False(File.Exists(json));
        }
    }

    [Fact]
    public void Inception_score_from_one_input_equals_the_library()
    {
        using var dir = Fixtures.TempDir();
        var logits = SyntheticFeatures.Create(31, 200, 20, factor: 2f);
        var p = WriteFeatures(dir, "logits.npy", logits);
        // A features file alone does not say it holds logits: the metric must be named.
        var (exit0, _, err0) = CliHarness.Run("eval", p);
        Assert.Equal(2, exit0);
        Assert.Contains("name what to compute (--metrics is, if the file holds class logits)", err0);
        var (exit, stdout, stderr) = CliHarness.Run("eval", p, "--metrics", "is", "--json", dir.File("is.json"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("has 20 columns, but class logits have one per class", stderr);
        Assert.Contains("is_mean", stdout);
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("is.json")));
        var expected = GenMetrics.Metrics.InceptionScore.Compute(logits);
        Assert.Equal(expected.Mean, doc.RootElement.GetProperty("metrics").GetProperty("is_mean").GetDouble(), 14);
        Assert.Equal(expected.Std, doc.RootElement.GetProperty("metrics").GetProperty("is_std").GetDouble(), 14);
        // Metrics that compare two sets need the real one too.
        var (exit2, _, err2) = CliHarness.Run("eval", p, "--metrics", "fid");
        Assert.Equal(2, exit2);
        Assert.Contains("real", err2);
    }

    [Fact]
    public void Identical_inputs_give_fid_exactly_zero_and_kid_warns_when_every_subset_is_the_whole_set()
    {
        using var dir = Fixtures.TempDir();
        var a = SyntheticFeatures.Create(91, 300, 16);
        var pa = WriteFeatures(dir, "a.npy", a);
        var json = dir.File("r.json");
        var (exit, _, err) = CliHarness.Run("eval", pa, pa, "-m", "fid,kid", "--kid-subset-size", "300", "--kid-subsets", "3", "-o", json);
        Assert.True(exit == 0, err);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(0.0, doc.RootElement.GetProperty("metrics").GetProperty("fid").GetDouble());   // not -2.8e-14
        Assert.Equal(0.0, doc.RootElement.GetProperty("metrics").GetProperty("kid_std").GetDouble());
        Assert.Contains(doc.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("every subset is the whole set and kid_std = 0 says nothing"));
    }
}
