using GenMetrics.Formats;
using static GenMetrics.Formats.OnnxAttribute;

namespace GenMetrics.Fuzz;

/// <summary>Seed corpora: the target's small committed fixtures, plus a few generated ONNX models for the shape checks.</summary>
internal static class Seeds
{
    /// <summary>afl-fuzz works best on small seeds; larger fixtures add little coverage and slow every execution.</summary>
    private const long MaxSeedBytes = 16 << 10;

    public static int Copy(Target target, string into)
    {
        Directory.CreateDirectory(into);
        var root = RepoRoot();
        int n = 0;
        foreach (var (folder, pattern) in target.Seeds)
        {
            var dir = Path.Combine(root, folder);
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.EnumerateFiles(dir, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (new FileInfo(file).Length > MaxSeedBytes) continue;
                var name = Path.GetRelativePath(root, file).Replace('/', '_');
                File.Copy(file, Path.Combine(into, name), overwrite: true);
                n++;
            }
        }
        var generated = target.Name switch
        {
            "onnx" => OnnxModels(),
            "zip" => ImageZips(root),
            _ => [],
        };
        foreach (var (name, bytes) in generated)
        {
            File.WriteAllBytes(Path.Combine(into, name), bytes);
            n++;
        }
        Console.WriteLine($"{target.Name}: {n} seeds in {into}");
        return n > 0 ? 0 : 1;
    }

    /// <summary>Models that reach each shape check: symbolic feature dimension (probed by a run), N x D x 1 x 1, two inputs, a wrong input.</summary>
    private static IEnumerable<(string, byte[])> OnnxModels()
    {
        yield return ("symbolic_d.onnx", Encoder(["N", 3, 32, 32], ["N", "D"], flatten: true));
        yield return ("nd11.onnx", Encoder(["N", 3, "S", "S"], [2, 4, 1, 1], flatten: false));
        yield return ("fixed_batch.onnx", Encoder([2, 3, 32, 32], [2, 4], flatten: true));
        var b = new OnnxModelBuilder("two");
        b.AddInput("a", "N", 3, 32, 32);
        b.AddInput("b", "N", 3, 32, 32);
        b.Node("Add", ["a", "b"], "y");
        b.AddOutput("y", "N", 3, 32, 32);
        yield return ("two_inputs.onnx", b.ToBytes());
    }

    /// <summary>Small images of every format, stored and deflated, so the zip harness reaches each decoder.</summary>
    private static IEnumerable<(string, byte[])> ImageZips(string root)
    {
        var dir = Path.Combine(root, "tests", "fixtures", "images", "decode");
        string[] names = ["bilevel.png", "grey16_small.png", "palette_trns.gif", "q50_420.jpg", "lossy_q80.webp", "palette.bmp"];
        foreach (var level in new[] { System.IO.Compression.CompressionLevel.NoCompression, System.IO.Compression.CompressionLevel.Optimal })
        {
            using var memory = new MemoryStream();
            using (var zip = new System.IO.Compression.ZipArchive(memory, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
                foreach (var name in names)
                {
                    var path = Path.Combine(dir, name);
                    if (File.Exists(path)) System.IO.Compression.ZipFileExtensions.CreateEntryFromFile(zip, path, name, level);
                }
            yield return ($"images_{level}.zip", memory.ToArray());
        }
    }

    private static byte[] Encoder(OnnxDim[] input, OnnxDim[] output, bool flatten)
    {
        var b = new OnnxModelBuilder("seed");
        b.AddInput("x", input);
        b.AddInitializer("w", [4, 3, 1, 1], [0.5f, -1f, 2f, 1f, 1f, 1f, -0.25f, 0.75f, 0f, 3f, 0f, -2f]);
        var c = b.Node("Conv", ["x", "w"], "c", Ints("kernel_shape", 1, 1));
        var p = b.Node("GlobalAveragePool", [c], flatten ? "p" : "features");
        if (flatten) b.Node("Flatten", [p], "features", Int("axis", 1));
        b.AddOutput("features", output);
        return b.ToBytes();
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GenMetrics.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("GenMetrics.slnx not found above " + AppContext.BaseDirectory);
    }
}
