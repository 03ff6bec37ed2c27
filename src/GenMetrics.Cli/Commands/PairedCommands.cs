using System.CommandLine;
using GenMetrics.Evaluation;
using GenMetrics.Metrics.Paired;
using GenMetrics.Samples;

namespace GenMetrics.Cli.Commands;

/// <summary>
/// The paired metrics, one command each: <c>genmetrics ssim|ms-ssim|psnr|lpips A B</c> (two images, or two sets whose
/// images pair up by relative file name) and <c>genmetrics lpips-diversity SET</c> (random pairs of one set). Each
/// runs its registry metric through <see cref="Evaluator"/>, so the JSON result is <c>eval</c>'s; the metric's own
/// flags come from its registry parameters (<c>convention</c> becomes <c>--convention</c>).
/// </summary>
internal static class PairedCommands
{
    private const string PairsHelp =
        "images pair up by relative file name (arrays by index; two image files whatever their names), and every image needs a partner";

    public static Command Ssim() => Paired("ssim", SsimMetric.Definition,
        "SSIM of image pairs, averaged over the pairs (key ssim, higher is better). Images are decoded as PIL's convert('RGB') and scaled x / 255 " +
        "(data_range 1). --convention piq (default; = MATLAB ssim.m), skimage or torchmetrics equals that library within 1e-6.",
        "genmetrics ssim restored/ target/                                  # folders matched by file name; prints the mean",
        "genmetrics ssim out.png ref.png --convention skimage               # two images, skimage's structural_similarity",
        "genmetrics ssim sr.zip hr.zip -o ssim.json --per-image ssim.csv    # the JSON result and a CSV of per-pair values");

    public static Command MsSsim() => Paired("ms-ssim", MsSsimMetric.Definition,
        "Multi-scale SSIM of image pairs as piq's multi_scale_ssim, averaged over the pairs (key ms_ssim, higher is better). " +
        "Both sides of every image need at least 161 pixels.",
        "genmetrics ms-ssim restored/ target/ -o ms_ssim.json",
        "genmetrics ms-ssim a.png b.png --greyscale                         # on the luma Y = 0.299 R + 0.587 G + 0.114 B");

    public static Command Psnr() => Paired("psnr", PsnrMetric.Definition,
        "PSNR of image pairs in dB with data in [0, 1] (key psnr, higher is better). --convention piq (default): the mean of per-pair " +
        "-10 log10(MSE + 1e-8), 80 dB for identical images; torchmetrics: the squared errors of all pairs pooled, +inf for identical images (null in JSON).",
        "genmetrics psnr restored/ target/ --per-image psnr.csv",
        "genmetrics psnr restored/ target/ --convention torchmetrics -o -   # torchmetrics' PeakSignalNoiseRatio, JSON on stdout");

    public static Command Lpips() => Paired("lpips", LpipsMetric.Definition,
        "LPIPS v0.1 distance of image pairs (Zhang et al. 2018; key lpips, lower is better), equal to the lpips package: images go in as " +
        "x / 127.5 - 1 in [-1, 1]. The torchvision backbone (--weights) and the LPIPS linear layers (--lpips-weights) are downloaded " +
        "once into $GENMETRICS_HOME/weights when not given.",
        "genmetrics lpips outputs/ targets/                                 # AlexNet, weights downloaded on first use",
        "genmetrics lpips outputs/ targets/ --net vgg -o lpips.json",
        "genmetrics lpips a.png b.png --weights alexnet-owt-7be5be79.pth --lpips-weights alex.pth   # offline");

