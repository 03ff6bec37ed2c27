using System.CommandLine;
using GenMetrics.Evaluation;
using GenMetrics.Formats;

namespace GenMetrics.Cli.Commands;

/// <summary><c>genmetrics features SRC -o FEATS.npy</c>: the encoder's features of a set of images (N x D float32).</summary>
internal static class FeaturesCommand
{
    public static Command Create()
    {
        var src = new Argument<string>("source") { Description = "Images: a folder, .zip, uint8 .npy/.npz array or IDX file." };
        var output = new Option<string>("--out", "-o") { Description = "The .npy file to write (float32; N x 2048 for inception's pool3, N x 128 for random-cnn).", Required = true };
        var logits = new Option<string?>("--logits-out") { Description = "Also write the encoder's class logits (inception: logits_unbiased, N x 1008, the Inception Score's input) to this .npy." };
        var inputOptions = new InputOptions();
        var cmd = new Command("features", OutputPath.Help("Extract features of images (FID InceptionV3 pool3, the random CNN's, an ONNX model's) to a .npy file.",
            "genmetrics features fake/ -o fake.npy --logits-out fake_logits.npy",
            "genmetrics features train.gz -o train.npy --encoder random-cnn",
            "genmetrics features imgs/ -o clip.npy --encoder onnx:clip.onnx --mean 0.48145466,0.4578275,0.40821073 --std 0.26862954,0.26130258,0.27577711"))
        { src, output, logits };
        inputOptions.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var path = p.GetValue(src)!;
            var outPath = p.GetValue(output)!;
            var logitsPath = p.GetValue(logits);
            OutputPath.Check("--out", outPath);
            if (logitsPath is not null) OutputPath.Check("--logits-out", logitsPath);
            if (FeatureSet.KindOf(path) != InputKind.Images) throw new InputException($"{path}: is features or statistics already; features needs images");
            using var threads = inputOptions.LimitThreads(p);
            using var loader = inputOptions.CreateLoader(p);
            var set = loader.Load(path, withLogits: logitsPath is not null);
            var f = set.Features!;
            FeatureMatrix? l = null;
            if (logitsPath is not null)
                l = set.OutputNames.Count > 1 ? set.GetOutput(set.OutputNames[1])
                    : throw new InputException($"--logits-out: the {set.Provenance.Encoder!.DisplayName} encoder gives no class logits (only {set.OutputNames[0]})");
            Npy.Write(outPath, f.Span, f.Rows, f.Columns);
            if (l is not null) Npy.Write(logitsPath!, l.Span, l.Rows, l.Columns);
            foreach (var w in set.Warnings) p.InvocationConfiguration.Error.WriteLine($"warning: {w}");
            p.InvocationConfiguration.Output.WriteLine($"wrote {outPath}: {f.Rows} x {f.Columns} ({set.Provenance.Encoder!.DisplayName}, protocol {set.Provenance.Preprocessing})");
            return CliRunner.Ok;
        });
        return cmd;
    }
}
