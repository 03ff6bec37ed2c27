using System.CommandLine;
using GenMetrics.Formats;

namespace GenMetrics.Cli.Commands;

/// <summary><c>genmetrics features SRC --out FEATS.npy</c>: the encoder's features of a set of images (N x D float32).</summary>
internal static class FeaturesCommand
{
    public static Command Create()
    {
        var src = new Argument<string>("source") { Description = "Images: a folder, .zip, uint8 .npy/.npz array or IDX file." };
        var output = new Option<string>("--out", "-o") { Description = "The .npy file to write (float32; N x 2048 for inception's pool3, N x 128 for random-cnn).", Required = true };
        var logits = new Option<string?>("--logits-out") { Description = "Also write Inception's logits_unbiased (N x 1008, the Inception Score's input) to this .npy." };
        var sampleOptions = new SampleOptions();
        var cmd = new Command("features", "Extract features of images (FID InceptionV3 pool3, or the random CNN's) to a .npy file.") { src, output, logits };
        sampleOptions.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var outPath = p.GetValue(output)!;
            var logitsPath = p.GetValue(logits);
            OutputFolder.Require("--out", outPath);
            if (logitsPath is not null) OutputFolder.Require("--logits-out", logitsPath);
            using var loader = sampleOptions.CreateLoader(p);
            var input = loader.Load(p.GetValue(src)!);
            if (!loader.UsedImages) throw new InputException($"{p.GetValue(src)}: is features or statistics already; features needs images");
            var f = input.RequireFeatures("features");
            Npy.Write(outPath, f.Span, f.Rows, f.Columns);
            if (logitsPath is not null && input.Logits is { } l) Npy.Write(logitsPath, l.Span, l.Rows, l.Columns);
            foreach (var w in loader.Warnings) p.InvocationConfiguration.Error.WriteLine($"warning: {w}");
            p.InvocationConfiguration.Output.WriteLine($"wrote {outPath}: {f.Rows} x {f.Columns} ({loader.Encoder.Name}, protocol {loader.ProtocolLabel})");
            return CliRunner.Ok;
        });
        return cmd;
    }
}
