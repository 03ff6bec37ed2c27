using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Imaging;
using GenMetrics.Protocols;
using GenMetrics.Samples;
using GenMetrics.Sharding;

namespace GenMetrics.Fuzz;

/// <summary>
/// One reader under fuzzing: the name its input file gets (readers pick formats by extension and content), the entry
/// points that read it, the bytes its size justifies allocating per input byte (beyond <see cref="Contract.FloorBytes"/>)
/// and where its seeds come from (small committed fixtures, as (folder, pattern) under the repository root).
/// </summary>
internal sealed record Target(string Name, string FileName, int BytesPerInputByte, Action<Contract> Run, (string Folder, string Pattern)[] Seeds);

internal static class Targets
{
    // Deflate expands at most 1032:1 (RFC 1951: a 258-byte match in 2 bits at best); a zip member can be converted
    // to float64 (x8). Images: ImageDecoder.MaxPixels allows 8192 pixels per byte, each decoded to 4 bytes RGBA
    // (rented, up to twice that) and 3 bytes RGB.
    private const int Plain = 32, Deflate = 1032 * 8, Image = 8192 * 11;

    public static readonly Target[] All =
    [
        new("npy", "input.npy", Plain, c =>
        {
            c.Check("FeatureSet.KindOf", () => FeatureSet.KindOf(c.Path));
            c.Check("FeatureFile.Read", () => FeatureFile.Read(c.Path));
            c.Check("Npy.Read", () => { var a = Npy.Read(c.Path); a.ToSingle(); a.ToDouble(); });
            c.Check("SampleSources.Open", () => Drain(c.Path));
        }, [("tests/fixtures/formats", "*.npy"), ("tests/fixtures/images/arrays", "*.npy")]),

        new("npz", "input.npz", Deflate, c =>
        {
            c.Check("FeatureFile.Read", () => FeatureFile.Read(c.Path));
            c.Check("Npz.ReadArray", () =>
            {
                foreach (var key in Npz.ListArrays(c.Path)) Npz.ReadArray(c.Path, key).ToDouble();
            });
            c.Check("SampleSources.Open", () => Drain(c.Path));
        }, [("tests/fixtures/formats/npz", "*.npz"), ("tests/fixtures/images/arrays", "*.npz"), ("tests/fixtures/formats/bad", "*.npz")]),

        new("stats", "input.npz", Deflate, c =>
        {
            c.Check("FeatureSet.Load", () => FeatureSet.Load(c.Path));
            c.Check("StatsFile.Read", () => StatsFile.Read(c.Path));
        }, [("tests/fixtures/formats/npz", "stats*.npz"), ("tests/fixtures/formats/written", "*.npz"), ("tests/fixtures/formats/bad", "stats*.npz")]),

        new("zip", "input.zip", Image, c => c.Check("SampleSources.Open", () => Drain(c.Path)),
            [("tests/fixtures/images", "tree.zip")]),

        new("torch-zip", "input.pth", Deflate, c => c.Check("TorchCheckpoint.ReadStateDict", () => ReadTensors(c.Path)),
            [("tests/fixtures/torch/zip", "*.pth")]),

        new("torch-legacy", "input.pth", Plain, c => c.Check("TorchCheckpoint.ReadStateDict", () => ReadTensors(c.Path)),
            [("tests/fixtures/torch/legacy", "*.pth")]),

        new("pickle", "input.pkl", Plain, c =>
        {
            c.Check("PickleReader.Load (torch host)", () =>
            {
                using var file = FileInput.OpenRead(c.Path);
                PickleReader.Load(file, c.Path, new TorchPickleHost(c.Path));
            });
            c.Check("PickleReader.Load (plain host)", () =>
            {
                using var file = FileInput.OpenRead(c.Path);
                PickleReader.Load(file, c.Path, new PickleHost());
            });
        }, [("tests/fixtures/torch/pickle", "*.pkl"), ("tests/fixtures/torch/bad", "*.pkl")]),

        new("idx", "input-idx3-ubyte", Deflate, c =>
        {
            c.Check("Idx.Read", () => Idx.Read(c.Path));
            c.Check("SampleSources.Open", () => Drain(c.Path));
        }, [("tests/fixtures/images/idx", "*"), ("samples/fashion-mnist", "t10k-labels-idx1-ubyte.gz")]),

        new("png16", "input.png", Image, c => c.Check("ImageDecoder.Decode", () => ImageDecoder.Decode(File.ReadAllBytes(c.Path), c.Path)),
            [("tests/fixtures/images/decode", "*grey16*.png"), ("tests/fixtures/images/bad", "truncated_grey16.png")]),

        new("gif", "input.gif", Image, c => c.Check("ImageDecoder.Decode", () => ImageDecoder.Decode(File.ReadAllBytes(c.Path), c.Path)),
            [("tests/fixtures/images/decode", "*.gif"), ("tests/fixtures/images/tree/a_sub", "*.gif")]),

        new("part", "input.npz", Deflate, c =>
        {
            c.Check("PartFile.TryRead", () => PartFile.TryRead(c.Path));
            c.Check("ShardMerge.Merge", () => MergeAlone(c.Path));
        }, []),

        new("onnx", "input.onnx", Plain, c => c.Check("OnnxFileEncoder.Open", () =>
        {
            using var encoder = OnnxFileEncoder.Open(c.Path, new TorchvisionPreprocessing { Size = 32 }, threads: 1, batchSize: 2);
        }), [("tests/fixtures/onnxenc", "*.onnx")]),
    ];

    public static Target Find(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"unknown target '{name}'; the targets are {string.Join(", ", All.Select(t => t.Name))}");

    /// <summary>Opens an image source and reads every item (at most 64) and the content hash, as extraction does.</summary>
    private static void Drain(string path)
    {
        using var source = SampleSources.Open(path);
        for (int i = 0; i < Math.Min(source.Count, 64); i++) source.Read(i);
        source.ContentHash();
    }

    /// <summary>Merges the part on its own (into the output its kind takes, next to it, removed after), as `genmetrics merge` does.</summary>
    private static void MergeAlone(string path)
    {
        var kind = PartFile.Read(path).Kind;
        var output = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "merged" + ShardMerge.OutputExtension(kind));
        try
        {
            ShardMerge.Merge([path], output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>Reads a state dict and converts every tensor, as the weights loaders do.</summary>
    private static void ReadTensors(string path)
    {
        foreach (var tensor in TorchCheckpoint.ReadStateDict(path).Values)
        {
            tensor.ToFloat32();
            tensor.ToFloat64();
            if (!tensor.DType.IsFloatingPoint()) tensor.ToInt64();
        }
    }
}
