using System.Text.Json;
using GenMetrics.Formats;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Cli;

/// <summary>Inputs for the class-aware tables: two feature sets of 60 with labels, probabilities and bad variants, made once.</summary>
public sealed class ClassAwareFiles : IDisposable
{
    internal TempDir Dir { get; } = Fixtures.TempDir();

    public ClassAwareFiles()
    {
        var a = SyntheticFeatures.Create(91, 60, 4);
        var b = SyntheticFeatures.Create(92, 60, 4, shift: 0.2f);
        Npy.Write(Dir.File("a.npy"), a.Span, a.Rows, a.Columns);
        Npy.Write(Dir.File("b.npy"), b.Span, b.Rows, b.Columns);
        var labels = Enumerable.Range(0, 60).Select(i => (long)(i % 3)).ToArray();
        using (var s = File.Create(Dir.File("l60.npy"))) NpyArray.From<long>(labels, [60]).WriteTo(s);
        using (var s = File.Create(Dir.File("l59.npy"))) NpyArray.From<long>(labels.AsSpan(0, 59), [59]).WriteTo(s);
        // Generated labels where class 2 has a single sample.
        var one = labels.Select((l, i) => l == 2 && i != 2 ? 0L : l).ToArray();
        using (var s = File.Create(Dir.File("one2.npy"))) NpyArray.From<long>(one, [60]).WriteTo(s);
        File.WriteAllLines(Dir.File("b.csv"), ["file,label", .. Enumerable.Range(0, 60).Select(i => $"{i},{(i % 3 == 2 ? 0 : i % 3)}")]);
        File.WriteAllLines(Dir.File("bad.csv"), ["file,label", "x.png,a", .. Enumerable.Range(0, 60).Select(i => $"{i},a")]);
        var probs = Enumerable.Range(0, 60 * 3).Select(i => i % 3 == (i / 3) % 3 ? 0.8 : 0.1).ToArray();
        Npy.Write(Dir.File("p60.npy"), probs, 60, 3);
        Npy.Write(Dir.File("p59.npy"), probs.AsSpan(0, 59 * 3), 59, 3);
    }

    public void Dispose() => Dir.Dispose();
}

/// <summary>
/// The class-aware options through the real command tree: results with labels and probabilities, labels following
/// --num-samples, and a table of bad inputs in the style of <see cref="BadInputTableTests"/> (exit code, message, no
/// output left, no stack trace).
/// </summary>
public class ClassAwareCliTests(ClassAwareFiles files) : IClassFixture<ClassAwareFiles>
{
    private string D => files.Dir.Path;

    public static TheoryData<string, string, string?> Rows => new()
    {
        { "eval {d}/a.npy {d}/b.npy -m fid_per_class --real-labels {d}/l60.npy -o {d}/r1.json", "fid_per_class: needs class labels of the generated samples (--fake-labels)", "{d}/r1.json" },
        { "eval {d}/a.npy {d}/b.npy -m fid_per_class -o {d}/r2.json", "fid_per_class: needs a labels input", "{d}/r2.json" },
        { "eval {d}/a.npy {d}/b.npy -m cafd --real-probs {d}/p60.npy -o {d}/r3.json", "cafd: needs class probabilities of the generated samples (--fake-probs)", "{d}/r3.json" },
        { "eval {d}/a.npy {d}/b.npy -m fid --real-labels {d}/l60.npy -o {d}/r4.json", "--real-labels: applies to modes, fid_per_class, and none of them is selected (--metrics fid)", "{d}/r4.json" },
        { "eval {d}/a.npy {d}/b.npy -m modes --real-labels {d}/l59.npy -o {d}/r5.json", "{d}/l59.npy: 59 labels, but {d}/a.npy has 60 samples: the counts must match", "{d}/r5.json" },
        { "eval {d}/a.npy {d}/b.npy -m fid_per_class --real-labels {d}/l60.npy --fake-labels {d}/bad.csv -o {d}/r6.json", "{d}/bad.csv: 1 row with a file name that {d}/b.npy does not hold: 'x.png' (line 2)", "{d}/r6.json" },
        { "eval {d}/a.npy {d}/b.npy -m modes --real-labels {d}/nope.gz -o {d}/r7.json", "--real-labels: {d}/nope.gz: file not found", "{d}/r7.json" },
        { "eval {d}/a.npy {d}/b.npy -m modes --real-labels folders -o {d}/r8.json", "--real-labels folders: the classes are sub-folders, which are read only with --recursive", "{d}/r8.json" },
        { "eval {d}/a.npy {d}/b.npy -m modes --real-labels folders --recursive", "--recursive: applies to image inputs", null },
        { "eval {d}/a.npy {d}/b.npy -m cafd --real-probs {d}/p59.npy --fake-probs {d}/p60.npy -o {d}/r9.json", "{d}/p59.npy: 59 rows of probabilities, but {d}/a.npy has 60 samples: the counts must match", "{d}/r9.json" },
        { "eval {d}/b.npy -m modes --real-labels {d}/l60.npy", "modes: needs a real input", null },
        { "eval {d}/a.npy {d}/b.npy -m modes --mode-k 0", "--mode-k: must be at least 1, got 0", null },
        { "eval {d}/a.npy {d}/b.npy -m modes --mode-threshold 2", "--mode-threshold: must be between 0 and 1, got 2", null },
        { "eval {d}/a.npy {d}/b.npy -m cfid -o {d}/r11.json", "cfid: needs a condition input", "{d}/r11.json" },
        { "eval {d}/a.npy {d}/b.npy -m fid --condition {d}/a.npy", "--condition: applies to cfid, and none of them is selected (--metrics fid)", null },
        { "eval {d}/a.npy {d}/b.npy -m cfid --condition {d}/nope", "--condition: {d}/nope: no such file or folder", null },
        { "eval {d}/a.npy {d}/b.npy -m cfid --condition {d}/p59.npy -o {d}/r12.json", "cfid: the condition set {d}/p59.npy has 59 samples, the real set {d}/a.npy 60 and the generated set {d}/b.npy 60: the three must be row-aligned", "{d}/r12.json" },
        { "eval {d}/a.npy {d}/b.npy -m fld -o {d}/r13.json", "fld: needs a train input", "{d}/r13.json" },
        { "eval {d}/a.npy {d}/b.npy -m parzen_ll --parzen-sigma -1", "--parzen-sigma: must be positive (or 0 to choose it), got -1", null },
        { "eval {d}/a.npy {d}/b.npy -m modes --modes 61 -o {d}/r10.json", "{d}/a.npy: 60 samples, but k-means with 61 modes (--modes) needs at least 61", "{d}/r10.json" },
    };

