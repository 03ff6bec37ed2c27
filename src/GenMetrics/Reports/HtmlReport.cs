using System.Net;
using System.Text;
using GenMetrics.Internals;

namespace GenMetrics.Reports;

/// <summary>
/// The HTML report: one self-contained file (inline SVG charts, PNG images as data URIs, no script, nothing fetched)
/// that shows why scores moved: a summary table with a plain reading of each value and a verdict, the
/// fidelity-diversity plane, curves over steps for a series, sample grids, the nearest training images of each
/// sample (copies first), the most and least realistic samples, per-class shares with dropped classes named, and
/// the provenance of every input.
/// </summary>
public static partial class HtmlReport
{
    /// <summary>The report of <paramref name="entries"/> as HTML text.</summary>
    /// <exception cref="InputException">No entry, or an image cannot be read.</exception>
    public static string Render(IReadOnlyList<ReportEntry> entries, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0) throw new InputException("report: no result to show");
        options ??= new ReportOptions();
        if (options.Samples < 0) throw InputException.ForSetting("report_samples", $"{options.Samples}, but it must be at least 0");
        var page = new Page(options.Title);
        var views = entries.Select(e => e.View).ToList();

        page.Raw("<header><h1>").Text(options.Title).Raw("</h1>");
        page.Raw("<p class=\"sub\">").Text($"GenMetrics {ResultJson.Version} · {entries.Count} evaluated set{(entries.Count == 1 ? "" : "s")}");
        if (views[0].Obj("encoder")["id"] is not null) page.Text($" · encoder {views[0].Obj("encoder")["name"]}");
        page.Raw("</p>");
        if (options.Introduction is { } intro) page.Raw("<p class=\"intro\">").Text(intro).Raw("</p>");
        page.Raw("</header>");

        var sections = new List<(string Id, string Title, Action Write)>
        {
            ("summary", "Summary", () => Summary(page, entries, views, options)),
        };
        if (HasPlane(views)) sections.Add(("plane", "Fidelity and diversity", () => Plane(page, entries, views)));
        if (SeriesOf(entries).Count >= 2) sections.Add(("curves", $"Metrics over {options.StepLabel}", () => Curves(page, entries, views, options)));
        sections.Add(("sets", entries.Count == 1 ? "Samples" : "Sets", () => Sets(page, entries, views, options)));
        sections.Add(("provenance", "Provenance", () => Provenance(page, entries, views)));

        page.Raw("<nav>");
        foreach (var (id, title, _) in sections) page.Raw($"<a href=\"#{id}\">").Text(title).Raw("</a>");
        page.Raw("</nav><main>");
        foreach (var (id, title, write) in sections)
        {
            page.Raw($"<section id=\"{id}\"><h2>").Text(title).Raw("</h2>");
            write();
            page.Raw("</section>");
        }
        page.Raw("</main><footer>").Text($"Made by GenMetrics {ResultJson.Version}. Self-contained: no script, no network; numbers as in the JSON result (five significant digits here, every digit in each cell's data-value).").Raw("</footer>");
        return page.Finish();
    }

    /// <summary>Writes the report atomically: nothing is left at <paramref name="path"/> if rendering or writing fails.</summary>
    public static void Write(string path, IReadOnlyList<ReportEntry> entries, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        OutputFile.Check(path);
        OutputFile.WriteAllText(path, Render(entries, options));
    }

    /// <summary>Entries with a step, in step order.</summary>
    private static List<(ReportEntry Entry, int Index)> SeriesOf(IReadOnlyList<ReportEntry> entries) =>
        [.. entries.Select((e, i) => (e, i)).Where(x => x.e.Step is not null).OrderBy(x => x.e.Step)];

    /// <summary>An HTML document under construction: text is escaped, markup is not.</summary>
    private sealed class Page(string title)
    {
        private readonly StringBuilder _s = new();

        public Page Raw(string html)
        {
            _s.Append(html);
            return this;
        }

        public Page Text(string text)
        {
            _s.Append(WebUtility.HtmlEncode(text));
            return this;
        }

        public string Finish() =>
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">" +
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
            // Nothing may be fetched: images are data URIs, styles inline, and there is no script.
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">" +
            $"<title>{WebUtility.HtmlEncode(title)}</title><style>{HtmlStyle.Css}</style></head><body>" + _s + "</body></html>\n";
    }

    private static string Esc(string text) => WebUtility.HtmlEncode(text);
}
