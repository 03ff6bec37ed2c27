using System.CommandLine;
using GenMetrics.Cli;
using GenMetrics.Cli.Commands;

namespace GenMetrics.Tests.Cli;

/// <summary>Runs the real command tree in-process and captures its output and exit code.</summary>
internal static class CliHarness
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand("test") { EvalCommand.Create(), StatsCommand.Create(), FeaturesCommand.Create(), PreprocessCommand.Create(), DemoCommand.Create() };
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliRunner.Run(root, args, o, e);
        return (code, o.ToString(), e.ToString());
    }
}
