namespace GenMetrics;

/// <summary>
/// Bad input: a file, a value or a setting that GenMetrics cannot use. The message names the input and what is
/// wrong with it. The command line maps it to exit code 2.
/// </summary>
/// <remarks>
/// Messages speak the library's vocabulary: a setting is named as its options record names it (<c>kid_subsets</c>,
/// <c>weights</c>), never as a command-line flag. When the problem is one setting's value, <see cref="Setting"/>
/// names it and <see cref="Problem"/> holds the message without the setting's name, so a front end can say it in
/// its own words (the CLI prints <c>--kid-subsets: ...</c>). Elsewhere a message may point at a setting as
/// <c>the 'weights' setting</c>, a phrase a front end can replace.
/// </remarks>
public sealed class InputException : Exception
{
    /// <summary>Creates the exception with a message that names the input and the problem.</summary>
    public InputException(string message) : base(message) => Problem = message;

    /// <summary>Creates the exception with a message and the lower-level cause.</summary>
    public InputException(string message, Exception inner) : base(message, inner) => Problem = message;

    private InputException(string setting, string problem, Exception? inner) : base($"{setting}: {problem}", inner)
    {
        Setting = setting;
        Problem = problem;
    }

    /// <summary>The setting whose value is wrong (snake_case, as the options records name it), or null.</summary>
    public string? Setting { get; }

    /// <summary>The message without the setting's name (the whole message when <see cref="Setting"/> is null).</summary>
    public string Problem { get; }

    /// <summary>A bad value of the setting <paramref name="setting"/>: the message is <c>setting: problem</c>.</summary>
    public static InputException ForSetting(string setting, string problem, Exception? inner = null) => new(setting, problem, inner);
}
