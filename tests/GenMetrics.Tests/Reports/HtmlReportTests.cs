using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GenMetrics.Evaluation;
using GenMetrics.Reports;
using GenMetrics.Tests.Cli;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Reports;

public partial class HtmlReportTests
{
    private static string Fm(string name) => Path.Combine(FashionMnist.Dir, name);

    /// <summary>eval --report on Fashion-MNIST with a training set: every section, every figure, values equal to the JSON's.</summary>
    [Fact]
    public void Eval_report_holds_every_section_and_the_json_values()
    {
        using var dir = Fixtures.TempDir();
        var (exit, _, err) = CliHarness.Run("eval", Fm("t10k-images-idx3-ubyte.gz"), Fm("train-images-idx3-ubyte.gz"), "--train", Fm("train-images-idx3-ubyte.gz"),
            "-e", "random-cnn", "-n", "300", "-m", "fid,prdc,copies,modes", "--real-labels", Fm("t10k-labels-idx1-ubyte.gz"),
            "--report", dir.File("r.html"), "--report-samples", "16", "-o", dir.File("r.json"), "--progress", "none", "--no-cache");
        Assert.True(exit == 0, err);
        var html = File.ReadAllText(dir.File("r.html"));
        var json = JsonNode.Parse(File.ReadAllText(dir.File("r.json")))!.AsObject();
        foreach (var id in new[] { "summary", "plane", "sets", "provenance" }) Assert.Contains($"<section id=\"{id}\">", html);
        foreach (var figure in new[] { "samples-generated", "samples-real", "neighbours", "realism-most", "realism-least" }) Assert.Contains($"data-figure=\"{figure}\"", html);
        foreach (var chart in new[] { "plane-precision", "plane-density", "modes-0" }) Assert.Contains($"data-chart=\"{chart}\"", html);
        // Self-contained: no script, nothing fetched.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"(src|href)=""(https?:)?//", html);
        // Every suspected copy is flagged (the generated set is the training set).
        Assert.Contains("copy?", html);
        var cells = ValueCells(html);
        Assert.Equal(json["metrics"]!.AsObject().Count, cells.Count);
        foreach (var (key, value, text) in cells)
        {
            double expected = json["metrics"]![key]!.GetValue<double>();
            Assert.Equal(expected, value);
            Assert.Equal(ReportFormat.Value(expected), text);
        }
        Assert.Contains(json["inputs"]!["real"]!["sha256"]!.GetValue<string>()[..16], html);
    }

    [Fact]
    public void Report_settings_without_a_report_or_with_bad_values_are_usage_errors()
    {
        using var dir = Fixtures.TempDir();
        var f = Fm("t10k-images-idx3-ubyte.gz");
        var (exit, _, err) = CliHarness.Run("eval", f, f, "-e", "random-cnn", "-n", "20", "--report-samples", "4");
        Assert.Equal(2, exit);
        Assert.Contains("--report-samples: needs --report", err);
        (exit, _, err) = CliHarness.Run("eval", f, f, "-e", "random-cnn", "-n", "20", "--report", dir.Path);
        Assert.Equal(2, exit);
        Assert.Contains("--report", err);
        (exit, _, err) = CliHarness.Run("eval", f, f, "-e", "random-cnn", "-n", "20", "--report", dir.File("r.html"), "--report-samples", "-1");
        Assert.Equal(2, exit);
        Assert.False(File.Exists(dir.File("r.html")));
    }

    /// <summary>A series of results (steps) gets one curve per metric with its best step marked by the metric's direction.</summary>
    [Fact]
    public void A_series_gets_curves_with_the_best_step_marked()
    {
        var real = FeatureSet.FromFeatures(SyntheticFeatures.Create(1, 400, 8), "real");
        var entries = new List<ReportEntry>();
        foreach (var (step, shift) in new[] { (100, 2.0), (200, 0.5), (300, 0.1), (400, 0.8) })
        {
            var fake = FeatureSet.FromFeatures(SyntheticFeatures.Create((ulong)(2 + step), 400, 8, (float)shift), $"step{step}");
            var result = Evaluator.Evaluate(new EvaluationSet { Real = real, Generated = fake }, "fid", "prdc");
            entries.Add(new ReportEntry($"step {step}", result) { Step = step });
        }
        var html = HtmlReport.Render(entries, new ReportOptions { Title = "run" });
        Assert.Contains("data-chart=\"curve-fid\"", html);
        Assert.Contains("data-chart=\"curve-precision\"", html);
        Assert.Matches("curve-fid.*?best: 300", html);
        Assert.Equal(4, ValueCells(html).Count(c => c.Key == "fid"));
        // The stored JSON of a result renders the same table.
        var stored = new ReportEntry("again", ResultJson.Serialize(entries[2].Result!));
        Assert.Equal(ValueCells(HtmlReport.Render([entries[2]])), ValueCells(HtmlReport.Render([stored])));
        Assert.Throws<InputException>(() => new ReportEntry("x", "{\"schema_version\": 1}"));
        Assert.Throws<InputException>(() => new ReportEntry("x", "not json"));
    }

    [Theory]
    [InlineData(0.123456789, "0.12346")]
    [InlineData(0.0012345678, "0.0012346")]
    [InlineData(123.456789, "123.46")]
    [InlineData(-23.1005, "-23.101")]
    [InlineData(10.0, "10")]
    [InlineData(1.5e-7, "1.5000e-07")]
    [InlineData(1.234e14, "1.2340e+14")]
    public void Values_keep_at_least_four_significant_digits(double value, string text) => Assert.Equal(text, ReportFormat.Value(value));

    /// <summary>(key, data-value, shown text) of every value cell of the summary table.</summary>
    internal static List<(string Key, double Value, string Text)> ValueCells(string html) =>
        [.. ValueCell().Matches(html.Split("<section id=\"plane\"")[0].Split("<section id=\"sets\"")[0]).Select(m =>
            (m.Groups[1].Value, double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), System.Net.WebUtility.HtmlDecode(m.Groups[3].Value)))];

    [GeneratedRegex("data-key=\"([a-z0-9_]+)\" data-value=\"([^\"]+)\">([^<]*)")]
    private static partial Regex ValueCell();
}
