using System.CommandLine;
using GenMetrics.Evaluation;
using GenMetrics.Samples;

namespace GenMetrics.Cli.Commands;

/// <summary><c>genmetrics preprocess SRC -o X.npy --protocol P</c>: the exact float32 tensor the encoder sees, streamed to disk.</summary>
internal static class PreprocessCommand
{
    public static Command Create()
    {
        var src = new Argument<string>("source") { Description = "Images: a folder, .zip, uint8 .npy/.npz array or IDX file." };
        var output = new Option<string>("--out", "-o") { Description = "The .npy file to write: float32 N x 3 x 299 x 299; - for standard output.", Required = true };
        var protocol = new Option<string>("--protocol", "-p") { Description = "tf, pytorch-fid or clean.", DefaultValueFactory = _ => GenMetrics.Protocols.Protocol.Tf.Name };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Look for images in sub-folders too." };
        var numSamples = new Option<int?>("--num-samples", "-n") { Description = "Use N images: the first N in sort order, or a seeded random subset with --sample-seed." };
        var sampleSeed = new Option<long?>("--sample-seed") { Description = "With --num-samples: a random subset, sorted(numpy RandomState(SEED).choice(total, N, replace=False))." };
        var progress = ProgressDisplay.Option();
        var cmd = new Command("preprocess", OutputPath.Help("Write the network input a protocol produces (resize, value range) as a float32 .npy, in bounded memory for any number of images.",
            "genmetrics preprocess imgs/ -o x.npy --protocol clean",
            "genmetrics preprocess imgs/ -o x.npy -n 16 --sample-seed 0"))
        { src, output, protocol, recursive, numSamples, sampleSeed, progress };
        cmd.SetAction(p =>
        {
            var outPath = OutputPath.Resolve(p.GetValue(output)!);
            OutputPath.Check("--out", outPath);
            var proto = GenMetrics.Protocols.Protocol.Get(p.GetValue(protocol)!);
            if (p.GetValue(sampleSeed) is not null && p.GetValue(numSamples) is null) throw new InputException("--sample-seed: needs --num-samples");
            using var opened = SampleSources.Open(p.GetValue(src)!, new SampleSourceOptions(p.GetValue(recursive)));
            using var subset = p.GetValue(numSamples) is { } n ? SampleSources.Select(opened, new SampleSelection(n, p.GetValue(sampleSeed))) : null;
            var source = subset ?? opened;
            var display = ProgressDisplay.For(p, progress);
            display.Run(() =>
            {
                FeatureExtractor.PreprocessToFile(source, proto, outPath, display);
                return 0;
            });
            (outPath == OutputPath.StandardOutput ? p.InvocationConfiguration.Error : p.InvocationConfiguration.Output)
                .WriteLine($"wrote {p.GetValue(output)}: {source.Count} x 3 x {proto.Size} x {proto.Size} (protocol {proto.Name})");
            return CliRunner.Ok;
        });
        return cmd;
    }
}
