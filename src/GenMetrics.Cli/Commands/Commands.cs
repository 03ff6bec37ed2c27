using System.CommandLine;

namespace GenMetrics.Cli.Commands;

/// <summary>The command tree of <c>genmetrics</c>.</summary>
internal static class Commands
{
    public static RootCommand Root() => new(OutputPath.Help(
        "GenMetrics: evaluation metrics for generative models (FID, KID, IS, precision/recall, density/coverage), equal to the reference implementations.",
        "genmetrics demo                                       # what each metric catches, offline",
        "genmetrics eval real/ fake/ --metrics fid,kid,is      # two image folders through the FID Inception",
        "genmetrics stats real/ -o real.npz                    # reference statistics, pytorch-fid's format",
        "genmetrics ssim restored/ target/                     # image pairs: ssim, ms-ssim, psnr, lpips; lpips-diversity SET",
        "genmetrics track add --run gan --step 5000 samples/   # score a checkpoint; track best|list|report",
        "genmetrics stats real/ --shard 2/8 -o p2.npz          # one shard; genmetrics merge p*.npz -o real.npz (bit for bit)",
        "genmetrics ref add real real/; genmetrics eval ref:real fake/   # reference sets computed once",
        "genmetrics COMMAND --help                             # the options of a command"))
    {
        EvalCommand.Create(),
        StatsCommand.Create(),
        FeaturesCommand.Create(),
        PreprocessCommand.Create(),
        MergeCommand.Create(),
        RefCommand.Create(),
        SlurmCommand.Create(),
        DemoCommand.Create(),
        PairedCommands.Ssim(),
        PairedCommands.MsSsim(),
        PairedCommands.Psnr(),
        PairedCommands.Lpips(),
        PairedCommands.LpipsDiversity(),
        SampleCommand.Create(),
        TrackCommand.Create(),
    };
}
