using System.CommandLine;
using System.Text.RegularExpressions;

namespace GenMetrics.Cli;

/// <summary>
/// Parses, runs and maps failures to exit codes: 2 for usage or input problems, 1 for anything else. Library errors
/// speak of settings (<c>kid_subsets</c>); here they are said with the flags that set them (<c>--kid-subsets</c>).
/// </summary>
internal static partial class CliRunner
{
    public const int Ok = 0, InternalError = 1, BadInput = 2;

    public static int Run(RootCommand root, string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) stderr.WriteLine($"error: {e.Message}");
            stderr.WriteLine("Run 'genmetrics --help' (or 'genmetrics COMMAND --help') for usage.");
            return BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (InputException e)
        {
            stderr.WriteLine($"error: {Say(e)}");
            return BadInput;
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.FirstOrDefault(x => x is InputException) is InputException inner)
        {
            // Parallel work that failed on bad input (a corrupt file) is still bad input.
            stderr.WriteLine($"error: {Say(inner)}");
            return BadInput;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"internal error: {e}");
            return InternalError;
        }
    }

    /// <summary>The library's message in the command line's words.</summary>
    public static string Say(InputException e)
    {
        var text = e.Setting is { } s ? $"{Flag(s)}: {e.Problem}" : e.Message;
        return SettingPhrase().Replace(text, m => Flag(m.Groups[1].Value));
    }

    /// <summary>The flag that sets a library setting: its name in kebab case, except where the command line groups settings.</summary>
    public static string Flag(string setting) => setting switch
    {
        "preprocessing" => "--input-size/--mean/--std/--resize/--crop",
        "outputs" => "--output",
        _ => "--" + setting.Replace('_', '-'),
    };

    [GeneratedRegex("the '([a-z0-9_]+)' setting")]
    private static partial Regex SettingPhrase();
}
