// A training loop that logs its checkpoints with GenMetrics' RunTracker: the library call behind
// `genmetrics track add`. It trains a tiny generative model of Fashion-MNIST (GenMetrics' PcaGaussianModel:
// a Gaussian per class in a PCA space, its moments learnt by a moving average over mini-batches), and every
// --every steps draws samples and logs them. Then `genmetrics track best --run NAME` and `genmetrics track report`
// read the same database.
//
//   dotnet run --project samples/TrainingLoop -c Release -- --steps 300 --every 25
//   dotnet run --project src/GenMetrics.Cli -c Release -- track report --run training-loop -o run.html

using System.IO.Compression;
using GenMetrics.Imaging;
using GenMetrics.Samples;
using GenMetrics.Tracking;

var options = Args.Parse(args);
var data = options.Images ?? FindFashionMnist();
using var trainSource = SampleSources.Open(Path.Combine(data, "train-images-idx3-ubyte.gz"));
var labels = ReadLabels(Path.Combine(data, "train-labels-idx1-ubyte.gz"));
var train = Enumerable.Range(0, Math.Min(2000, trainSource.Count)).Select(trainSource.Read).ToList();

// The model: principal components from the first images, its Gaussians untrained (wide, centred on the mean image).
var model = PcaGaussianModel.Untrained(train[..500], classes: 10, components: 32);

// The tracker: every step is scored against the same real set (its features are computed once and cached).
using var tracker = RunTracker.Open(options.Run, new RunTrackerOptions
{
    Database = options.Database,
    Real = Path.Combine(data, "t10k-images-idx3-ubyte.gz"),
    RealSelection = new SampleSelection(options.RealSamples),
    Encoder = "random-cnn",
    Metrics = ["fid", "prdc"],
    Replace = true,
});

var rng = new Random(options.Seed);
for (int step = 1; step <= options.Steps; step++)
{
    var batch = Enumerable.Range(0, 32).Select(_ => rng.Next(train.Count)).ToList();
    model.Update([.. batch.Select(i => train[i])], [.. batch.Select(i => labels[i])], learningRate: 0.02);
    if (step % options.Every != 0) continue;
    var row = tracker.Add(step, model.Sample(options.Samples, seed: step), $"step {step} samples");
    Console.WriteLine($"step {step}: fid {row["fid"]:0.0000}, precision {row["precision"]:0.000}, recall {row["recall"]:0.000}");
}
var best = tracker.Best("fid");
Console.WriteLine($"best step by fid: {best.Step} ({best.Value:0.0000}); database {tracker.Database.Path}, run {tracker.Run}");

static string FindFashionMnist()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "samples", "fashion-mnist");
        if (File.Exists(Path.Combine(candidate, "train-images-idx3-ubyte.gz"))) return candidate;
    }
    throw new InvalidOperationException("samples/fashion-mnist not found above the program: pass --images DIR");
}

// An IDX1 labels file (gzip): an 8-byte header, then one byte per label.
static int[] ReadLabels(string path)
{
    using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
    using var memory = new MemoryStream();
    gz.CopyTo(memory);
    return [.. memory.ToArray().Skip(8).Select(b => (int)b)];
}

internal sealed record Args(string Run, string? Database, int Steps, int Every, int Samples, int RealSamples, int Seed, string? Images)
{
    public static Args Parse(string[] args)
    {
        var a = new Args("training-loop", null, 300, 25, 500, 1000, 0, null);
        for (int i = 0; i + 1 < args.Length; i += 2)
            a = args[i] switch
            {
                "--run" => a with { Run = args[i + 1] },
                "--db" => a with { Database = args[i + 1] },
                "--steps" => a with { Steps = int.Parse(args[i + 1]) },
                "--every" => a with { Every = int.Parse(args[i + 1]) },
                "--samples" => a with { Samples = int.Parse(args[i + 1]) },
                "--real-samples" => a with { RealSamples = int.Parse(args[i + 1]) },
                "--seed" => a with { Seed = int.Parse(args[i + 1]) },
                "--images" => a with { Images = args[i + 1] },
                _ => throw new ArgumentException($"unknown option {args[i]}; known: --run --db --steps --every --samples --real-samples --seed --images"),
            };
        return a;
    }
}
