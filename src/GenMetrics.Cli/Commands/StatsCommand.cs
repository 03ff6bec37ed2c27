using System.CommandLine;
using GenMetrics.Formats;

namespace GenMetrics.Cli.Commands;

/// <summary><c>genmetrics stats SRC -o STATS.npz</c>: pytorch-fid compatible mean and covariance (float64).</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var src = new Argument<string>("source") { Description = "Images (folder, .zip, uint8 array, IDX; through the encoder) or features (.npy, or .npz with one array), N x D." };
        var output = new Option<string>("--out", "-o") { Description = "The statistics file to write (.npz with mu, sigma as pytorch-fid and clean-fid write them, plus count and provenance); - for standard output.", Required = true };
        var inputOptions = new InputOptions();
        var cmd = new Command("stats", OutputPath.Help("Compute FID statistics (mean, covariance with ddof=1) of images or a features file.",
            "genmetrics stats real/ -o real_stats.npz                    # FID Inception, tf protocol",
            "genmetrics stats real/ -o real_clean.npz --protocol clean   # for clean-fid comparisons",
            "genmetrics stats feats.npy -o stats.npz                     # from features"))
        { src, output };
        inputOptions.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var path = p.GetValue(src)!;
            var outPath = OutputPath.Resolve(p.GetValue(output)!);
            if (outPath != OutputPath.StandardOutput && !outPath.EndsWith(".npz", StringComparison.OrdinalIgnoreCase))
                throw new InputException($"--out {outPath}: statistics are written as .npz (mu, sigma)");
            OutputPath.Check("--out", outPath);
            using var threads = inputOptions.LimitThreads(p);
            var display = inputOptions.Display(p);
            using var loader = inputOptions.CreateLoader(p, display);
            inputOptions.CheckImageOptionsApply(p, [path]);
            var set = display.Run(() => loader.Load(path));
            var error = p.InvocationConfiguration.Error;
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