    [Theory, MemberData(nameof(Rows))]
    public void Bad_class_input_exits_with_a_clear_message_and_leaves_no_output(string args, string fragment, string? output)
    {
        string Fill(string s) => s.Replace("{d}", D);
        var (code, _, stderr) = CliHarness.Run(Fill(args).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(code == 2, $"exit {code}, expected 2: {stderr}");
        Assert.Contains(Fill(fragment), stderr);
        Assert.DoesNotContain("   at ", stderr);
        if (output is not null) Assert.False(File.Exists(Fill(output)), $"{Fill(output)} was left behind");
    }

    [Fact]
    public void Labels_and_probabilities_give_every_class_aware_key_and_follow_num_samples()
    {
        var json = Path.Combine(D, "ok.json");
        var (exit, stdout, stderr) = CliHarness.Run("eval", $"{D}/a.npy", $"{D}/b.npy", "-m", "modes,fid_per_class,cafd", "--real-labels", $"{D}/l60.npy",
            "--fake-labels", $"{D}/b.csv", "--real-probs", $"{D}/p60.npy", "--fake-probs", $"{D}/p60.npy", "-n", "45", "--sample-seed", "3", "-o", json);
        Assert.True(exit == 0, stderr);
        Assert.Contains("modes_covered", stdout);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var m = doc.RootElement.GetProperty("metrics");
        foreach (var key in new[] { "modes_total", "modes_covered", "mode_kl", "fid_per_class", "cafd", "cafd_kl" })
            Assert.True(m.TryGetProperty(key, out _), key);
        // The generated labels (b.csv) put every sample of class 2 in class 0.
        Assert.Equal(2, m.GetProperty("modes_covered").GetInt32());
        var details = doc.RootElement.GetProperty("details");
        Assert.Equal(["2"], details.GetProperty("modes").GetProperty("dropped").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(["2"], details.GetProperty("fid_per_class").GetProperty("left_out").EnumerateArray().Select(x => x.GetString()));
        // Counts per class follow the seeded selection of 45 of 60.
        var idx = new GenMetrics.Samples.SampleSelection(45, 3).Indices(60, "x");
        var perClass = details.GetProperty("modes").GetProperty("per_class");
        for (int c = 0; c < 3; c++)
            Assert.Equal(idx.Count(i => i % 3 == c), perClass.GetProperty(c.ToString()).GetProperty("real_count").GetInt32());
        Assert.Equal("lower", doc.RootElement.GetProperty("directions").GetProperty("cafd").GetString());
    }

    [Fact]
    public void Cfid_takes_the_condition_set_and_equals_the_library()
    {
        string F(string tag) => Fixtures.Path("cfid", $"d8_{tag}.npy");
        var json = Path.Combine(D, "cfid.json");
        var (exit, _, stderr) = CliHarness.Run("eval", F("y"), F("yhat"), "-m", "cfid", "--condition", F("x"), "-o", json);
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        double expected = GenMetrics.Evaluation.Evaluator.Evaluate(new GenMetrics.Evaluation.EvaluationSet
        {
            Condition = GenMetrics.Evaluation.FeatureSet.Load(F("x")),
            Real = GenMetrics.Evaluation.FeatureSet.Load(F("y")),
            Generated = GenMetrics.Evaluation.FeatureSet.Load(F("yhat")),
        }, "cfid")["cfid"]!.Value;
        Assert.Equal(expected, doc.RootElement.GetProperty("metrics").GetProperty("cfid").GetDouble());
        Assert.Equal(600, doc.RootElement.GetProperty("inputs").GetProperty("condition").GetProperty("count").GetInt32());
    }

    [Fact]
    public void A_class_with_one_sample_is_a_named_warning()
    {
        var (exit, _, stderr) = CliHarness.Run("eval", $"{D}/a.npy", $"{D}/b.npy", "-m", "fid_per_class", "--real-labels", $"{D}/l60.npy", "--fake-labels", $"{D}/one2.npy");
        Assert.True(exit == 0, stderr);
        Assert.Contains("warning: fid_per_class: 1 class(es) with fewer than 2 samples on a side are left out of the mean: 2 (real 20, generated 1)", stderr);
    }

    [Fact]
    public void Dropped_classes_are_said_in_words()
    {
        var (exit, _, stderr) = CliHarness.Run("eval", $"{D}/a.npy", $"{D}/b.npy", "-m", "modes", "--real-labels", $"{D}/l60.npy", "--fake-labels", $"{D}/one2.npy");
        Assert.True(exit == 0, stderr);
        Assert.Contains("warning: modes: the generated set misses 1 of 3 classes (generated share below 0.25 x the real share): 2", stderr);
    }
}
