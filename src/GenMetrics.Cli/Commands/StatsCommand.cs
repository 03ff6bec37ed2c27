using System.CommandLine;
using GenMetrics.Formats;
using GenMetrics.Metrics;

namespace GenMetrics.Cli.Commands;

/// <summary><c>genmetrics stats FEATS --out STATS.npz</c>: pytorch-fid compatible mean and covariance (float64).</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var src = new Argument<string>("source") { Description = "Features (.npy, or .npz with one array), N x D." };
        var output = new Option<string>("--out", "-o") { Description = "The statistics file to write (.npz with mu, sigma as pytorch-fid and clean-fid write them).", Required = true };
        var encoder = EncoderOption.Create();
        var cmd = new Command("stats", "Compute FID statistics (mean, covariance with ddof=1) of a features file.") { src, output, encoder };
        cmd.SetAction(p =>
        {
            EncoderOption.RequireNone(p.GetValue(encoder));
            var path = p.GetValue(src)!;
            var outPath = p.GetValue(output)!;
            if (!outPath.EndsWith(".npz", StringComparison.OrdinalIgnoreCase))
                throw new InputException($"--out {outPath}: statistics are written as .npz (mu, sigma)");
            var dir = Path.GetDirectoryName(Path.GetFullPath(outPath))!;
            if (!Directory.Exists(dir)) throw new InputException($"--out {outPath}: folder '{dir}' does not exist");
            var features = FeatureFile.Read(path);
            if (features.Rows <= features.Columns)
                p.InvocationConfiguration.Error.WriteLine($"warning: {path}: N={features.Rows} <= d={features.Columns}: the covariance is singular");
            var stats = Fid.Summarize(features);
            StatsFile.Write(outPath, stats.Mean, stats.Covariance, stats.Dimension);
            p.InvocationConfiguration.Output.WriteLine($"wrote {outPath}: mu ({stats.Dimension}), sigma ({stats.Dimension} x {stats.Dimension}) from N={features.Rows}");
            return CliRunner.Ok;
        });
        return cmd;
    }
}
