using GenMetrics.Cli.Commands;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Cli;

public class DemoCommandTests
{
    [Fact]
    public void Each_failure_is_caught_by_the_metric_meant_to_catch_it()
    {
        var r = DemoCommand.Run(2000, 1).Skip(1).ToDictionary(x => x.Name, x => x.Result);
        double V(string set, string key) => r[set][key]!.Value;

        // FID rises for every failure; KID for the between-mode failures (its cubic kernel misses within-mode collapse
        // at this sample size: the low-diversity set's KID is within its own subset spread of the faithful one's).
        foreach (var set in new[] { "mode-dropped", "outliers", "low-diversity" })
            Assert.True(V(set, "fid") > 10 * V("faithful", "fid"), set);
        foreach (var set in new[] { "mode-dropped", "outliers" })
            Assert.True(V(set, "kid_mean") > V("faithful", "kid_mean") + 5 * r["faithful"]["kid_std"]!.Value, set);
        Assert.True(Math.Abs(V("low-diversity", "kid_mean") - V("faithful", "kid_mean")) < 2 * r["faithful"]["kid_std"]!.Value);

        // The faithful set: density near 1, coverage near its expectation 1 - prod (N-i)/(N+M-i) = 0.969 (k=5, N=M=2000).
        Assert.InRange(V("faithful", "density"), 0.9, 1.1);
        Assert.InRange(V("faithful", "coverage"), 0.95, 0.99);
        Assert.InRange(V("faithful", "precision"), 0.7, 0.9);   // below 1 in d=64 at N=2000 even for a perfect model
        Assert.InRange(V("faithful", "recall"), 0.7, 0.9);
        // Mode dropping (half the modes): recall and coverage fall to about half; precision and density stay.
        Assert.InRange(V("mode-dropped", "recall"), 0.3, 0.6);
        Assert.InRange(V("mode-dropped", "coverage"), 0.4, 0.6);
        Assert.True(V("mode-dropped", "precision") > V("faithful", "precision") - 0.05);
        Assert.True(V("mode-dropped", "density") > V("faithful", "density") - 0.1);
        // Outliers (15%): precision and density fall by about that share; coverage stays.
        Assert.InRange(V("faithful", "precision") - V("outliers", "precision"), 0.08, 0.2);
        Assert.InRange(V("faithful", "density") - V("outliers", "density"), 0.08, 0.25);
        Assert.True(V("outliers", "coverage") > 0.9);
        // Low diversity: recall collapses and density explodes (samples crowd the modes' centres).
        Assert.True(V("low-diversity", "recall") < 0.05);
        Assert.True(V("low-diversity", "density") > 5);
    }

    [Fact]
    public void Demo_out_writes_features_and_results()
    {
        using var dir = Fixtures.TempDir();
        var (exit, stdout, stderr) = CliHarness.Run("demo", "--out", dir.Path, "--n", "1000", "--images", "none");
        Assert.True(exit == 0, stderr);
        Assert.Contains("mode-dropped", stdout);
        foreach (var name in new[] { "real", "faithful", "mode-dropped", "outliers", "low-diversity" })
            Assert.True(File.Exists(dir.File(name + ".npy")), name);
        var f = GenMetrics.Formats.FeatureFile.Read(dir.File("outliers.npy"));
        Assert.Equal((1000, 64), (f.Rows, f.Columns));
        Assert.Contains("\"fid\"", File.ReadAllText(dir.File("faithful.json")));
    }

    [Fact]
    public void A_bad_images_folder_or_an_unwritable_out_fails_before_anything_is_written()
    {
        using var dir = Fixtures.TempDir();
        var outDir = dir.File("out");
        var (exit, _, stderr) = CliHarness.Run("demo", "-o", outDir, "--n", "1000", "--images", "/nope");
        Assert.Equal(2, exit);
        Assert.Contains("--images /nope: no such folder", stderr);
        Assert.False(Directory.Exists(outDir));

        var readOnly = Support.Unwritable.Folder(dir);
        if (readOnly is null) return;   // no folder here refuses writes to this user
        (exit, _, stderr) = CliHarness.Run("demo", "-o", readOnly, "--n", "1000", "--images", "none");
        Assert.Equal(2, exit);
        Assert.Contains($"--out {Path.Combine(readOnly, "probe.json")}: cannot write into folder", stderr);
        Assert.DoesNotContain("   at ", stderr);   // a message, not a stack trace
    }
}
