using GenMetrics.Cli;
using GenMetrics.Cli.Commands;

namespace GenMetrics.Tests.Cli;

/// <summary>Runs <c>genmetrics</c>'s whole command tree (<see cref="Commands.Root"/>) in-process and captures its output and exit code.</summary>
internal static class PairedCliHarness
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliRunner.Run(Commands.Root(), args, o, e);
        return (code, o.ToString(), e.ToString());
    }
}
