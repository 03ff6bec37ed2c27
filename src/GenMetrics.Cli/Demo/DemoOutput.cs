using System.Globalization;
using System.Text.Json.Nodes;
using GenMetrics.Reports;
using GenMetrics.Samples;
using GenMetrics.Tracking;
using Spectre.Console;

namespace GenMetrics.Cli.Demo;

/// <summary>What the demo prints and writes: the console table, the HTML report, the run database of the sweep, the JSON results.</summary>
internal static class DemoOutput
{
    public static readonly string[] TableKeys = ["fid", "precision", "recall", "density", "coverage", "ct", "authenticity", "copy_fraction", "modes_covered"];

    public static void Table(TextWriter writer, DemoData data, IReadOnlyList<DemoScore> scores, double seconds)
    {
        var console = ResultTable.ConsoleFor(writer);
        console.WriteLine($"Fashion-MNIST from {data.Folder}: a PCA-Gaussian model (48 components, 25 Gaussians per class) fitted on {data.Train.Count} training images;");
        bool inception = scores.Any(s => s.Inception is not null);
        console.WriteLine($"each set of {scores[0].Features.Count} samples scored against {data.Real.Count} test images through the random-CNN encoder (128-d), memorization against the training images" +
                          (inception ? "; FID (Inception): the same sets through the FID InceptionV3 (pool3, 2048-d, tf protocol)." : "."));
        var table = new Table().Border(TableBorder.Rounded).AddColumn("set");
        foreach (var k in TableKeys)
        {
            table.AddColumn(new TableColumn(Header(k)).RightAligned());
            if (k == "fid" && inception) table.AddColumn(new TableColumn("FID (Inception)").RightAligned());
        }
        table.AddColumn("what it shows");
        foreach (var s in scores)
        {
            var r = s.Result;
            var cells = new List<string> { s.Set.Name };
            foreach (var k in TableKeys)
            {
                cells.Add(r[k] is { } v ? Format(v) + (r.Interval(k) is { } ci ? $" ±{Format((ci.Upper - ci.Lower) / 2)}" : "") : "-");
                if (k == "fid" && inception) cells.Add(s.Inception?["fid"] is { } f ? Format(f) : "-");
            }
            cells.Add(Shows(s));
            table.AddRow([.. cells.Select(Markup.Escape)]);
        }
        console.Write(table);
        console.WriteLine("Read it: FID rises for every failure but does not say which. Precision and density measure fidelity (are samples realistic?),");
        console.WriteLine("recall and coverage diversity (is the real data covered?): lowering psi raises the first and lowers the second. C_T << 0 and low");
        console.WriteLine("authenticity mean copying; modes_covered counts classes present. ± is half the 95% bootstrap interval (100 resamples of the set).");
        console.WriteLine($"Scored in {seconds:0.0} s.");
    }

    /// <summary>The row's sentence: what the set is meant to show, with the classes the metrics found dropped.</summary>
    public static string Shows(DemoScore s)
    {
        var dropped = s.Result.Details.FirstOrDefault(d => d.Key == "modes").Value?["dropped"] as JsonArray;
        var names = dropped?.Select(n => n?.ToString()).ToList() ?? [];
        return s.Set.Shows + (names.Count > 0 ? $" [dropped: {string.Join(", ", names)}]" : "");
    }

    public static void Report(string path, DemoData data, IReadOnlyList<DemoScore> scores, double seconds)
    {
        var sources = new List<ISampleSource>();
        ISampleSource Source(IReadOnlyList<GenMetrics.Imaging.RgbImage> images, string name)
        {
            var s = SampleSources.FromImages(images, name);
            sources.Add(s);
            return s;
        }
        try
        {
            var real = Source(data.Real, "Fashion-MNIST test images");
            var train = Source(data.Train, "Fashion-MNIST training images");
            // Every set shows its samples; the nearest-neighbour grid and the realism ranking go to the sets where they
            // tell something (the ends of the sweep and the failures), to keep the page light.
            var entries = scores.Select(s => new ReportEntry(s.Set.Name, s.Result)
            {
                Step = s.Set.Psi,
                Note = Shows(s) + (s.Inception?["fid"] is { } f ? $" FID through Inception: {Format(f)}." : ""),
                Set = s.Set.Psi is null or 0.1 or 1.0 ? s.Evaluated : null,
                GeneratedImages = Source(s.Set.Images, s.Set.Name),
                RealImages = real,
                TrainImages = train,
            }).ToList();
            HtmlReport.Write(path, entries, new ReportOptions
            {
                Title = "GenMetrics demo: which metric catches which failure",
                Introduction = $"A PCA-Gaussian model of Fashion-MNIST ({data.Folder}), fitted in C# on {data.Train.Count} training images, sampled at truncation psi 0.1 to 1.0, " +
                               $"beside failures made on purpose: dropped classes, near-copies of training images, pixel noise, blur, outliers. Each set of {scores[0].Features.Count} samples " +
                               $"is scored against {data.Real.Count} test images through the random-CNN encoder" +
                               (scores.Any(s => s.Inception is not null) ? ", and its FID through the FID InceptionV3 too (in each set's note)" : "") + $" (scored in {seconds:0} s).",
                StepLabel = "psi",
                Samples = 24,
                TableKeys = ["fid", "precision", "recall", "density", "coverage", "ct", "authenticity", "modes_covered"],
                CurveKeys = ["fid", "kid_mean", "precision", "recall", "density", "coverage", "vendi", "authenticity"],
            });
        }
        finally
        {
            foreach (var s in sources) s.Dispose();
        }
    }

    /// <summary>The truncation sweep as a tracked run: step = 100 psi, scored by the same real features.</summary>
    public static void Track(string dbPath, IReadOnlyList<DemoScore> scores, GenMetrics.Evaluation.FeatureSet real)
    {
        if (File.Exists(dbPath)) File.Delete(dbPath);
        using var tracker = RunTracker.Open("pca-gaussian-psi", new RunTrackerOptions { Database = dbPath, RealFeatures = real, Metrics = ["fid", "prdc"] });
        foreach (var s in scores.Where(s => s.Set.Psi is not null))
        {
            using var images = SampleSources.FromImages(s.Set.Images, s.Set.Name);
            tracker.Add((long)Math.Round(s.Set.Psi!.Value * 100), s.Features, images);
        }
    }

    private static string Header(string key) => key switch
    {
        "authenticity" => "authentic",
        "copy_fraction" => "copies",
        "modes_covered" => "classes",
        _ => key,
    };

    public static string Format(double v) =>
        v == Math.Round(v) && Math.Abs(v) < 1e6 ? v.ToString("0", CultureInfo.InvariantCulture)
        : Math.Abs(v) >= 1e4 || Math.Abs(v) < 1e-3 ? v.ToString("0.000e+0", CultureInfo.InvariantCulture)
        : v.ToString("G4", CultureInfo.InvariantCulture);
}
