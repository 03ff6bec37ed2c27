using System.Globalization;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Imaging;
using GenMetrics.Metrics;
using GenMetrics.Samples;
using Spectre.Console;

namespace GenMetrics.Cli.Commands;

/// <summary>
/// The demo's image part: Heusel et al. 2017's sanity check on real data. Fashion-MNIST training images are the real
/// set; the other "generated" sets are more training images, the test images, and test images with Gaussian pixel
/// noise of rising sigma, all through the weight-free random-CNN encoder (no download needed).
/// </summary>
internal static class DemoImages
{
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>Debian's full set when installed, else the committed subset found above the program or the current folder.</summary>
    public static string? DefaultFolder()
    {
        if (File.Exists(Path.Combine(DebianFolder, "train-images-idx3-ubyte.gz"))) return DebianFolder;
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples", "fashion-mnist");
                if (File.Exists(Path.Combine(candidate, "train-images-idx3-ubyte.gz"))) return candidate;
            }
        }
        return null;
    }

    /// <summary>Checks a --images folder before any work: it holds the two IDX image files with enough images.</summary>
    public static void CheckFolder(string folder, int n)
    {
        if (!Directory.Exists(folder)) throw new InputException($"--images {folder}: no such folder (expected Fashion-MNIST's IDX files, or 'none')");
        foreach (var name in new[] { "train-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte.gz" })
            if (!File.Exists(Path.Combine(folder, name))) throw new InputException($"--images {folder}: no {name} there");
        if (n < 10) throw new InputException($"--image-n: at least 10 images per set, got {n}");
    }

    public static List<(string Name, double Fid, PrdcResult Prdc)> Run(string folder, int n)
    {
        using var train = SampleSources.Open(Path.Combine(folder, "train-images-idx3-ubyte.gz"));
        using var test = SampleSources.Open(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"));
        if (train.Count < 2 * n || test.Count < n)
            throw new InputException($"--image-n {n}: {folder} has {train.Count} training and {test.Count} test images; need {2 * n} and {n}");
        using var encoder = EncoderRegistry.Open("random-cnn");
        FeatureMatrix Features(IReadOnlyList<RgbImage> images, string name)
        {
            using var source = SampleSources.FromImages(images, name);
            return FeatureExtractor.Extract(source, encoder, new ExtractionOptions { UseCache = false }).Features!;
        }
        List<RgbImage> Slice(ISampleSource s, int from) => [.. Enumerable.Range(from, n).Select(s.Read)];

        var real = Features(Slice(train, 0), "train[0,n)");
        var testImages = Slice(test, 0);
        var sets = new List<(string, FeatureMatrix)>
        {
            ("train, other half", Features(Slice(train, n), "train[n,2n)")),
            ("test", Features(testImages, "test")),
        };
        foreach (var sigma in new[] { 16, 32, 64 })
            sets.Add(($"test + noise sigma={sigma}", Features(GaussianNoise.AddToGrey(testImages, sigma, sigma), $"test+noise{sigma}")));
        return [.. sets.Select(x => (x.Item1, Fid.Compute(real, x.Item2), Prdc.Compute(real, x.Item2)))];
    }

    public static void Write(TextWriter writer, string folder, List<(string Name, double Fid, PrdcResult Prdc)> rows)
    {
        var console = ResultTable.ConsoleFor(writer);
        console.WriteLine();
        console.WriteLine($"Real images: Fashion-MNIST training images from {folder}, through the random-CNN encoder (seed 0, 128-d).");
        var table = new Table().Border(TableBorder.Rounded).AddColumn("generated");
        foreach (var k in new[] { "fid", "precision", "recall", "density", "coverage" }) table.AddColumn(new TableColumn(k).RightAligned());
        foreach (var (name, fid, p) in rows)
            table.AddRow(Markup.Escape(name), fid.ToString("0.0000", CultureInfo.InvariantCulture), F(p.Precision), F(p.Recall), F(p.Density), F(p.Coverage));
        console.Write(table);
        console.WriteLine("FID rises monotonically with the noise (Heusel et al. 2017); precision, recall, density and coverage fall as it pushes samples off the real images.");
    }

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
}
