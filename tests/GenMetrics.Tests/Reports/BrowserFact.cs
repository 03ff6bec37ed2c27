namespace GenMetrics.Tests.Reports;

/// <summary>
/// A fact that needs Debian's headless Chromium (driven by Microsoft.Playwright, never its own browser download):
/// where no Chromium is installed the runner reports it skipped, with the reason, never passed.
/// <c>GENMETRICS_CHROMIUM</c> names another binary.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Browser.Path is null)
            Skip = "no Chromium installed (apt-get install chromium, or set GENMETRICS_CHROMIUM): the report's browser checks need one";
    }
}

internal static class Browser
{
    public static string? Path { get; } = Find();

    private static string? Find()
    {
        var forced = Environment.GetEnvironmentVariable("GENMETRICS_CHROMIUM");
        if (!string.IsNullOrEmpty(forced)) return File.Exists(forced) ? forced : null;
        foreach (var candidate in new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium" })
            if (File.Exists(candidate)) return candidate;
        return null;
    }
}
