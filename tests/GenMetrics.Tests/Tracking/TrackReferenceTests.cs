using System.CommandLine;
using GenMetrics.Cli;
using GenMetrics.Cli.Commands;
using GenMetrics.Formats;
using GenMetrics.Tests.Support;
using GenMetrics.Tracking;

namespace GenMetrics.Tests.Tracking;

/// <summary><c>track add --real ref:NAME</c>: a stored reference set scores a checkpoint as the files it was made from do.</summary>
[Collection("GENMETRICS_HOME")]
public sealed class TrackReferenceTests : IDisposable
{
    private readonly TempDir _dir = Fixtures.TempDir();
    private readonly string? _previousHome = Environment.GetEnvironmentVariable("GENMETRICS_HOME");

    public TrackReferenceTests() => Environment.SetEnvironmentVariable("GENMETRICS_HOME", _dir.File("home"));

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("GENMETRICS_HOME", _previousHome);
        _dir.Dispose();
    }

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand("test") { TrackCommand.Create(), RefCommand.Create() };
        var o = new StringWriter();
        var e = new StringWriter();
        return (CliRunner.Run(root, args, o, e), o.ToString(), e.ToString());
    }

    [Fact]
    public void A_reference_set_scores_a_step_as_its_files_do()
    {
        var real = SyntheticFeatures.Create(1, 300, 12);
        var fake = SyntheticFeatures.Create(2, 300, 12, shift: 0.2f);
        string realPath = _dir.File("real.npy"), fakePath = _dir.File("fake.npy"), db = _dir.File("runs.db");
        Npy.Write(realPath, real.Span, [real.Rows, real.Columns]);
        Npy.Write(fakePath, fake.Span, [fake.Rows, fake.Columns]);
        var (exit, _, err) = Run("ref", "add", "base", realPath);
        Assert.True(exit == 0, err);
        foreach (var (run, reference) in new[] { ("files", realPath), ("stored", "ref:base") })
        {
            (exit, _, err) = Run("track", "add", "--db", db, "--run", run, "--step", "1", fakePath, "--real", reference, "-m", "fid,prdc", "--progress", "none");
            Assert.True(exit == 0, err);
        }
        var database = RunDatabase.Open(db);
        var fromFiles = database.Steps("files").Single();
        var fromReference = database.Steps("stored").Single();
        foreach (var key in new[] { "fid", "precision", "recall", "density", "coverage" })
            Assert.Equal(fromFiles[key]!.Value, fromReference[key]!.Value);
        (exit, _, err) = Run("track", "add", "--db", db, "--run", "missing", "--step", "1", fakePath, "--real", "ref:nope", "--progress", "none");
        Assert.Equal(2, exit);
        Assert.Contains("nope", err);
    }
}
