using System.Diagnostics;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Cli;

/// <summary>Progress on standard error (issue 7, item 4): plain lines in logs, none on request, downloads said at once.</summary>
[Collection("GENMETRICS_HOME")]
public sealed class ProgressTests : IDisposable
{
    private static readonly string Train = Path.Combine(Fixtures.RepoRoot, "samples", "fashion-mnist", "train-images-idx3-ubyte.gz");
    private static readonly string Test = Path.Combine(Fixtures.RepoRoot, "samples", "fashion-mnist", "t10k-images-idx3-ubyte.gz");
    private readonly TempDir _dir = Fixtures.TempDir();
    private readonly string? _home = Environment.GetEnvironmentVariable("GENMETRICS_HOME");
    private readonly string? _urlBase = Environment.GetEnvironmentVariable("GENMETRICS_WEIGHTS_URL_BASE");

    public ProgressTests() => Environment.SetEnvironmentVariable("GENMETRICS_HOME", _dir.File("home"));

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("GENMETRICS_HOME", _home);
        Environment.SetEnvironmentVariable("GENMETRICS_WEIGHTS_URL_BASE", _urlBase);
        _dir.Dispose();
    }

    [Fact]
    public void A_redirected_run_logs_plain_lines_per_stage_and_none_asks_for_silence()
    {
        var (exit, _, err) = CliHarness.Run("eval", Train, Test, "--encoder", "random-cnn", "-n", "200", "-m", "fid,prdc", "-q");
        Assert.True(exit == 0, err);
        Assert.Matches(@"\[\d\d:\d\d\] .*train-images-idx3-ubyte.gz: decoding and encoding 200 images", err);
        Assert.Matches(@"train-images-idx3-ubyte.gz: 200 images decoded and encoded in \d\d:\d\d \([\d.]+ images/s\)", err);
        Assert.Contains("metric fid: computing", err);
        Assert.Matches(@"metric prdc: done in \d\d:\d\d", err);

        // A second run finds the features in the cache and says so.
        (exit, _, err) = CliHarness.Run("eval", Train, Test, "--encoder", "random-cnn", "-n", "200", "-q");
        Assert.True(exit == 0, err);
        Assert.Contains("200 images: features from the cache", err);

        (exit, _, err) = CliHarness.Run("eval", Train, Test, "--encoder", "random-cnn", "-n", "200", "-q", "--progress", "none");
        Assert.True(exit == 0, err);
        Assert.Equal("", err);
        (exit, _, err) = CliHarness.Run("eval", Train, Test, "--progress", "loud");
        Assert.Equal(2, exit);
        Assert.Contains("--progress loud: expected bar, plain or none", err);
    }

    [Fact]
    public async Task A_child_process_with_stderr_in_a_file_writes_progress_lines_to_it()
    {
        var log = _dir.File("log.txt");
        var cli = Path.Combine(AppContext.BaseDirectory, "GenMetrics.Cli.dll");
        var start = new ProcessStartInfo("sh", ["-c", $"dotnet '{cli}' stats '{Train}' --encoder random-cnn -n 300 -o '{_dir.File("s.npz")}' 2>'{log}'"]);
        start.Environment["GENMETRICS_HOME"] = _dir.File("home");
        using var p = Process.Start(start)!;
        await p.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token);
        Assert.Equal(0, p.ExitCode);
        var text = await File.ReadAllTextAsync(log);
        Assert.Contains("decoding and encoding 300 images", text);
        Assert.Contains("300 images decoded and encoded in", text);
        Assert.DoesNotContain("\u001b[", text);   // no terminal escapes in a log
    }

    [Fact]
    public void A_download_says_at_once_where_it_connects()
    {
        var port = LocalHttpServer.UnusedPort();
        Environment.SetEnvironmentVariable("GENMETRICS_WEIGHTS_URL_BASE", $"http://127.0.0.1:{port}/");
        var images = _dir.File("i.npy");
        GenMetrics.Formats.Npy.Write(images, new byte[4 * 8 * 8 * 3], 4, 8, 8, 3);
        var (exit, _, err) = CliHarness.Run("eval", images, images, "-q");
        Assert.Equal(2, exit);
        Assert.Contains($"weights inception-2015-12-05: connecting to http://127.0.0.1:{port}/pt_inception-2015-12-05-6726825d.pth", err);
        Assert.Contains("or give its path with --weights", err);
    }
}
