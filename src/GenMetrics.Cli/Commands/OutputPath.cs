namespace GenMetrics.Cli.Commands;

/// <summary>Output paths on the command line: checked before any work; <c>-</c> is standard output.</summary>
internal static class OutputPath
{
    /// <summary>Where <c>-</c> points: written in place, never replaced.</summary>
    public const string StandardOutput = "/dev/stdout";

    /// <summary><c>-</c> means standard output.</summary>
    public static string Resolve(string path) => path == "-" ? StandardOutput : path;

    /// <summary>Fails fast (exit 2) when the path cannot be written: a folder, a missing or read-only folder.</summary>
    public static void Check(string flag, string path)
    {
        try
        {
            OutputFiles.Check(path);
        }
        catch (InputException e)
        {
            throw new InputException($"{flag} {e.Message}", e);
        }
    }

    /// <summary>Help text: a description followed by examples, one per line.</summary>
    public static string Help(string description, params string[] examples) =>
        description + Environment.NewLine + Environment.NewLine + "Examples:" + Environment.NewLine +
        string.Join(Environment.NewLine, examples.Select(e => "  " + e));
}
