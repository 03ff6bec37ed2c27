using System.Globalization;
using GenMetrics.Reports;
using Spectre.Console;

namespace GenMetrics.Cli;

/// <summary>Renders results as console tables (Spectre.Console), to any writer so tests can read them.</summary>
internal static class ResultTable
{
    public static IAnsiConsole ConsoleFor(TextWriter writer)
    {
        bool terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        // Redirected output (files, pipes, CI logs) has no width; wrap tables at a generous one instead of 80.
        if (!terminal || console.Profile.Width < 120) console.Profile.Width = Math.Max(console.Profile.Width, 140);
        return console;
    }

    public static void Write(TextWriter writer, EvaluationResult result)
    {
        var console = ConsoleFor(writer);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (k, v) in result.Metrics) table.AddRow(Markup.Escape(k), Format(v));
        console.Write(table);
        foreach (var i in result.Inputs)
            console.WriteLine($"{i.Role}: {i.Source} ({i.Kind}, N={i.Count}, d={i.Dimension}, sha256 {i.Sha256[..12]})");
    }

    public static void WriteWarnings(TextWriter writer, EvaluationResult result)
    {
        foreach (var w in result.Warnings) writer.WriteLine($"warning: {w}");
    }

    public static string Format(double v) =>
        v == 0 || (Math.Abs(v) >= 1e-3 && Math.Abs(v) < 1e6) ? v.ToString("0.000000", CultureInfo.InvariantCulture) : v.ToString("0.000000e+00", CultureInfo.InvariantCulture);
}
