using System.IO.Compression;
using GenMetrics.Imaging;
using GenMetrics.Samples;

namespace GenMetrics.Cli.Demo;

/// <summary>
/// The demo's Fashion-MNIST: Debian's full set when installed (<c>dataset-fashion-mnist</c>), else the subset
/// committed in <c>samples/fashion-mnist</c> (2,000 training and 1,000 test images). The model is fitted on
/// <see cref="Train"/>; <see cref="Heldout"/> are training images it never saw; <see cref="Real"/> is the test set.
/// </summary>
internal sealed record DemoData(string Folder, IReadOnlyList<RgbImage> Train, int[] TrainLabels, IReadOnlyList<RgbImage> Heldout, int[] HeldoutLabels,
    IReadOnlyList<RgbImage> Real, int[] RealLabels)
{
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>Fashion-MNIST's class names, by label.</summary>
    public static readonly string[] ClassNames = ["T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Debian's full set when installed, else the committed subset found above the program or the current folder.</summary>
    public static string? DefaultFolder()
    {
        if (File.Exists(Path.Combine(DebianFolder, "train-images-idx3-ubyte.gz"))) return DebianFolder;
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples", "fashion-mnist");
                if (File.Exists(Path.Combine(candidate, "train-images-idx3-ubyte.gz"))) return candidate;
            }
        return null;
    }

    /// <summary>Checks a folder before any work: it holds the four IDX files.</summary>
    public static void Check(string folder)
    {
        if (!Directory.Exists(folder)) throw new InputException($"--images {folder}: no such folder (expected Fashion-MNIST's IDX files)");
        foreach (var name in Files)
            if (!File.Exists(Path.Combine(folder, name))) throw new InputException($"--images {folder}: no {name} there");
    }

    private static readonly string[] Files = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    /// <summary>The first <paramref name="train"/> training images for the model, the next <paramref name="heldout"/>, and the first <paramref name="real"/> test images.</summary>
    public static DemoData Load(string folder, int train, int heldout, int real)
    {
        using var trainSource = SampleSources.Open(Path.Combine(folder, Files[0]));
        using var testSource = SampleSources.Open(Path.Combine(folder, Files[2]));
        var trainLabels = Labels(Path.Combine(folder, Files[1]));
        var testLabels = Labels(Path.Combine(folder, Files[3]));
        if (trainSource.Count < train + heldout || testSource.Count < real)
            throw new InputException($"{folder}: {trainSource.Count} training and {testSource.Count} test images; the demo needs {train + heldout} and {real}");
        List<RgbImage> Slice(ISampleSource s, int from, int n) => [.. Enumerable.Range(from, n).Select(s.Read)];
        return new DemoData(folder, Slice(trainSource, 0, train), trainLabels[..train], Slice(trainSource, train, heldout), trainLabels[train..(train + heldout)],
            Slice(testSource, 0, real), testLabels[..real]);
    }

    /// <summary>An IDX1 labels file (gzip): magic 0x00000801, count, then one byte per label.</summary>
    private static int[] Labels(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gz.CopyTo(memory);
        var bytes = memory.ToArray();
        if (bytes.Length < 8 || bytes[2] != 0x08 || bytes[3] != 1) throw new InputException($"{path}: not an IDX labels file");
        int n = (bytes[4] << 24) | (bytes[5] << 16) | (bytes[6] << 8) | bytes[7];
        if (bytes.Length < 8 + n) throw new InputException($"{path}: truncated ({bytes.Length - 8} of {n} labels)");
        return [.. bytes.AsSpan(8, n).ToArray().Select(b => (int)b)];
    }
}
