using GenMetrics.Cli.Commands;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Cli;

public class DemoCommandTests
{
    [Fact]
    public void Each_failure_is_caught_by_the_metric_meant_to_catch_it()
    {
        var r = DemoCommand.Run(2000, 1, null).ToDictionary(x => x.Name, x => x.Result);
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
    public void Image_part_fid_rises_with_noise_on_fashion_mnist()
    {
        var folder = Path.Combine(Fixtures.RepoRoot, "samples", "fashion-mnist");
        var rows = DemoImages.Run(folder, 300);
        Assert.Equal(["train, other half", "test", "test + noise sigma=16", "test + noise sigma=32", "test + noise sigma=64"], rows.Select(r => r.Name));
        for (int i = 2; i < rows.Count; i++) Assert.True(rows[i].Fid > rows[i - 1].Fid, rows[i].Name);
        Assert.True(rows[2].Fid > rows[0].Fid && rows[2].Fid > rows[1].Fid);   // n=300: 0.047 vs 0.028 and 0.023 (sampling floor)
        Assert.True(rows[^1].Prdc.Density < rows[0].Prdc.Density - 0.3);

        var (exit, stdout, stderr) = CliHarness.Run("demo", "--n", "1000", "--images", folder, "--image-n", "200");
        Assert.True(exit == 0, stderr);
        Assert.Contains("test + noise sigma=64", stdout);
        (exit, _, stderr) = CliHarness.Run("demo", "--images", folder, "--image-n", "5000");
        Assert.Equal(2, exit);
        Assert.Contains("--image-n 5000", stderr);
    }
}
