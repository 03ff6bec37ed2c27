using System.Diagnostics;
using System.Text.Json;
using GenMetrics.Formats;
using GenMetrics.Protocols;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Cli;

/// <summary>Outputs (issue 7, item 3): checked before work, atomic, in place on devices and FIFOs, links kept, streamed, cancellable.</summary>
public class OutputTests
{
    private static readonly string Subset = Path.Combine(Fixtures.RepoRoot, "samples", "fashion-mnist");

    private static (string A, string B) Features(TempDir dir)
    {
        var a = SyntheticFeatures.Create(71, 100, 6);
        var b = SyntheticFeatures.Create(72, 100, 6, shift: 0.2f);
        Npy.Write(dir.File("a.npy"), a.Span, a.Rows, a.Columns);
        Npy.Write(dir.File("b.npy"), b.Span, b.Rows, b.Columns);
        return (dir.File("a.npy"), dir.File("b.npy"));
    }

    [Fact]
    public void A_symlink_output_keeps_the_link_and_replaces_its_target()
    {
        if (OperatingSystem.IsWindows()) return;
        using var dir = Fixtures.TempDir();
        var (a, b) = Features(dir);
        var target = dir.File("target.json");
        File.WriteAllText(target, "old");
        var link = dir.File("link.json");
        File.CreateSymbolicLink(link, target);

        var (exit, _, err) = CliHarness.Run("eval", a, b, "-o", link, "-q");

        Assert.True(exit == 0, err);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        using var doc = JsonDocument.Parse(File.ReadAllText(target));
        Assert.True(doc.RootElement.GetProperty("metrics").GetProperty("fid").GetDouble() > 0);
        Assert.Empty(Directory.GetFiles(dir.Path, ".*.tmp"));
    }

    [Fact]
    public async Task A_fifo_output_is_written_in_place()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var dir = Fixtures.TempDir();
        var (a, b) = Features(dir);
        var fifo = dir.File("pipe");
        Process.Start("mkfifo", fifo).WaitForExit();
        var reader = Task.Run(() => File.ReadAllText(fifo));

        var (exit, _, err) = CliHarness.Run("eval", a, b, "-o", fifo, "-q");

