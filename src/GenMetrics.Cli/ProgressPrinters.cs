using GenMetrics.Encoders;
using GenMetrics.Evaluation;

namespace GenMetrics.Cli;

/// <summary>A one-line progress display on stderr (images/s and ETA) when it is a terminal; silent when redirected.</summary>
internal sealed class ExtractionPrinter(TextWriter error, string unit = "images") : IProgress<ExtractionProgress>
{
    private readonly bool _enabled = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
    private DateTime _last = DateTime.MinValue;

    public void Report(ExtractionProgress p)
    {
        if (!_enabled) return;
        bool final = p.Done == p.Total;
        if (!final && (DateTime.UtcNow - _last).TotalSeconds < 0.5) return;
        _last = DateTime.UtcNow;
        var eta = p.Remaining;
        error.Write($"\r{p.Source}: {p.Done}/{p.Total} {unit}, {p.ItemsPerSecond:F1} {unit}/s, ETA {(int)eta.TotalMinutes:D2}:{eta.Seconds:D2}   ");
        if (final) error.WriteLine();
    }
}

/// <summary>Download and hashing progress of the weights on stderr, when it is a terminal.</summary>
internal sealed class DownloadPrinter(TextWriter error) : IProgress<DownloadProgress>
{
    private readonly bool _enabled = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
    private DateTime _last = DateTime.MinValue;

    public void Report(DownloadProgress p)
    {
        if (!_enabled || (DateTime.UtcNow - _last).TotalSeconds < 0.5) return;
        _last = DateTime.UtcNow;
        var total = p.TotalBytes is { } t ? $" of {t / 1e6:F1} MB" : "";
        error.Write($"\rweights {p.Name}: {p.Stage.ToString().ToLowerInvariant()} {p.Bytes / 1e6:F1} MB{total}   ");
    }
}

/// <summary>Prints "computing X..." to stderr when it is a terminal; silent when redirected (scripts, CI).</summary>
internal sealed class StatusProgress(TextWriter error) : IProgress<string>
{
    private readonly bool _enabled = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;

    public void Report(string value)
    {
        if (_enabled) error.WriteLine($"computing {value}...");
    }
}
