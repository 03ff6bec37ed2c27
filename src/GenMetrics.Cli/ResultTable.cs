using System.Globalization;
using GenMetrics.Evaluation;
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
        bool intervals = result.Bootstrap is not null;
        if (intervals) table.AddColumn(new TableColumn($"{result.Bootstrap!.Options.Level * 100:0.#}% interval").RightAligned());
        table.AddColumn("better");
        foreach (var (k, v) in result.Metrics)
        {
            var better = result.KeyInfo(k)?.Direction switch
            {
                KeyDirection.LowerIsBetter => "lower",
                KeyDirection.HigherIsBetter => "higher",
                _ => "",
            };
            if (intervals)
                table.AddRow(Markup.Escape(k), Format(v), result.Interval(k) is { } ci ? Markup.Escape($"[{Format(ci.Lower)}, {Format(ci.Upper)}]") : "", better);
            else
                table.AddRow(Markup.Escape(k), Format(v), better);
        }
        console.Write(table);
        if (result.Bootstrap is { } b)
        {
            var resampled = b.Resampled.Select(x => $"{x.Key} ({string.Join(" + ", x.Value.Select(InputRoles.Name))})");
            console.WriteLine($"bootstrap: {b.Options.Replicates} resamples with replacement, seed {b.Options.Seed}, percentile intervals" +
                              (b.Resampled.Count > 0 ? $"; resampled: {string.Join(", ", resampled)}" : "") +
                              (b.WithoutInterval.Count > 0 ? $"; no interval: {string.Join(", ", b.WithoutInterval.Select(x => x.Key))}" : ""));
        }
        foreach (var i in result.Inputs)
        {
            var p = i.Provenance;
            var from = p.Encoder is { } e ? $", {e.DisplayName}, protocol {p.Preprocessing}" : "";
            var selection = p.Selection is { } s ? $", {s}" : "";
            console.WriteLine($"{i.Role}: {p.Source} ({p.Kind.ToString().ToLowerInvariant()}, N={p.Count}{(i.Dimension > 0 ? $", d={i.Dimension}" : "")}{selection}{from}, sha256 {p.ContentSha256[..12]})");
        }
    }

    public static void WriteWarnings(TextWriter writer, EvaluationResult result)
    {
        foreach (var w in result.Warnings) writer.WriteLine($"warning: {w}");
    }

    public static string Format(double v) =>
        v == 0 || (Math.Abs(v) >= 1e-3 && Math.Abs(v) < 1e6) ? v.ToString("0.000000", CultureInfo.InvariantCulture) : v.ToString("0.000000e+00", CultureInfo.InvariantCulture);
}
