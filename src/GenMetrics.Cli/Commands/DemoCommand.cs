using System.CommandLine;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Reports;
using GenMetrics.Samples;
using Spectre.Console;

namespace GenMetrics.Cli.Commands;

/// <summary>
/// <c>genmetrics demo</c>: the embedded default. Scores four seeded synthetic generated sets against one real set,
/// so a reader sees which metric catches which failure. Runs offline on a fresh clone.
/// </summary>
internal static class DemoCommand
{
    internal static readonly (SyntheticFailure Failure, string Name, string Shows)[] Cases =
    [
        (SyntheticFailure.Faithful, "faithful", "baseline: FID, KID near 0; density ~1, coverage ~0.97"),
        (SyntheticFailure.ModeDropped, "mode-dropped", "recall, coverage halve; precision, density stay"),
        (SyntheticFailure.Outliers, "outliers", "precision, density fall by the outlier share"),
        (SyntheticFailure.LowDiversity, "low-diversity", "recall collapses, density >> 1; KID, coverage miss it"),
    ];

    public static Command Create()
    {
        var output = new Option<string?>("--out", "-o") { Description = "Also write the feature sets (.npy) and each result (.json) into this folder." };
        var n = new Option<int>("--n") { Description = "Samples per set.", DefaultValueFactory = _ => 2000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the synthetic sets.", DefaultValueFactory = _ => 1UL };
        var images = new Option<string?>("--images") { Description = "Folder with Fashion-MNIST IDX files (default: Debian's /usr/share/datasets/fashion-mnist when installed, else the subset in samples/fashion-mnist; 'none' skips the image part)." };
        var imageN = new Option<int>("--image-n") { Description = "Images per set in the image part.", DefaultValueFactory = _ => 1000 };
        var cmd = new Command("demo", OutputPath.Help("Score seeded synthetic generated sets (faithful, mode-dropped, outliers, low-diversity) with FID, KID, precision, recall, density and coverage; then real Fashion-MNIST images with added noise through the random-CNN encoder. Offline, no weights needed.",
            "genmetrics demo",
            "genmetrics demo -o demo-out      # also write the feature sets and each result as JSON",
            "genmetrics demo --images none    # the synthetic part only"))
        {
            output, n, seed, images, imageN,
        };
        cmd.SetAction(p =>
        {
            int count = p.GetValue(n);
            if (count < 1000) throw new InputException($"--n: at least 1000 samples per set (KID draws subsets of 1000), got {count}");
            var outDir = p.GetValue(output);
            if (outDir is not null) CheckFolder(outDir);
            // Every input is checked before anything is computed or written: a bad --images leaves no files behind.
            var imagesDir = p.GetValue(images);
            bool imagePart = !string.Equals(imagesDir, "none", StringComparison.OrdinalIgnoreCase);
            if (imagePart && imagesDir is not null) DemoImages.CheckFolder(imagesDir, p.GetValue(imageN));
            if (imagePart) imagesDir ??= DemoImages.DefaultFolder();

            var results = Run(count, p.GetValue(seed));
            var imageRows = imagePart && imagesDir is not null ? DemoImages.Run(imagesDir, p.GetValue(imageN)) : null;
            if (outDir is not null) WriteAll(outDir, results);

            Write(p.InvocationConfiguration.Output, results);
            if (imageRows is not null) DemoImages.Write(p.InvocationConfiguration.Output, imagesDir!, imageRows);
            else if (imagePart)
                p.InvocationConfiguration.Error.WriteLine("warning: no Fashion-MNIST images found (samples/fashion-mnist or /usr/share/datasets/fashion-mnist); image part skipped");
            if (outDir is not null) p.InvocationConfiguration.Output.WriteLine($"wrote the feature sets and results to {outDir}");
            return CliRunner.Ok;
        });
        return cmd;
    }

    /// <summary>A folder the demo can write into: an existing writable folder, or a new one whose parent is writable.</summary>
    private static void CheckFolder(string dir)
    {
        if (File.Exists(dir)) throw new InputException($"--out {dir}: is a file; the demo writes a folder");
        var probe = Directory.Exists(dir) ? Path.Combine(dir, "probe.json") : dir.TrimEnd('/') + ".probe";
        OutputPath.Check("--out", probe);
    }

    internal static List<(string Name, string Shows, FeatureMatrix Features, EvaluationResult Result)> Run(int n, ulong seed)
    {
        var realFeatures = SyntheticSets.Real(n, seed);
        var real = FeatureSet.FromFeatures(realFeatures);
        var metrics = MetricRegistry.Default.Resolve(["fid", "kid", "prdc"]).Select(d => d.Create()).ToList();
        var results = new List<(string, string, FeatureMatrix, EvaluationResult)> { ("real", "", realFeatures, null!) };
        foreach (var (failure, name, shows) in Cases)
        {
            var fakeFeatures = SyntheticSets.Generated(failure, n, seed);
            var result = Evaluator.Evaluate(new EvaluationSet { Real = real, Generated = FeatureSet.FromFeatures(fakeFeatures) }, metrics);
            results.Add((name, shows, fakeFeatures, result));
        }
        return results;
    }

    private static void WriteAll(string outDir, List<(string Name, string Shows, FeatureMatrix Features, EvaluationResult Result)> results)
    {
        try
        {
            Directory.CreateDirectory(outDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--out {outDir}: cannot create the folder ({e.Message})", e);
        }
        foreach (var (name, _, features, result) in results)
        {
            WriteFeatures(Path.Combine(outDir, name + ".npy"), features);
            if (result is not null) ResultJson.WriteFile(Path.Combine(outDir, name + ".json"), result);
        }
    }

    private static void WriteFeatures(string path, FeatureMatrix f) => Npy.Write(path, f.Span, [f.Rows, f.Columns]);

    private static void Write(TextWriter writer, List<(string Name, string Shows, FeatureMatrix Features, EvaluationResult Result)> results)
    {
        var console = ResultTable.ConsoleFor(writer);
        console.WriteLine($"Real set: a mixture of {SyntheticSets.Modes} Gaussian modes in d={SyntheticSets.Dimension}; each generated set imitates one failure.");
        var table = new Table().Border(TableBorder.Rounded).AddColumn("generated");
        string[] keys = ["fid", "kid_mean", "precision", "recall", "density", "coverage"];
        foreach (var k in keys) table.AddColumn(new TableColumn(k).RightAligned());
        table.AddColumn("what it shows");
        foreach (var (name, shows, _, r) in results.Skip(1))
        {
            var cells = new List<string> { name };
            foreach (var k in keys) cells.Add(r[k] is { } v ? v.ToString(k == "fid" ? "0.00" : k == "kid_mean" ? "0.0000" : "0.000", System.Globalization.CultureInfo.InvariantCulture) : "-");
            cells.Add(shows);
            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }
        console.Write(table);
        console.WriteLine("FID rises for every failure but does not say which. Precision and density measure fidelity (are samples");
        console.WriteLine("realistic?), recall and coverage diversity (is the real distribution covered?); prdc rule, k=5.");
        console.WriteLine("KID (kernel (x.y/d+1)^3) and coverage (k-NN balls around real points) can miss within-mode collapse.");
    }
}