    public static Command LpipsDiversity()
    {
        var set = new Argument<string>("set") { Description = "The generated images: a folder, .zip, uint8 .npy/.npz array or IDX file; or an ONNX generator (.onnx) with --num-samples." };
        var pairs = new Option<int>("--pairs") { Description = "Random pairs of distinct images to average over.", DefaultValueFactory = _ => LpipsDiversityMetric.DefaultPairs };
        var seed = new Option<long>("--seed") { Description = "Seed of NumPy's RandomState that draws the pairs.", DefaultValueFactory = _ => LpipsDiversityMetric.DefaultSeed };
        var count = new Option<int?>("--num-samples", "-n") { Description = "generator: the number of samples it draws; the pairs are drawn among them." };
        var generatorSeed = new Option<long?>("--latent-seed") { Description = "generator: the seed of NumPy's RandomState its latents (and labels) are drawn from (default 2020, torch-fidelity's); --seed draws the pairs." };
        var generatorOptions = new GeneratorCliOptions(generatorSeed);
        generatorSeed.Description = "generator: the seed of NumPy's RandomState its latents (and labels) are drawn from (default 2020, torch-fidelity's); --seed draws the pairs.";
        var common = new PairedOptions(LpipsDiversityMetric.Definition);
        var cmd = new Command("lpips-diversity", OutputPath.Help(
            "LPIPS diversity of one set (key lpips_diversity, higher is more diverse): the mean LPIPS over N random pairs of distinct images, " +
            "drawn with NumPy's RandomState(seed) as rs.randint(0, n, N) then rs.randint(0, n - 1, N) shifted past i. Network and weights as 'lpips'. " +
            "An ONNX generator is sampled as eval samples it (the generator options as there) and only the images the pairs touch are kept.",
            "genmetrics lpips-diversity samples/                               # 1000 pairs, seed 2020",
            "genmetrics lpips-diversity samples/ --pairs 5000 --seed 1 -o div.json --per-image pairs.csv",
            "genmetrics lpips-diversity G.onnx -n 1000                          # pairs among 1000 samples of a generator"))
        { set, pairs, seed, count, generatorSeed };
        generatorOptions.AddTo(cmd);
        common.AddTo(cmd);
        cmd.SetAction(p =>
        {
            int n = p.GetValue(pairs);
            long s = p.GetValue(seed);
            var path = p.GetValue(set)!;
            if (n < 1) throw new InputException($"--pairs: must be at least 1, got {n}");
            if (s is < 0 or > uint.MaxValue) throw new InputException($"--seed: {s} is not a valid seed; it must be between 0 and 2^32 - 1 (as NumPy's RandomState requires)");
            if (!GeneratorCliOptions.IsGenerator(path))
            {
                var given = generatorOptions.Given(p).ToList();
                if (p.GetResult(count) is { Implicit: false }) given.Insert(0, count.Name);
                if (p.GetResult(generatorSeed) is { Implicit: false }) given.Insert(0, generatorSeed.Name);
                if (given.Count > 0) throw new InputException($"{given[0]}: applies to an ONNX generator input, but {path} is not one (.onnx)");
                return common.Run(p, (options, progress) => ImagePairs.Draw(path, n, (uint)s, options, progress));
            }
            if (p.GetValue(count) is < 1) throw new InputException($"--num-samples: must be at least 1, got {p.GetValue(count)}");
            using var generator = OnnxGenerator.Open(path, generatorOptions.Create(p, p.GetValue(count)));
            using var samples = generator.Samples();
            return common.Run(p, (_, progress) => ImagePairs.Draw(samples, n, (uint)s, progress));
        });
        return cmd;
    }

    private static Command Paired(string name, MetricDefinition definition, string description, params string[] examples)
    {
        var a = new Argument<string>("a") { Description = "An image, or a folder, .zip archive or uint8 .npy/.npz array of images." };
        var b = new Argument<string>("b") { Description = "Its partner: " + PairsHelp + " (the metrics are symmetric in A and B)." };
        var common = new PairedOptions(definition);
        var cmd = new Command(name, OutputPath.Help(description, examples)) { a, b };
        common.AddTo(cmd);
        cmd.SetAction(p => common.Run(p, (options, progress) => ImagePairs.Open(p.GetValue(a)!, p.GetValue(b)!, options, progress)));
        return cmd;
    }
}
