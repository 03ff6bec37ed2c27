using GenMetrics.Formats;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Cli;

/// <summary>
/// Issue 9: bad inputs of the memorization metrics, in the style of <see cref="BadInputTableTests"/>: exit code, a
/// fragment of the message, the output that must not exist afterwards ({d}: the folder of <see cref="MemorizationFiles"/>).
/// </summary>
public class MemorizationBadInputTests(MemorizationFiles files) : IClassFixture<MemorizationFiles>
{
    public static TheoryData<string, int, string, string?> Rows => new()
    {
        // A metric missing an input: said before any input is read (an image folder that does not exist is never opened).
        { "eval {d}/test.npy {d}/gen.npy -m ct -o {d}/b1.json", 2, "ct: needs a train input (it uses train, real, generated; given: generated, real)", "{d}/b1.json" },
        { "eval {d}/gen.npy -m ct,vendi -o {d}/b2.json", 2, "ct: needs a train input and a real input", "{d}/b2.json" },
        { "eval {d}/gen.npy -m authenticity", 2, "alpha_precision: needs a real input", null },
        { "eval {d}/test.npy {d}/gen.npy -m fid --train {d}/train.npy -o {d}/b3.json", 2, "--train: no selected metric uses a training set (--metrics fid); mifid, ct, alpha_precision, copies, fld do", "{d}/b3.json" },
        { "eval {d}/test.npy {d}/gen.npy -m ct --train {d}/nope.npy -o {d}/b4.json", 2, "{d}/nope.npy: no such file or folder", "{d}/b4.json" },
        { "eval {d}/test.npy {d}/gen.npy -m ct --train {d}/d9.npy -o {d}/b5.json", 2, "ct: train {d}/d9.npy has features of dimension 9, but real {d}/test.npy has 24", "{d}/b5.json" },
        { "eval {d}/test.npy {d}/gen.npy -m ct --train {d}/stats.npz -o {d}/b6.json", 2, "{d}/stats.npz: is a statistics file (mu, sigma); ct needs features", "{d}/b6.json" },
        // Too few points per cell, or no cell with enough generated points.
        { "eval {d}/test.npy {d}/gen.npy -m ct --train {d}/train.npy --ct-cells 150 -o {d}/b7.json", 2, "test points", "{d}/b7.json" },
        { "eval {d}/test.npy {d}/gen.npy -m ct --train {d}/train.npy --ct-cells 150 -o {d}/b8.json", 2, "every cell needs both; use fewer cells (--ct-cells)", "{d}/b8.json" },
        { "eval {d}/test.npy {d}/gen.npy -m ct --train {d}/train.npy --ct-tau 0.99 -o {d}/b9.json", 2, "ct: no cell holds more than tau = 0.99 of the 200 generated points", "{d}/b9.json" },
        { "eval {d}/test.npy {d}/gen.npy -m ct --train {d}/train5.npy --ct-cells 6 -o {d}/b10.json", 2, "{d}/train5.npy: 5 samples, but ct with 6 k-means cells needs at least 6", "{d}/b10.json" },
        // Settings out of range: named by their flags, before any work.
        { "eval {d}/test.npy {d}/gen.npy -m ct --train {d}/train.npy --ct-tau 1.5", 2, "--ct-tau: 1.5, but it must be in [0, 1)", null },
        { "eval {d}/test.npy {d}/gen.npy -m ct --train {d}/train.npy --ct-cells 0", 2, "--ct-cells: 0, but at least 1 cell is needed", null },
        { "eval {d}/test.npy {d}/gen.npy -m ct --train {d}/train.npy --ct-pca -1", 2, "--ct-pca: -1, but it must be 0 (off) or positive", null },
        { "eval {d}/test.npy {d}/gen.npy -m ct --train {d}/train.npy --ct-cell-labels {d}/nolabels.npz", 2, "--ct-cell-labels: {d}/nolabels.npz: no such file", null },
        { "eval {d}/test.npy {d}/gen.npy -m ct --train {d}/train.npy --ct-cell-labels {d}/wrong.npz", 2, "--ct-cell-labels: {d}/wrong.npz: expected an .npz with integer arrays train, real (or test) and generated", null },
        { "eval {d}/test.npy {d}/gen.npy -m ct --train {d}/train.npy --ct-cell-labels {d}/short.npz -o {d}/b11.json", 2, "ct cell labels of {d}/test.npy: 3 labels for 300 points", "{d}/b11.json" },
        { "eval {d}/test.npy {d}/gen.npy -m ct --train {d}/train.npy --seed -1", 2, "--seed: -1 is not a valid seed", null },
        { "eval {d}/test.npy {d}/gen.npy -m mifid --mifid-eps 0", 2, "--mifid-eps: 0, but it must be greater than 0 and at most 1", null },
        { "eval {d}/test.npy {d}/gen.npy -m mifid --mifid-direction sideways", 2, "--mifid-direction 'sideways': expected one of torchmetrics, kaggle", null },
        { "eval {d}/test.npy {d}/gen.npy -m vendi --vendi-q -1", 2, "--vendi-q: -1, but it must be a number >= 0 or inf", null },
        { "eval {d}/test.npy {d}/gen.npy -m vendi --vendi-q lots", 2, "--vendi-q: 'lots' is not a number (nor inf)", null },
        { "eval {d}/test.npy {d}/gen.npy -m copies --copy-ratio inf", 2, "--copy-ratio: inf, but it must be a finite number >= 0", null },
        { "eval {d}/test.npy {d}/gen.npy -m authenticity --authenticity-rule newest", 2, "--authenticity-rule 'newest': expected one of corrected, main-branch", null },
        { "eval {d}/test.npy {d}/gen.npy -m fd_inf --fd-inf-points 1", 2, "--fd-inf-points: 1, but a line needs at least 2 sample sizes", null },
        { "eval {d}/test.npy {d}/gen.npy -m mind --mind-projections 0", 2, "--mind-projections: 0, but at least 1 direction is needed", null },
        { "eval {d}/test.npy {d}/gen.npy -m fid --vendi-q 2", 2, "--vendi-q: applies to vendi, and none of them is selected", null },
        // Bootstrap options: checked before any input is read.
        { "eval {d}/test.npy {d}/gen.npy --bootstrap 1 -o {d}/b12.json", 2, "--bootstrap: 1 replicates, but a percentile interval needs at least 2", "{d}/b12.json" },
        { "eval {d}/test.npy {d}/gen.npy --bootstrap 10 --bootstrap-seed 5000000000", 2, "--bootstrap-seed: 5000000000 is not a valid seed", null },
        { "eval {d}/test.npy {d}/gen.npy --bootstrap-seed 3", 2, "--bootstrap-seed: needs --bootstrap B", null },
        { "eval {d}/test.npy {d}/gen.npy --bootstrap-real", 2, "--bootstrap-real: needs --bootstrap B", null },
        { "eval {d}/gen.npy -m vendi --bootstrap 10 --bootstrap-real", 2, "--bootstrap-real: resamples the real set, but only one input", null },
        { "eval {d}/nope/ {d}/gen.npy --bootstrap 0", 2, "--bootstrap: 0 replicates", null },
    };