        Assert.True(exit == 0, err);
        var text = await reader.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Contains("\"fid\"", text);
        Assert.Equal(GenMetrics.Internals.FileKind.Fifo, GenMetrics.Internals.FileKinds.Of(fifo));   // still a FIFO
    }

    [Fact]
    public void Dash_writes_the_json_to_standard_output_instead_of_the_table()
    {
        using var dir = Fixtures.TempDir();
        var (a, b) = Features(dir);
        var (exit, stdout, err) = CliHarness.Run("eval", a, b, "-o", "-");
        Assert.True(exit == 0, err);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(1, doc.RootElement.GetProperty("schema_version").GetInt32());
        Assert.False(File.Exists("-"));
    }

    [Fact]
    public void Unwritable_outputs_fail_before_any_work()
    {
        using var dir = Fixtures.TempDir();
        var (a, b) = Features(dir);
        var (exit, _, err) = CliHarness.Run("eval", a, b, "-o", dir.Path);
        Assert.Equal(2, exit);
        Assert.Contains($"--out {dir.Path}: is a folder", err);
        (exit, _, err) = CliHarness.Run("eval", a, b, "-o", dir.File("nope/r.json"));
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", err);
        if (Unwritable.Folder(dir) is { } ro)
        {
            // Fails at once: the (slow) image input is never read.
            var sw = Stopwatch.StartNew();
            (exit, _, err) = CliHarness.Run("features", Path.Combine(Subset, "train-images-idx3-ubyte.gz"), "--encoder", "random-cnn", "-o", Path.Combine(ro, "f.npy"));
            Assert.Equal(2, exit);
            Assert.Contains("cannot write into folder", err);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
        }
    }

    [Fact]
    public void Preprocess_streams_batches_in_order_equal_to_the_protocol()
    {
        using var dir = Fixtures.TempDir();
        var images = Path.Combine(Subset, "t10k-images-idx3-ubyte.gz");
        var (exit, _, err) = CliHarness.Run("preprocess", images, "-n", "70", "--protocol", "clean", "-o", dir.File("x.npy"));
        Assert.True(exit == 0, err);
        var x = Npy.Read(dir.File("x.npy"));
        Assert.Equal(new long[] { 70, 3, 299, 299 }, x.Shape);
        var all = x.ToSingle();
        using var src = GenMetrics.Samples.SampleSources.Open(images);
        foreach (var i in new[] { 0, 31, 32, 33, 64, 69 })   // across the 32-image batches and the tail
            Assert.Equal(Protocol.Clean.Preprocess(src.Read(i)), all[(i * 3 * 299 * 299)..((i + 1) * 3 * 299 * 299)]);
    }

    [Fact]
    public void Features_stream_to_disk_and_drop_skipped_images()
    {
        using var dir = Fixtures.TempDir();
        var folder = Directory.CreateDirectory(dir.File("mixed")).FullName;
        foreach (var name in new[] { "bilevel.png", "grey.png", "palette.png" })
            File.Copy(Fixtures.Path("images", "decode", name), Path.Combine(folder, name));
        File.WriteAllBytes(Path.Combine(folder, "b_broken.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);

        var (exit, _, err) = CliHarness.Run("features", folder, "--encoder", "random-cnn", "--skip-invalid", "-o", dir.File("f.npy"), "--batch-size", "2");
        Assert.True(exit == 0, err);
        Assert.Contains("skipped 1 invalid image(s) of 4", err);
        var f = FeatureFile.Read(dir.File("f.npy"));
        Assert.Equal((3, 128), (f.Rows, f.Columns));
        File.Delete(Path.Combine(folder, "b_broken.png"));
        (exit, _, err) = CliHarness.Run("features", folder, "--encoder", "random-cnn", "-o", dir.File("g.npy"), "--no-cache");
        Assert.True(exit == 0, err);
        Assert.Equal(FeatureFile.Read(dir.File("g.npy")).Span.ToArray(), f.Span.ToArray());
        (exit, _, err) = CliHarness.Run("features", folder, "--encoder", "random-cnn", "-o", dir.File("h.npy"), "--logits-out", dir.File("l.npy"));
        Assert.Equal(2, exit);
        Assert.Contains("--logits-out: the random-cnn[seed=0] encoder gives no class logits", err);
        Assert.False(File.Exists(dir.File("h.npy")));
    }

    [Fact]
    public async Task Sigint_during_a_large_write_removes_the_temporary_file_and_exits_130()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var dir = Fixtures.TempDir();
        var cli = Path.Combine(AppContext.BaseDirectory, "GenMetrics.Cli.dll");
        // The subset three times over (6000 images, 6.4 GB of output were it not stopped): the run lasts long enough
        // that the signal lands well before its end, also on a loaded machine.
        var (pixels, shape) = GenMetrics.Samples.Idx.Read(Path.Combine(Subset, "train-images-idx3-ubyte.gz"));
        var images = dir.File("images.npy");
        Npy.Write(images, [.. pixels, .. pixels, .. pixels], 3 * shape[0], shape[1], shape[2]);
        // env --default-signal=INT: a process started with SIGINT ignored (any background job of a non-interactive
        // shell, `nohup ... &`) passes that on, and .NET then leaves SIGINT ignored, as it should; a fresh-clone run
        // of .ci/run in the background failed this way (exit 0 after the whole run). The child gets the disposition a
        // terminal's Ctrl-C meets.
        var start = new ProcessStartInfo("env", ["--default-signal=INT", "dotnet", cli, "preprocess", images, "-o", dir.File("big.npy")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var p = Process.Start(start)!;
        try
        {
            await Interrupt(p, dir, images);
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);   // never leave it writing gigabytes behind a failed test
        }
    }

    private static async Task Interrupt(Process p, TempDir dir, string images)
    {
        var stderr = p.StandardError.ReadToEndAsync();
        // Wait for the streamed output's temporary file to start growing, then interrupt.
        var sw = Stopwatch.StartNew();
        while (!Directory.GetFiles(dir.Path, ".big.npy.*.tmp").Any(t => new FileInfo(t).Length > 1 << 20) && !p.HasExited && sw.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(20);
        Assert.False(p.HasExited, "preprocess finished before it could be interrupted");
        Process.Start("kill", ["-INT", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).WaitForExit();
        var signalled = sw.Elapsed;
        await p.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        var err = await stderr;
        Assert.True(p.ExitCode == 130, $"exit {p.ExitCode} {sw.Elapsed - signalled} after the signal, {signalled} after the start: {err}");
        Assert.Contains("cancelled (SIGINT): removed 1 unfinished output file(s)", err);
        Assert.Equal([images], Directory.GetFiles(dir.Path));   // neither big.npy nor its temporary file
    }
}
