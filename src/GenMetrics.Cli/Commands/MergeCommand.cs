using System.CommandLine;
using GenMetrics.Sharding;

namespace GenMetrics.Cli.Commands;

/// <summary><c>genmetrics merge PARTS... -o OUT</c>: joins the parts of a sharded run into what the unsharded run writes.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var parts = new Argument<string[]>("parts")
        {
            Description = "The parts: every shard of one run exactly once, in any order (written by stats, features or eval with --shard).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out", "-o")
        {
            Description = "What to write: statistics parts give a statistics .npz (mu, sigma: bit for bit those of stats over the whole list), features parts " +
                          "the features .npy, k-NN parts (eval --shard) the result .json.",
            Required = true,
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print no table for a merged evaluation." };
        var cmd = new Command("merge", OutputPath.Help("Merge the parts of a sharded run (--shard I/N) after checking that they come from the same source, encoder and protocol and hold every shard once.",
            "genmetrics merge part*.npz -o real_stats.npz     # stats --shard parts: mu, sigma as an unsharded stats",
            "genmetrics merge feats*.npz -o feats.npy         # features --shard parts, concatenated in shard order",
            "genmetrics merge knn*.npz -o result.json         # eval --shard parts: prdc, pr, copies, alpha_precision, ct as an unsharded eval"))
        { parts, output, quiet };
        cmd.SetAction(p =>
        {
            var outPath = OutputPath.Resolve(p.GetValue(output)!);
            var report = ShardMerge.Merge(p.GetValue(parts)!, outPath);
            var error = p.InvocationConfiguration.Error;
            foreach (var w in report.Warnings) error.WriteLine($"warning: {w}");
            var said = outPath == OutputPath.StandardOutput ? error : p.InvocationConfiguration.Output;
            said.WriteLine(report.Kind switch
            {
                PartKind.Statistics => $"wrote {p.GetValue(output)}: mu ({report.Dimension}), sigma ({report.Dimension} x {report.Dimension}) from N={report.Count}, {report.Shards} parts",
                PartKind.Features => $"wrote {p.GetValue(output)}: {report.Count} x {report.Dimension} from {report.Shards} parts",
                _ => $"wrote {p.GetValue(output)}: {string.Join(", ", report.Result!.Metrics.Select(m => m.Key).Distinct())} from {report.Shards} parts",
            });
            if (report.Result is { } r && !p.GetValue(quiet) && outPath != OutputPath.StandardOutput) ResultTable.Write(p.InvocationConfiguration.Output, r);
            return CliRunner.Ok;
        });
        return cmd;
    }
}
