namespace GenMetrics.Cli.Commands;

/// <summary>Checks an output path before any work, so a typo fails in a second, not after an hour.</summary>
internal static class OutputPath
{
    public static void Check(string flag, string path)
    {
        if (Directory.Exists(path)) throw new InputException($"{flag} {path}: is a folder; give a file path");
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(dir)) throw new InputException($"{flag} {path}: folder '{dir}' does not exist");
    }

    /// <summary>Help text: a description followed by examples, one per line.</summary>
    public static string Help(string description, params string[] examples) =>
        description + Environment.NewLine + Environment.NewLine + "Examples:" + Environment.NewLine +
        string.Join(Environment.NewLine, examples.Select(e => "  " + e));
}
