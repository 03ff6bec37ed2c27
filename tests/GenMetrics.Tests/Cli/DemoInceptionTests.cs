using System.Text.Json.Nodes;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Cli;

/// <summary>
/// <c>genmetrics demo --weights</c>: every set's FID through the FID Inception too, here from stand-in weights
/// (<see cref="StandInInceptionHome"/>). Runs alone because it sets GENMETRICS_HOME for the process.
/// </summary>
[Collection("GENMETRICS_HOME")]
public sealed class DemoInceptionTests : IDisposable
{
    private readonly StandInInceptionHome _standIn = new();

    public void Dispose() => _standIn.Dispose();

    [Fact]
    public void Given_inception_weights_every_set_also_gets_its_fid_through_inception()
    {
        var dir = _standIn.Home.File("demo");
        var (exit, stdout, stderr) = CliHarness.Run("demo", "-o", dir, "--images", FashionMnist.Dir, "--n", "100", "--bootstrap", "0",
            "--weights", _standIn.Weights, "--progress", "none");
        Assert.True(exit == 0, stderr);
        Assert.Contains("FID (Inception)", stdout);
        Assert.Contains("does not start with 6726825d", stderr);   // stand-in weights are flagged once
        var files = Directory.GetFiles(Path.Combine(dir, "results"), "*.inception.json");
        Assert.Equal(20, files.Length);
        double Fid(string set)
        {
            var root = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "results", set + ".inception.json")))!;
            Assert.Equal("inception", root["encoder"]!["name"]!.GetValue<string>());
            Assert.Equal(_standIn.WeightsSha, root["encoder"]!["weights_sha256"]!.GetValue<string>());
            Assert.Equal(1000, root["inputs"]!["real"]!["count"]!.GetValue<int>());
            Assert.Equal(100, root["inputs"]!["generated"]!["count"]!.GetValue<int>());
            return root["metrics"]!["fid"]!.GetValue<double>();
        }
        // Even through random Inception weights, noise far from the images moves the features most.
        Assert.True(Fid("noise_64") > Fid("held-out"), $"noise_64 {Fid("noise_64")} vs held-out {Fid("held-out")}");
        Assert.Contains("FID through Inception:", File.ReadAllText(Path.Combine(dir, "report.html")));
    }

    [Fact]
    public void No_inception_refuses_weights_and_an_empty_cache_scores_with_random_cnn_only()
    {
        var (exit, _, stderr) = CliHarness.Run("demo", "-o", _standIn.Home.File("x"), "--images", FashionMnist.Dir, "--weights", _standIn.Weights, "--no-inception");
        Assert.Equal(2, exit);
        Assert.Contains("--no-inception", stderr);
        (exit, _, stderr) = CliHarness.Run("demo", "-o", _standIn.Home.File("y"), "--images", FashionMnist.Dir, "--weights", _standIn.Home.File("nope.pth"));
        Assert.Equal(2, exit);
        Assert.Contains("nope.pth: file not found", stderr);
        Assert.False(Directory.Exists(_standIn.Home.File("y")));
    }
}
