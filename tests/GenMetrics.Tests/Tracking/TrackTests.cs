using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using GenMetrics.Cli;
using GenMetrics.Cli.Commands;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Samples;
using GenMetrics.Tests.Support;
using GenMetrics.Tracking;
using Microsoft.Data.Sqlite;

namespace GenMetrics.Tests.Tracking;

public class TrackTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand("test") { TrackCommand.Create() };
        var o = new StringWriter();
        var e = new StringWriter();
        return (CliRunner.Run(root, args, o, e), o.ToString(), e.ToString());
    }

    private static void WriteFeatures(string path, FeatureMatrix f) => Npy.Write(path, f.Span, [f.Rows, f.Columns]);

    /// <summary>A run whose FID curve is known (generated sets shifted by |step - 4| x 0.3): best is step 4; precision's best is by its own direction.</summary>
    [Fact]
    public void Best_picks_the_step_of_the_lowest_fid_of_a_known_curve()
    {
        using var dir = Fixtures.TempDir();
        var db = dir.File("runs.db");
        WriteFeatures(dir.File("real.npy"), SyntheticFeatures.Create(1, 400, 16));
        foreach (var step in new[] { 1, 2, 3, 4, 5, 6 })
        {
            WriteFeatures(dir.File($"s{step}.npy"), SyntheticFeatures.Create((ulong)(10 + step), 400, 16, shift: Math.Abs(step - 4) * 0.3f));
            var args = new List<string> { "track", "add", "--db", db, "--run", "curve", "--step", $"{step}", dir.File($"s{step}.npy"), "--progress", "none" };
            if (step == 1) args.AddRange(["--real", dir.File("real.npy")]);   // later steps reuse the run's real set
            var (exit, _, err) = Run([.. args]);
            Assert.True(exit == 0, err);
        }
        var (code, stdout, stderr) = Run("track", "best", "--db", db, "--run", "curve", "--json");
        Assert.True(code == 0, stderr);
        var best = JsonNode.Parse(stdout)!.AsObject();
        Assert.Equal(["run", "step", "metric", "value"], best.Select(kv => kv.Key));
        Assert.Equal(4, best["step"]!.GetValue<long>());
        Assert.Equal("fid", best["metric"]!.GetValue<string>());
        var steps = RunDatabase.Open(db).Steps("curve");
        Assert.Equal(steps.Min(s => s["fid"]!.Value), best["value"]!.GetValue<double>());
        Assert.Equal(6, steps.Count);
        // A key without a direction, an unknown key and an unknown run are refused with the names that exist.
        (code, _, stderr) = Run("track", "best", "--db", db, "--run", "curve", "--metric", "kid_mean");
        Assert.Equal(2, code);
        Assert.Contains("has no value of 'kid_mean' (it has ", stderr);
        (code, _, stderr) = Run("track", "best", "--db", db, "--run", "nope");
        Assert.Equal(2, code);
        Assert.Contains("no run named 'nope'", stderr);
        Assert.Contains("curve", stderr);
        // A step that exists needs --replace; another real set is refused.
        (code, _, stderr) = Run("track", "add", "--db", db, "--run", "curve", "--step", "4", dir.File("s1.npy"), "--progress", "none");
        Assert.Equal(2, code);
        Assert.Contains("already has step 4", stderr);
        (code, _, stderr) = Run("track", "add", "--db", db, "--run", "curve", "--step", "7", dir.File("s1.npy"), "--real", dir.File("s2.npy"), "--progress", "none");
        Assert.Equal(2, code);
        Assert.Contains("steps of one run must share the real set", stderr);
        (code, _, stderr) = Run("track", "add", "--db", db, "--run", "new", "--step", "1", dir.File("s1.npy"), "--progress", "none");
        Assert.Equal(2, code);
        Assert.Contains("--real: run 'new' has no steps yet", stderr);
        // The report: a curve per metric with the best step marked.
        (code, _, stderr) = Run("track", "report", "--db", db, "--run", "curve", "-o", dir.File("run.html"));
        Assert.True(code == 0, stderr);
        var html = File.ReadAllText(dir.File("run.html"));
        Assert.Contains("data-chart=\"curve-fid\"", html);
        Assert.Matches("curve-fid.*?best: 4", html);
    }

    /// <summary>The library's RunTracker and the CLI's track add store the same row for the same samples.</summary>
    [Fact]
    public void RunTracker_and_the_cli_write_identical_rows()
    {
        using var dir = Fixtures.TempDir();
        var real = Path.Combine(FashionMnist.Dir, "t10k-images-idx3-ubyte.gz");
        var samples = Path.Combine(FashionMnist.Dir, "train-images-idx3-ubyte.gz");
        var (exit, _, err) = Run("track", "add", "--db", dir.File("cli.db"), "--run", "r", "--step", "42", samples, "--real", real, "-e", "random-cnn",
            "-n", "150", "--real-num-samples", "300", "-m", "fid,prdc,vendi", "--progress", "none");
        Assert.True(exit == 0, err);
        using (var tracker = RunTracker.Open("r", new RunTrackerOptions
        {
            Database = dir.File("lib.db"),
            Real = real,
            RealSelection = new SampleSelection(300),
            Encoder = "random-cnn",
            Metrics = ["fid", "prdc", "vendi"],
            Extraction = new ExtractionOptions { Samples = new SampleSelection(150) },
        }))
            tracker.Add(42, samples);
        var cli = RunDatabase.Open(dir.File("cli.db")).Steps("r").Single();
        var lib = RunDatabase.Open(dir.File("lib.db")).Steps("r").Single();
        Assert.Equal(cli.Metrics, lib.Metrics);
        Assert.Equal((cli.Run, cli.Step, cli.Samples, cli.SamplesSha256, cli.Count), (lib.Run, lib.Step, lib.Samples, lib.SamplesSha256, lib.Count));
        Assert.Equal(cli.Thumbnail, lib.Thumbnail);
        Assert.NotNull(cli.Thumbnail);
        Assert.Equal(WithoutTiming(cli.ResultJson), WithoutTiming(lib.ResultJson));
        Assert.Equal(RunDatabase.Open(dir.File("cli.db")).Runs().Single() with { CreatedUtc = "" }, RunDatabase.Open(dir.File("lib.db")).Runs().Single() with { CreatedUtc = "" });
    }

    /// <summary>track add on an ONNX generator draws its samples as eval does: the same values, the count drawn, a thumbnail.</summary>
    [Fact]
    public void Track_add_scores_an_onnx_generator_as_eval_scores_it()
    {
        using var dir = Fixtures.TempDir();
        var real = Path.Combine(FashionMnist.Dir, "t10k-images-idx3-ubyte.gz");
        var generator = Fixtures.Path("generator", "tiny_uncond.onnx");
        var (exit, _, err) = Run("track", "add", "--db", dir.File("runs.db"), "--run", "gan", "--step", "5000", generator, "-n", "64", "--seed", "3",
            "--real", real, "-e", "random-cnn", "-m", "fid,prdc", "--progress", "none");
        Assert.True(exit == 0, err);
        var row = RunDatabase.Open(dir.File("runs.db")).Steps("gan").Single();
        Assert.Equal((5000L, 64), (row.Step, row.Count));
        Assert.NotNull(row.Thumbnail);

        (exit, _, err) = Cli.CliHarness.Run("eval", real, generator, "-n", "64", "--seed", "3", "-e", "random-cnn", "-m", "fid,prdc", "-o", dir.File("eval.json"), "--progress", "none");
        Assert.True(exit == 0, err);
        var metrics = JsonNode.Parse(File.ReadAllText(dir.File("eval.json")))!["metrics"]!.AsObject();
        Assert.Equal(metrics.Count, row.Metrics.Count);
        foreach (var (key, value) in row.Metrics) Assert.Equal(metrics[key]!.GetValue<double>(), value);
        // Another seed draws other latents: another FID.
        (exit, _, err) = Run("track", "add", "--db", dir.File("runs.db"), "--run", "gan", "--step", "6000", generator, "-n", "64", "--seed", "4",
            "--real", real, "-e", "random-cnn", "-m", "fid,prdc", "--progress", "none");
        Assert.True(exit == 0, err);
        var steps = RunDatabase.Open(dir.File("runs.db")).Steps("gan");
        Assert.NotEqual(steps[0].Metrics.First(m => m.Key == "fid").Value, steps[1].Metrics.First(m => m.Key == "fid").Value);
    }

    private static string WithoutTiming(string json)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        o.Remove("timing_s");
        if (o["bootstrap"] is JsonObject b) b.Remove("timing_s");
        return o.ToJsonString();
    }

    /// <summary>A database of a newer schema, or another application's, is refused with a message saying which; the file is left as it was.</summary>
    [Fact]
    public void A_database_of_another_schema_or_application_is_refused()
    {
        using var dir = Fixtures.TempDir();
        var newer = dir.File("newer.db");
        RunDatabase.Open(newer);
        Exec(newer, "PRAGMA user_version = 99");
        var (exit, _, err) = Run("track", "list", "--db", newer);
        Assert.Equal(2, exit);
        Assert.Contains("schema version 99", err);
        Assert.Contains($"reads schema {RunDatabase.SchemaVersion}", err);

        var other = dir.File("other.db");
        Exec(other, "CREATE TABLE t (x INTEGER)");
        (exit, _, err) = Run("track", "list", "--db", other);
        Assert.Equal(2, exit);
        Assert.Contains("an SQLite database of another application", err);

        File.WriteAllText(dir.File("text.db"), "not a database at all, but long enough to have a header of sorts...........");
        (exit, _, err) = Run("track", "list", "--db", dir.File("text.db"));
        Assert.Equal(2, exit);
        Assert.Contains("cannot be used as a run database", err);

        // A fresh database says it has no runs, and --json gives an empty array.
        (exit, var stdout, err) = Run("track", "list", "--db", dir.File("fresh.db"), "--json");
        Assert.True(exit == 0, err);
        Assert.Equal("[]", stdout.Trim());
    }

    private static void Exec(string path, string sql)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// Two processes (the samples/TrainingLoop example, which logs through RunTracker) add 50 steps each to one
    /// database at the same time: all 100 rows are there.
    /// </summary>
    [Fact]
    public async Task Two_processes_adding_50_rows_each_lose_none()
    {
        using var dir = Fixtures.TempDir();
        var db = dir.File("runs.db");
        var exe = TrainingLoopDll();
        var processes = new[] { "a", "b" }.Select(run => Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { exe, "--db", db, "--run", run, "--steps", "50", "--every", "1", "--samples", "40", "--real-samples", "200", "--images", FashionMnist.Dir },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["GENMETRICS_HOME"] = dir.File("home") },
        })!).ToList();
        var outputs = processes.Select(p => (Out: p.StandardOutput.ReadToEndAsync(), Err: p.StandardError.ReadToEndAsync())).ToList();
        foreach (var (p, o) in processes.Zip(outputs))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await p.WaitForExitAsync(timeout.Token);
            Assert.True(p.ExitCode == 0, await o.Err + await o.Out);
        }
        var database = RunDatabase.Open(db);
        Assert.Equal(50, database.Steps("a").Count);
        Assert.Equal(50, database.Steps("b").Count);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), database.Steps("a").Select(s => s.Step));
        Assert.All(database.Steps("b"), s => Assert.NotNull(s["fid"]));
    }

    private static string TrainingLoopDll()
    {
        // The test runs from tests/GenMetrics.Tests/bin/CONFIG/TFM/: the example is built beside it in the same configuration.
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (tfm, config) = (here.Name, here.Parent!.Name);
        var dll = Path.Combine(Fixtures.RepoRoot, "samples", "TrainingLoop", "bin", config, tfm, "TrainingLoop.dll");
        Assert.True(File.Exists(dll), $"{dll}: not built (the test project builds it first)");
        return dll;
    }
}
