using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Sharding;
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
            "part" => Parts(),
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

    /// <summary>
    /// One-shard parts on small seeded features (statistics, and k-NN parts of prdc and of
    /// copies, alpha_precision and ct with a training set), so the part harness reaches each merge.
    /// </summary>
    private static IEnumerable<(string, byte[])> Parts()
    {
        var dir = Directory.CreateTempSubdirectory("genmetrics-part-seeds");
        try
        {
            const int d = 4;
            FeatureMatrix Matrix(int seed, int n, string name)
            {
                var rng = new Random(seed);
                var v = new float[n * d];
                for (int i = 0; i < v.Length; i++) v[i] = (float)rng.NextDouble();
                return new FeatureMatrix(v, n, d, name);
            }
            var real = Matrix(1, 60, "real.npy");
            var whole = new Shard(0, 1);
            var features = Path.Combine(dir.FullName, "real.npy");
            Npy.Write(features, real.Span, real.Rows, d);
            var stats = Path.Combine(dir.FullName, "stats.npz");
            PartialStatistics.FromFeatures(features, whole).Write(stats);
            yield return ("statistics_part.npz", File.ReadAllBytes(stats));
            var set = new EvaluationSet
            {
                Real = FeatureSet.FromFeatures(real, "real.npy"),
                Generated = FeatureSet.FromFeatures(Matrix(2, 60, "gen.npy"), "gen.npy"),
                Train = FeatureSet.FromFeatures(Matrix(3, 60, "train.npy"), "train.npy"),
            };
            foreach (var (name, metrics) in new (string, string[])[] { ("prdc", ["prdc"]), ("memorization", ["copies", "alpha_precision", "ct"]) })
            {
                var path = Path.Combine(dir.FullName, name + ".npz");
                KnnPart.Compute(set, [.. MetricRegistry.Default.Resolve(metrics).Select(m => m.Create())], whole).Write(path);
                yield return ($"knn_{name}_part.npz", File.ReadAllBytes(path));
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
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
