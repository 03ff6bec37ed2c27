namespace GenMetrics.Cli;

/// <summary>Prints "computing X..." to stderr when it is a terminal; silent when redirected (scripts, CI).</summary>
internal sealed class StatusProgress(TextWriter error) : IProgress<string>
{
    private readonly bool _enabled = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;

    public void Report(string value)
    {
        if (_enabled) error.WriteLine($"computing {value}...");
    }
}
