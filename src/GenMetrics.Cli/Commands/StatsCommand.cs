using System.CommandLine;
using GenMetrics.Formats;
using GenMetrics.Metrics;

namespace GenMetrics.Cli.Commands;

/// <summary><c>genmetrics stats SRC --out STATS.npz</c>: pytorch-fid compatible mean and covariance (float64).</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var src = new Argument<string>("source") { Description = "Images (folder, .zip, uint8 array, IDX; through --encoder inception) or features (.npy, or .npz with one array), N x D." };
        var output = new Option<string>("--out", "-o") { Description = "The statistics file to write (.npz with mu, sigma as pytorch-fid and clean-fid write them).", Required = true };
        var sampleOptions = new SampleOptions();
        var cmd = new Command("stats", "Compute FID statistics (mean, covariance with ddof=1) of images or a features file.") { src, output };
        sampleOptions.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var path = p.GetValue(src)!;
            var outPath = p.GetValue(output)!;
            if (!outPath.EndsWith(".npz", StringComparison.OrdinalIgnoreCase))
                throw new InputException($"--out {outPath}: statistics are written as .npz (mu, sigma)");
            OutputFolder.Require("--out", outPath);
            using var loader = sampleOptions.CreateLoader(p);
            var features = loader.Load(path).RequireFeatures("stats");
            foreach (var w in loader.Warnings) p.InvocationConfiguration.Error.WriteLine($"warning: {w}");
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

/// <summary>Checks an output path's folder before any work, so a typo fails in a second, not after an hour.</summary>
internal static class OutputFolder
{
    public static void Require(string option, string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(dir)) throw new InputException($"{option} {path}: folder '{dir}' does not exist");
    }
}
