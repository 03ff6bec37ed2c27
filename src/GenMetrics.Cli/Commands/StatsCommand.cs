using System.CommandLine;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Sharding;

namespace GenMetrics.Cli.Commands;

/// <summary><c>genmetrics stats SRC -o STATS.npz</c>: pytorch-fid compatible mean and covariance (float64).</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var src = new Argument<string>("source") { Description = "Images (folder, .zip, uint8 array, IDX; through the encoder) or features (.npy, or .npz with one array), N x D." };
        var output = new Option<string>("--out", "-o") { Description = "The statistics file to write (.npz with mu, sigma as pytorch-fid and clean-fid write them, plus count and provenance); - for standard output.", Required = true };
        var inputOptions = new InputOptions();
        var shardOptions = new ShardOptions();
        var cmd = new Command("stats", OutputPath.Help("Compute FID statistics (mean, covariance with ddof=1) of images or a features file (read in blocks: any N in memory O(d²)).",
            "genmetrics stats real/ -o real_stats.npz                    # FID Inception, tf protocol",
            "genmetrics stats real/ -o real_clean.npz --protocol clean   # for clean-fid comparisons",
            "genmetrics stats feats.npy -o stats.npz                     # from features",
            "genmetrics stats real/ --shard 2/8 -o part2.npz             # shard 2 of 8; then: genmetrics merge part*.npz -o real_stats.npz",
            "genmetrics stats real/ --shard auto -o part$SLURM_ARRAY_TASK_ID.npz   # in a Slurm job array"))
        { src, output };
        inputOptions.AddTo(cmd);
        shardOptions.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var path = p.GetValue(src)!;
            var outPath = OutputPath.Resolve(p.GetValue(output)!);
            var shard = shardOptions.Parse(p);
            if (shard is not null) ShardOptions.CheckPartPath("--out", outPath);
            if (outPath != OutputPath.StandardOutput && !outPath.EndsWith(".npz", StringComparison.OrdinalIgnoreCase))
                throw new InputException($"--out {outPath}: statistics are written as .npz (mu, sigma)");
            OutputPath.Check("--out", outPath);
            using var threads = inputOptions.LimitThreads(p);
            var display = inputOptions.Display(p);
            using var loader = inputOptions.CreateLoader(p, display);
            inputOptions.CheckImageOptionsApply(p, [path]);
            var error = p.InvocationConfiguration.Error;
            var said = outPath == OutputPath.StandardOutput ? error : p.InvocationConfiguration.Output;
            var kind = FeatureSet.KindOf(path);
            if (shard is not null)
            {
                if (kind == InputKind.Statistics) throw new InputException($"{path}: holds statistics already; --shard cuts images or features");
                var part = display.Run(() =>
                {
                    if (kind == InputKind.Features) return PartialStatistics.FromFeatures(path, shard, loader.Selection);
                    var (source, encoder, options) = loader.OpenImages(path);
                    using (source) return PartialStatistics.FromImages(source, encoder, shard, options, display);
                });
                foreach (var w in part.Warnings) error.WriteLine($"warning: {w}");
                part.Write(outPath);
                var i = part.Info.Input();
                said.WriteLine($"wrote {p.GetValue(output)}: partial statistics of shard {shard}, samples [{i.Start}, {i.End}) of {i.Total} (N={part.Count}, d={part.Dimension})");
                return CliRunner.Ok;
            }
            if (kind == InputKind.Features)
            {
                // Read in blocks: the features never sit in memory whole.
                var streamed = PartialStatistics.WriteStatistics(path, outPath, loader.Selection);
                if (streamed.Count <= streamed.Dimension) error.WriteLine($"warning: {path}: N={streamed.Count} <= d={streamed.Dimension}: the covariance is singular");
                said.WriteLine($"wrote {p.GetValue(output)}: mu ({streamed.Dimension}), sigma ({streamed.Dimension} x {streamed.Dimension}) from N={streamed.Count}");
                return CliRunner.Ok;
            }
            var set = display.Run(() => loader.Load(path));
            foreach (var w in set.Warnings) error.WriteLine($"warning: {w}");
            if (set.Features is { } f && f.Rows <= f.Columns)
                error.WriteLine($"warning: {path}: N={f.Rows} <= d={f.Columns}: the covariance is singular");
            var stats = set.Statistics();
            set.WriteStatistics(outPath);
            (outPath == OutputPath.StandardOutput ? error : p.InvocationConfiguration.Output).WriteLine($"wrote {p.GetValue(output)}: mu ({stats.Dimension}), sigma ({stats.Dimension} x {stats.Dimension}) from N={set.Count}");
            return CliRunner.Ok;
        });
        return cmd;
    }
}
