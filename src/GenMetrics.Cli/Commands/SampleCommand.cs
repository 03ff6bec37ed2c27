using System.CommandLine;
using GenMetrics.Samples;

namespace GenMetrics.Cli.Commands;

/// <summary><c>genmetrics sample G.onnx -o OUT</c>: the samples <c>eval</c> would score, written as files.</summary>
internal static class SampleCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("generator") { Description = "An ONNX generator (.onnx): float32 latents N x z in (and int64 labels N for a conditional model), images N x C x H x W out." };
        var output = new Option<string>("--out", "-o")
        {
            Description = "Where the samples go: a folder of PNGs (new or empty), a .zip of PNGs, or a .npz holding 'images' (uint8 N x H x W x 3). Items are 000000.png, 000001.png, ...",
            Required = true,
        };
        var count = new Option<int?>("--num-samples", "-n") { Description = "How many samples to draw (needed unless --latents gives them)." };
        var saveLatents = new Option<bool>("--save-latents") { Description = "Also write the latents (float32 N x z, before truncation) and a conditional model's labels beside the images: latents.npy and labels.npy in the folder or zip, arrays 'latents' and 'labels' in the .npz (what --latents reads)." };
        var threads = new Option<int?>("--threads") { Description = "Threads for the generator and for PNG encoding (default: all cores)." };
        var progressOption = ProgressDisplay.Option();
        var generatorOptions = new GeneratorCliOptions();
        var cmd = new Command("sample", OutputPath.Help(
            "Draw samples from an ONNX generator exactly as eval (and torch-fidelity) draws them, and write them as files, so the same images can be given to any other tool.",
            "genmetrics sample G.onnx -n 50000 -o samples/                   # a folder of PNGs; eval samples/ scores the same images",
            "genmetrics sample G.onnx -n 1000 -o samples.zip --save-latents  # a zip, with latents.npy beside the images",
            "genmetrics sample G.onnx -n 1000 --num-classes 10 -o x.npz      # a conditional model, images as a uint8 .npz",
            "genmetrics sample G.onnx --latents z.npy -o samples/            # explicit latents"))
        { model, output, count, saveLatents, threads, progressOption };
        generatorOptions.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var path = p.GetValue(model)!;
            var outPath = p.GetValue(output)!;
            if (!path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
                throw new InputException($"{path}: not an ONNX generator (.onnx)");
            if (p.GetValue(count) is < 1) throw new InputException($"--num-samples: must be at least 1, got {p.GetValue(count)}");
            using var limit = p.GetValue(threads) is { } t ? (t < 1 ? throw new InputException($"--threads: must be at least 1, got {t}") : Parallelism.Limit(t)) : null;
            var options = generatorOptions.Create(p, p.GetValue(count));
            var display = ProgressDisplay.For(p, progressOption);
            using var generator = OnnxGenerator.Open(path, options);
            using var samples = generator.Samples();
            int written = display.Run(() => SampleWriter.Write(samples, outPath, p.GetValue(saveLatents), display));
            var (c, h, w) = generator.ImageShape;
            var extra = !p.GetValue(saveLatents) ? "" : generator.NumClasses > 0 ? " with their latents and labels" : " with their latents";
            p.InvocationConfiguration.Output.WriteLine($"wrote {written} samples ({c} x {h} x {w}) of {path} to {outPath}{extra}");
            return CliRunner.Ok;
        });
        return cmd;
    }
}
