namespace GenMetrics;

/// <summary>
/// Bad input: a file, a value or an option that GenMetrics cannot use. The message names the input and what is
/// wrong with it. The command line maps it to exit code 2.
/// </summary>
public sealed class InputException : Exception
{
    /// <summary>Creates the exception with a message that names the input and the problem.</summary>
    public InputException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the lower-level cause.</summary>
    public InputException(string message, Exception inner) : base(message, inner) { }
}
