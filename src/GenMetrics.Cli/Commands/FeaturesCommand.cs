using System.CommandLine;
using GenMetrics.Evaluation;
using GenMetrics.Sharding;

namespace GenMetrics.Cli.Commands;

/// <summary><c>genmetrics features SRC -o FEATS.npy</c>: the encoder's features of a set of images (N x D float32), streamed to disk.</summary>
internal static class FeaturesCommand
{
    public static Command Create()
    {
        var src = new Argument<string>("source") { Description = "Images: a folder, .zip, uint8 .npy/.npz array or IDX file." };
        var output = new Option<string>("--out", "-o") { Description = "The .npy file to write (float32; N x 2048 for inception's pool3, N x 128 for random-cnn); - for standard output.", Required = true };
        var logits = new Option<string?>("--logits-out") { Description = "Also write the encoder's class logits (inception: logits_unbiased, N x 1008, the Inception Score's input) to this .npy." };
        var inputOptions = new InputOptions();
        var shardOptions = new ShardOptions();
        var cmd = new Command("features", OutputPath.Help("Extract features of images (FID InceptionV3 pool3, the random CNN's, an ONNX model's) to a .npy file, in bounded memory for any number of images.",
            "genmetrics features fake/ -o fake.npy --logits-out fake_logits.npy",
            "genmetrics features train.gz -o train.npy --encoder random-cnn",
            "genmetrics features imgs/ -o clip.npy --encoder onnx:clip.onnx --mean 0.48145466,0.4578275,0.40821073 --std 0.26862954,0.26130258,0.27577711",
            "genmetrics features imgs/ --shard 3/16 -o part3.npz            # shard 3 of 16; genmetrics merge part*.npz -o feats.npy"))
        { src, output, logits };
        inputOptions.AddTo(cmd);
        shardOptions.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var path = p.GetValue(src)!;
            var outPath = OutputPath.Resolve(p.GetValue(output)!);
            var logitsPath = p.GetValue(logits) is { } l ? OutputPath.Resolve(l) : null;
            var shard = shardOptions.Parse(p);
            if (shard is not null)
            {
                ShardOptions.CheckPartPath("--out", outPath);
                if (logitsPath is not null) ShardOptions.CheckPartPath("--logits-out", logitsPath);
            }
            OutputPath.Check("--out", outPath);
            if (logitsPath is not null) OutputPath.Check("--logits-out", logitsPath);
            if (FeatureSet.KindOf(path) != InputKind.Images) throw new InputException($"{path}: is features or statistics already; features needs images");
            using var threads = inputOptions.LimitThreads(p);
            var display = inputOptions.Display(p);
            using var loader = inputOptions.CreateLoader(p, display);
            Dictionary<string, string> Files(GenMetrics.Encoders.IEncoder encoder)
            {
                var files = new Dictionary<string, string> { [encoder.Outputs[0].Name] = outPath };
                if (logitsPath is not null)
                    files[InputLoader.LogitsOutput(encoder) ?? throw new InputException($"--logits-out: the {encoder.Id.DisplayName} encoder gives no class logits (only {string.Join(", ", encoder.Outputs.Select(o => o.Name))})")] = logitsPath;
                return files;
            }
            var report = display.Run(() =>
            {
                if (shard is null) return loader.ExtractToFiles(path, Files);
                var (source, encoder, options) = loader.OpenImages(path);
                using (source) return FeatureParts.Extract(source, encoder, shard, Files(encoder), options, display);
            });
            var error = p.InvocationConfiguration.Error;
            foreach (var w in report.Warnings) error.WriteLine($"warning: {w}");
            var pr = report.Provenance;
            var dim = loader.Encoder!.Outputs[0].Dimension;
            // The summary goes to stderr when the features themselves go to standard output.
            (outPath == OutputPath.StandardOutput ? error : p.InvocationConfiguration.Output)
                .WriteLine($"wrote {p.GetValue(output)}: {pr.Count} x {dim} ({pr.Encoder!.DisplayName}, protocol {pr.Preprocessing}){(shard is null ? "" : $", {pr.Selection}")}");
            return CliRunner.Ok;
        });
        return cmd;
    }
}
