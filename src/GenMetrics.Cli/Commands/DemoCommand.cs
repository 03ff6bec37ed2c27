using System.CommandLine;
using GenMetrics.Cli.Demo;
using GenMetrics.Encoders;
using GenMetrics.Reports;

namespace GenMetrics.Cli.Commands;

/// <summary>
/// <c>genmetrics demo</c>: the embedded default, offline on a fresh clone. A PCA-Gaussian model of Fashion-MNIST
/// fitted on the spot, sampled at truncation psi 0.1 .. 1.0, beside failures made on purpose (dropped classes,
/// near-copies, noise, blur, outliers), all scored with the random-CNN encoder (and their FID through Inception when
/// its weights are cached or given): a console table with a sentence per row, an HTML report and a run database of the
/// sweep in the output folder.
/// </summary>
internal static class DemoCommand
{
    public const string DefaultOut = "genmetrics-demo";

    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "The folder the demo writes into: report.html, runs.db (the psi sweep as a tracked run), track.html, results/*.json.", DefaultValueFactory = _ => DefaultOut };
        var images = new Option<string?>("--images") { Description = "A folder with Fashion-MNIST's four IDX files (default: Debian's /usr/share/datasets/fashion-mnist when installed, else the subset in samples/fashion-mnist)." };
        var n = new Option<int>("--n") { Description = "Samples per generated set.", DefaultValueFactory = _ => 500 };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples for the intervals on FID, precision and density (0: none).", DefaultValueFactory = _ => DemoRun.BootstrapReplicates };
        var weights = new Option<string?>("--weights") { Description = "The FID Inception weights (pytorch-fid's pt_inception .pth): every set's FID is also computed through Inception. Default: the cached weights when present (genmetrics eval --encoder inception downloads them); never downloaded by the demo." };
        var noInception = new Option<bool>("--no-inception") { Description = "Score with the random-CNN encoder only, even when the Inception weights are cached." };
        var progress = ProgressDisplay.Option();
        var cmd = new Command("demo", OutputPath.Help("Fit a small generative model of Fashion-MNIST in C#, sample it at truncation psi 0.1 to 1.0, add failures made on purpose (dropped classes, near-copies, noise, blur, outliers) and show which metric catches which: a console table, an HTML report and a run database. Offline, no weights needed.",
            "genmetrics demo                        # writes ./genmetrics-demo/report.html",
            "genmetrics demo -o /tmp/demo --n 1000  # larger sets",
            "genmetrics demo --weights pt_inception-2015-12-05-6726825d.pth   # FID through Inception too (a few minutes on 2 cores)"))
        {
            output, images, n, bootstrap, weights, noInception, progress,
        };
        cmd.SetAction(p =>
        {
            int count = p.GetValue(n);
            // ct needs a cell of more than 20 generated points: with 3 cells, at least 61 points guarantee one.
            if (count is < 100 or > 5000) throw new InputException($"--n: between 100 and 5000 samples per set, got {count}");
            if (p.GetValue(bootstrap) is < 0 or 1) throw new InputException($"--bootstrap: 0 (none) or at least 2 resamples, got {p.GetValue(bootstrap)}");
            var outDir = p.GetValue(output)!;
            CheckFolder(outDir);
            var folder = p.GetValue(images);
            if (folder is not null) DemoData.Check(folder);
            if (p.GetValue(weights) is not null && p.GetValue(noInception)) throw new InputException("--weights: gives Inception weights, but --no-inception turns Inception off");
            var inceptionOptions = new EncoderOptions { Weights = p.GetValue(weights) };
            EncoderRegistry.Check("inception", inceptionOptions);
            if (inceptionOptions.Weights is { } w && !File.Exists(w)) throw new InputException($"--weights {w}: {(Directory.Exists(w) ? "is a folder, expected the weights file" : "file not found")}");
            bool inception = !p.GetValue(noInception) && EncoderRegistry.IsAvailableOffline("inception", inceptionOptions);
            folder ??= DemoData.DefaultFolder() ?? throw new InputException("--images: no Fashion-MNIST found (samples/fashion-mnist above this program or the current folder, or Debian's /usr/share/datasets/fashion-mnist): give the folder");
            var display = ProgressDisplay.For(p, progress);
            var (data, scores, run) = display.Run(() =>
            {
                display.Report("load Fashion-MNIST and fit the model");
                var data = DemoData.Load(folder, train: 1000, heldout: count, real: 1000);
                var model = DemoSets.Fit(data);
                var sets = DemoSets.Build(data, model, count);
                using var encoder = EncoderRegistry.Open("random-cnn");
                var run = new DemoRun(display, display);
                var scores = run.Score(encoder, data, sets, bootstrap: p.GetValue(bootstrap));
                if (inception)
                {
                    display.Report($"FID through Inception ({data.Real.Count + sets.Sum(s => s.Images.Count)} images)");
                    using var inceptionEncoder = EncoderRegistry.Open("inception", inceptionOptions with { DownloadProgress = display });
                    scores = run.WithInceptionFid(inceptionEncoder, data, scores);
                }
                display.Report("write the report and the run database");
                Directory.CreateDirectory(outDir);
                Directory.CreateDirectory(Path.Combine(outDir, "results"));
                foreach (var s in scores)
                {
                    ResultJson.WriteFile(Path.Combine(outDir, "results", FileName(s.Set.Name) + ".json"), s.Result);
                    if (s.Inception is not null) ResultJson.WriteFile(Path.Combine(outDir, "results", FileName(s.Set.Name) + ".inception.json"), s.Inception);
                }
                DemoOutput.Report(Path.Combine(outDir, "report.html"), data, scores, run.Seconds);
                DemoOutput.Track(Path.Combine(outDir, "runs.db"), scores, run.Real);
                Tracking.RunDatabase.Open(Path.Combine(outDir, "runs.db")).WriteReport("pca-gaussian-psi", Path.Combine(outDir, "track.html"),
                    new ReportOptions { Title = "Run pca-gaussian-psi: the truncation sweep as a tracked run (step = 100 psi)" });
                return (data, scores, run);
            });
            var o = p.InvocationConfiguration.Output;
            foreach (var warning in scores.SelectMany(s => s.Inception?.Warnings ?? []).Distinct())
                p.InvocationConfiguration.Error.WriteLine($"warning: {warning}");
            DemoOutput.Table(o, data, scores, run.Seconds);
            var full = Path.GetFullPath(outDir);
            o.WriteLine($"Report: {Path.Combine(full, "report.html")}");
            o.WriteLine($"Run database of the psi sweep: {Path.Combine(full, "runs.db")} (genmetrics track best --db {Path.Combine(full, "runs.db")} --run pca-gaussian-psi), its report {Path.Combine(full, "track.html")}");
            return CliRunner.Ok;
        });
        return cmd;
    }

    /// <summary>A folder the demo can write into: an existing writable folder, or a new one whose parent is writable.</summary>
    private static void CheckFolder(string dir)
    {
        if (File.Exists(dir)) throw new InputException($"--out {dir}: is a file; the demo writes a folder");
        var probe = Directory.Exists(dir) ? Path.Combine(dir, "report.html") : dir.TrimEnd('/') + ".probe";
        OutputPath.Check("--out", probe);
    }

    private static string FileName(string name) => new([.. name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' ? c : '_')]);
}