    [Theory, MemberData(nameof(Rows))]
    public void Bad_input_exits_with_a_clear_message_and_leaves_no_output(string args, int exit, string fragment, string? output)
    {
        Prepare();
        string Fill(string s) => s.Replace("{d}", files.Dir.Path);
        var (code, _, stderr) = CliHarness.Run(Fill(args).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(code == exit, $"exit {code}, expected {exit}: {stderr}");
        Assert.Contains(Fill(fragment), stderr);
        Assert.DoesNotContain("   at ", stderr);
        if (output is not null) Assert.False(File.Exists(Fill(output)), $"{Fill(output)} was left behind");
        Assert.Empty(Directory.GetFiles(files.Dir.Path, ".*.tmp"));
    }

    private void Prepare()
    {
        lock (files)
        {
            if (File.Exists(files.Dir.File("stats.npz"))) return;
            Npy.Write(files.Dir.File("d9.npy"), new float[60 * 9], 60, 9);
            var five = SyntheticFeatures.Create(305, 5, 24);
            Npy.Write(files.Dir.File("train5.npy"), five.Span, 5, 24);
            Npz.Write(files.Dir.File("wrong.npz"), [new("labels", NpyArray.From<long>(new long[3], [3]))]);
            Npz.Write(files.Dir.File("short.npz"), [
                new("train", NpyArray.From<long>(new long[400], [400])),
                new("real", NpyArray.From<long>(new long[3], [3])),
                new("generated", NpyArray.From<long>(new long[200], [200])),
            ]);
            StatsFile.Write(files.Dir.File("stats.npz"), GenMetrics.Metrics.Fid.Summarize(files.Train), null);
        }
    }
}
