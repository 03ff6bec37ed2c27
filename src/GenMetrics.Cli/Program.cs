using System.CommandLine;
using GenMetrics.Cli;
using GenMetrics.Cli.Commands;

// genmetrics: the command-line front end. Exit codes: 0 success, 1 internal error, 2 bad input or usage.
var root = new RootCommand("GenMetrics: evaluation metrics for generative models (FID, KID, IS, precision/recall, density/coverage), equal to the reference implementations.")
{
    EvalCommand.Create(),
    StatsCommand.Create(),
    FeaturesCommand.Create(),
    PreprocessCommand.Create(),
    DemoCommand.Create(),
};
return CliRunner.Run(root, args);
