using System.Globalization;
using System.Text.Json.Nodes;
using GenMetrics.Reports;
using GenMetrics.Tests.Cli;
using GenMetrics.Tests.Support;
using Microsoft.Playwright;

namespace GenMetrics.Tests.Reports;

/// <summary>
/// The report as a reader sees it: opened in headless Chromium (Debian's, fresh profile, background networking and
/// component updates off) through Microsoft.Playwright. No console error, every image decoded, every plot drawn,
/// the table's values equal to the JSON's, and a full-page screenshot saved beside the test assembly.
/// </summary>
public class BrowserReportTests
{
    private static string Fm(string name) => Path.Combine(FashionMnist.Dir, name);

    [BrowserFact]
    public async Task The_eval_report_renders_without_errors_with_every_image_and_plot_and_the_json_values()
    {
        using var dir = Fixtures.TempDir();
        var (exit, _, err) = CliHarness.Run("eval", Fm("t10k-images-idx3-ubyte.gz"), Fm("train-images-idx3-ubyte.gz"), "--train", Fm("train-images-idx3-ubyte.gz"),
            "-e", "random-cnn", "-n", "400", "-m", "fid,kid,prdc,copies,ct,modes", "--kid-clamp-subset-size", "--real-labels", Fm("t10k-labels-idx1-ubyte.gz"),
            "--bootstrap", "20", "--report", dir.File("report.html"), "-o", dir.File("result.json"), "--progress", "none", "--no-cache");
        Assert.True(exit == 0, err);
        var json = JsonNode.Parse(File.ReadAllText(dir.File("result.json")))!.AsObject();
        await Check(dir, dir.File("report.html"), ["plane-precision", "plane-density", "modes-0"], json, "report-eval.png");
    }

    [BrowserFact]
    public async Task The_demo_report_renders_without_errors()
    {
        using var dir = Fixtures.TempDir();
        var (exit, _, err) = CliHarness.Run("demo", "-o", dir.Path, "--images", FashionMnist.Dir, "--n", "200", "--bootstrap", "0", "--progress", "none");
        Assert.True(exit == 0, err);
        await Check(dir, dir.File("report.html"), ["plane-precision", "plane-density", "curve-fid", "curve-precision", "curve-recall", "curve-coverage"], null, "report-demo.png");
        await Check(dir, dir.File("track.html"), ["curve-fid", "curve-precision", "plane-precision"], null, "report-track.png");
    }

    private static async Task Check(TempDir dir, string html, string[] charts, JsonObject? json, string screenshot)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var context = await playwright.Chromium.LaunchPersistentContextAsync(dir.File("profile-" + screenshot), new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Browser.Path,
            Headless = true,
            Offline = true,
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-default-apps", "--disable-sync", "--no-first-run", "--disable-gpu"],
        });
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        page.RequestFailed += (_, r) => errors.Add($"request failed: {r.Url}");
        await page.GotoAsync(new Uri(html).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });

        var images = await page.EvaluateAsync<int[][]>("Array.from(document.images).map(i => [i.complete ? 1 : 0, i.naturalWidth])");
        Assert.NotEmpty(images);
        Assert.All(images, i => Assert.True(i[0] == 1 && i[1] > 0, "an image did not load"));
        foreach (var chart in charts)
        {
            var box = await page.Locator($"svg[data-chart=\"{chart}\"]").First.BoundingBoxAsync();
            Assert.True(box is { Width: > 100, Height: > 100 }, $"chart {chart} missing or empty");
        }
        if (json is not null)
        {
            var cells = await page.EvaluateAsync<string[][]>("Array.from(document.querySelectorAll('#summary td[data-key]')).map(c => [c.dataset.key, c.dataset.value, c.textContent])");
            Assert.Equal(json["metrics"]!.AsObject().Count, cells.Length);
            foreach (var cell in cells)
            {
                double expected = json["metrics"]![cell[0]]!.GetValue<double>();
                Assert.Equal(expected, double.Parse(cell[1], CultureInfo.InvariantCulture));
                Assert.Equal(ReportFormat.Value(expected), cell[2]);
            }
            var intervals = json["intervals"]!.AsObject();
            Assert.NotEmpty(intervals);
            var shown = await page.Locator("#summary table.metrics").InnerTextAsync();
            foreach (var (key, value) in intervals)
                Assert.Contains($"[{ReportFormat.Value(value![0]!.GetValue<double>())}, {ReportFormat.Value(value[1]!.GetValue<double>())}]", shown);
        }
        Assert.Empty(errors);
        var path = Path.Combine(AppContext.BaseDirectory, screenshot);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 10_000, $"{path}: screenshot too small");
    }
}
