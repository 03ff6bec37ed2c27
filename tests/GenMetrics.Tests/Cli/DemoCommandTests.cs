using System.Text.Json.Nodes;
using GenMetrics.Tests.Support;
using GenMetrics.Tracking;

namespace GenMetrics.Tests.Cli;

/// <summary>One run of <c>genmetrics demo</c> on the committed Fashion-MNIST subset, shared by the tests that read it.</summary>
public sealed class DemoRunFixture : IDisposable
{
    public DemoRunFixture()
    {
        // --no-inception: the same run on a machine whose cache holds the Inception weights (DemoInceptionTests has that case).
        (Exit, Out, Err) = CliHarness.Run("demo", "-o", Dir.Path, "--images", FashionMnist.Dir, "--bootstrap", "20", "--no-inception", "--progress", "none");
        foreach (var file in Directory.Exists(Dir.File("results")) ? Directory.GetFiles(Dir.File("results"), "*.json") : [])
            Results[Path.GetFileNameWithoutExtension(file)] = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
    }

    internal TempDir Dir { get; } = Fixtures.TempDir();
    public int Exit { get; }
    public string Out { get; }
    public string Err { get; }
    public Dictionary<string, JsonObject> Results { get; } = [];

    public double V(string set, string key) => Results[set]["metrics"]![key]!.GetValue<double>();

    public void Dispose() => Dir.Dispose();
}

public class DemoCommandTests(DemoRunFixture demo) : IClassFixture<DemoRunFixture>
{
    private static readonly string[] Sweep = ["psi_0.1", "psi_0.2", "psi_0.3", "psi_0.4", "psi_0.5", "psi_0.6", "psi_0.7", "psi_0.8", "psi_0.9", "psi_1.0"];

    [Fact]
    public void Demo_writes_the_report_the_run_database_and_a_table_with_a_sentence_per_row()
    {
        Assert.True(demo.Exit == 0, demo.Err);
        Assert.Contains("what it shows", demo.Out);
        Assert.Contains($"Report: {Path.Combine(demo.Dir.Path, "report.html")}", demo.Out);
        Assert.Contains("[dropped:", demo.Out);
        Assert.DoesNotContain("FID (Inception)", demo.Out);
        var html = File.ReadAllText(demo.Dir.File("report.html"));
        foreach (var chart in new[] { "plane-precision", "plane-density", "curve-fid", "curve-recall" }) Assert.Contains($"data-chart=\"{chart}\"", html);
        Assert.Contains("data-figure=\"step-gallery\"", html);
        Assert.Equal(20, demo.Results.Count);
        // The sweep as a tracked run: step = 100 psi; the lowest FID is the untruncated model's.
        var db = RunDatabase.Open(demo.Dir.File("runs.db"));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => 10L * i), db.Steps("pca-gaussian-psi").Select(s => s.Step));
        Assert.Equal(100, db.Best("pca-gaussian-psi", "fid").Step);
        Assert.True(File.Exists(demo.Dir.File("track.html")));
    }

    /// <summary>Truncation (Brock et al. 2019; Kynkäänniemi et al. 2019): as psi falls, fidelity rises and diversity falls.</summary>
    [Fact]
    public void As_psi_falls_precision_rises_and_recall_and_coverage_fall()
    {
        double V(string set, string key) => demo.V(set, key);
        for (int i = 1; i < Sweep.Length; i++)
        {
            Assert.True(V(Sweep[i], "recall") > V(Sweep[i - 1], "recall"), $"recall {Sweep[i]}");
            Assert.True(V(Sweep[i], "fid") < V(Sweep[i - 1], "fid"), $"fid {Sweep[i]}");
        }
        foreach (var low in Sweep[..5])
        {
            Assert.True(V(low, "precision") > V("psi_1.0", "precision") + 0.01, $"precision {low}");
            Assert.True(V(low, "density") > V("psi_1.0", "density") + 0.05, $"density {low}");
        }
        Assert.True(V("psi_0.1", "coverage") < V("psi_0.5", "coverage") - 0.05);
        Assert.True(V("psi_0.5", "coverage") < V("psi_1.0", "coverage"));
        Assert.True(V("psi_0.1", "recall") < 0.7 * V("psi_1.0", "recall"));
    }

    [Fact]
    public void Dropped_classes_lower_recall_and_coverage_much_more_than_precision_and_are_named()
    {
        double V(string set, string key) => demo.V(set, key);
        double recallLoss = V("psi_1.0", "recall") - V("dropped", "recall");
        double coverageLoss = V("psi_1.0", "coverage") - V("dropped", "coverage");
        double precisionLoss = V("psi_1.0", "precision") - V("dropped", "precision");
        Assert.True(recallLoss > 0.05, $"recall loss {recallLoss}");
        Assert.True(coverageLoss > 0, $"coverage loss {coverageLoss}");
        Assert.True(recallLoss > 3 * Math.Max(precisionLoss, 0.01), $"recall loss {recallLoss}, precision loss {precisionLoss}");
        var dropped = demo.Results["dropped"]["details"]!["modes"]!["dropped"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.Equal(["Bag", "Trouser"], dropped);
        Assert.Equal(8, V("dropped", "modes_covered"));
        Assert.Equal(10, V("psi_1.0", "modes_covered"));
    }

    [Fact]
    public void Copies_give_a_very_negative_ct_and_low_authenticity()
    {
        Assert.True(demo.V("copies", "ct") < -10, $"ct {demo.V("copies", "ct")}");
        Assert.True(demo.V("copies", "authenticity") < 0.1);
        Assert.True(demo.V("copies", "copy_fraction") > 0.9);
        // Held-out images the model never saw: C_T near 0, authenticity about one half, nothing listed.
        Assert.InRange(demo.V("held-out", "ct"), -3, 3);
        Assert.True(demo.V("held-out", "authenticity") > 0.4);
        Assert.True(demo.V("held-out", "copy_fraction") < 0.02);
    }

    [Fact]
    public void Noise_and_blur_raise_fid_monotonically()
    {
        foreach (var kind in new[] { new[] { "held-out", "noise_16", "noise_32", "noise_64" }, ["held-out", "blur_0.6", "blur_1.2", "blur_2.4"] })
            for (int i = 1; i < kind.Length; i++)
                Assert.True(demo.V(kind[i], "fid") > demo.V(kind[i - 1], "fid"), $"{kind[i]} after {kind[i - 1]}");
        // Outliers (15%) cost precision and density about their share.
        Assert.InRange(demo.V("psi_1.0", "precision") - demo.V("outliers", "precision"), 0.08, 0.25);
    }

    [Fact]
    public void A_bad_images_folder_or_an_unwritable_out_fails_before_anything_is_written()
    {
        using var dir = Fixtures.TempDir();
        var outDir = dir.File("out");
        var (exit, _, stderr) = CliHarness.Run("demo", "-o", outDir, "--images", "/nope");
        Assert.Equal(2, exit);
        Assert.Contains("--images /nope: no such folder", stderr);
        Assert.False(Directory.Exists(outDir));

        var readOnly = Support.Unwritable.Folder(dir);
        if (readOnly is null) return;   // no folder here refuses writes to this user
        (exit, _, stderr) = CliHarness.Run("demo", "-o", readOnly, "--images", FashionMnist.Dir);
        Assert.Equal(2, exit);
        Assert.Contains($"--out {Path.Combine(readOnly, "report.html")}: cannot write into folder", stderr);
        Assert.DoesNotContain("   at ", stderr);   // a message, not a stack trace
    }
}
