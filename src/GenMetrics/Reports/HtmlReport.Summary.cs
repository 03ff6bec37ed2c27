using GenMetrics.Evaluation;

namespace GenMetrics.Reports;

public static partial class HtmlReport
{
    private static void Summary(Page page, IReadOnlyList<ReportEntry> entries, List<ResultView> views, ReportOptions options)
    {
        if (entries.Count == 1)
        {
            Verdict(page, views[0]);
            MetricTable(page, views[0], 0, full: true);
            Warnings(page, views[0]);
            return;
        }
        // Several sets: one row each, the main values side by side, and the verdict.
        var keys = options.TableKeys ?? views.SelectMany(v => v.Metrics.Select(m => m.Key)).Distinct().ToList();
        keys = [.. keys.Where(k => views.Any(v => v.Has(k)))];
        page.Raw("<div class=\"scroll\"><table class=\"sets\" data-table=\"sets\"><thead><tr><th>set</th>");
        foreach (var k in keys)
            page.Raw($"<th class=\"num\" title=\"{Esc(Better(views.First(v => v.Has(k)).Direction(k)))} is better\">").Text(k).Raw($"<span class=\"dir\">{Arrow(views.First(v => v.Has(k)).Direction(k))}</span></th>");
        page.Raw("<th>what it shows</th></tr></thead><tbody>");
        for (int i = 0; i < entries.Count; i++)
        {
            var v = views[i];
            page.Raw($"<tr><th class=\"name\"><a href=\"#set-{i}\">").Text(entries[i].Name).Raw("</a></th>");
            foreach (var k in keys) ValueCell(page, v, k, i);
            var (headline, kind, _) = ResultReading.Verdict(v);
            page.Raw($"<td class=\"reading\"><span class=\"badge {kind}\">{Esc(KindLabel(kind))}</span> ").Text(entries[i].Note ?? headline).Raw("</td></tr>");
        }
        page.Raw("</tbody></table></div>");
        // What each column is.
        page.Raw("<details class=\"legend\"><summary>The metrics: direction and the reference each matches</summary><table><thead><tr><th>key</th><th>better</th><th>metric</th><th>convention</th></tr></thead><tbody>");
        foreach (var k in keys)
        {
            var v = views.First(x => x.Has(k));
            var metric = v.MetricOf(k);
            page.Raw("<tr><td><code>").Text(k).Raw("</code></td><td>").Text(Better(v.Direction(k))).Raw("</td><td>").Text(Title(metric)).Raw("</td><td class=\"conv\">").Text(v.Convention(metric) ?? "").Raw("</td></tr>");
        }
        page.Raw("</tbody></table></details>");
    }

    private static void Verdict(Page page, ResultView v)
    {
        var (headline, kind, evidence) = ResultReading.Verdict(v);
        page.Raw($"<p class=\"verdict {kind}\"><span class=\"badge {kind}\">{Esc(KindLabel(kind))}</span> ").Text(headline);
        if (evidence.Count > 0) page.Raw(" <span class=\"evidence\">(").Text(string.Join("; ", evidence)).Raw(")</span>");
        page.Raw("</p>");
    }

    /// <summary>Every value of one result: value, interval, direction, the convention it matches and a reading.</summary>
    private static void MetricTable(Page page, ResultView v, int set, bool full)
    {
        bool intervals = v.Metrics.Any(m => v.Interval(m.Key) is not null);
        var level = v.IntervalLevel is { } l ? $"{l * 100:0.#}% interval" : "interval";
        page.Raw($"<table class=\"metrics\" data-table=\"metrics\" data-set=\"{set}\"><thead><tr><th>metric</th><th class=\"num\">value</th>");
        if (intervals) page.Raw($"<th class=\"num\">{Esc(level)}</th>");
        page.Raw("<th>better</th><th>reading</th>");
        if (full) page.Raw("<th>reference convention</th>");
        page.Raw("</tr></thead><tbody>");
        string? lastMetric = null;
        foreach (var (k, value) in v.Metrics)
        {
            var metric = v.MetricOf(k);
            page.Raw("<tr><td><code>").Text(k).Raw("</code></td>");
            ValueCell(page, v, k, set, withInterval: false);
            if (intervals)
                page.Raw("<td class=\"num ci\">").Text(v.Interval(k) is { } ci ? $"[{ReportFormat.Value(ci.Lower)}, {ReportFormat.Value(ci.Upper)}]" : "").Raw("</td>");
            page.Raw($"<td class=\"dir\">{Arrow(v.Direction(k))} ").Text(Better(v.Direction(k))).Raw("</td><td class=\"reading\">").Text(ResultReading.Of(k, value, v)).Raw("</td>");
            if (full)
            {
                // One convention per metric: shown on its first key's row.
                page.Raw("<td class=\"conv\">").Text(metric != lastMetric ? $"{metric}: {v.Convention(metric)}" : "").Raw("</td>");
                lastMetric = metric;
            }
            page.Raw("</tr>");
        }
        page.Raw("</tbody></table>");
    }

    /// <summary>A value cell: the shown value (five significant digits) and every digit in <c>data-value</c>.</summary>
    private static void ValueCell(Page page, ResultView v, string key, int set, bool withInterval = true)
    {
        if (!v.Has(key))
        {
            page.Raw("<td class=\"num none\">–</td>");
            return;
        }
        var value = v[key];
        page.Raw($"<td class=\"num\" data-set=\"{set}\" data-key=\"{Esc(key)}\" data-value=\"{(value is { } x ? ReportFormat.Exact(x) : "null")}\">");
        page.Text(value is { } y ? ReportFormat.Value(y) : "null");
        if (withInterval && v.Interval(key) is { } ci)
            page.Raw("<span class=\"ci\">").Text($"[{ReportFormat.Value(ci.Lower)}, {ReportFormat.Value(ci.Upper)}]").Raw("</span>");
        page.Raw("</td>");
    }

    private static void Warnings(Page page, ResultView v)
    {
        var warnings = v.Warnings.ToList();
        if (warnings.Count == 0) return;
        page.Raw("<details class=\"warnings\"><summary>").Text($"{warnings.Count} warning{(warnings.Count == 1 ? "" : "s")}").Raw("</summary><ul>");
        foreach (var w in warnings) page.Raw("<li>").Text(w).Raw("</li>");
        page.Raw("</ul></details>");
    }

    private static string Title(string metric) => MetricRegistry.Default.Find(metric)?.Info.Title ?? metric;

    private static string Better(KeyDirection d) => d switch
    {
        KeyDirection.LowerIsBetter => "lower",
        KeyDirection.HigherIsBetter => "higher",
        _ => "neither",
    };

    private static string Arrow(KeyDirection d) => d switch
    {
        KeyDirection.LowerIsBetter => "↓",
        KeyDirection.HigherIsBetter => "↑",
        _ => "·",
    };

    private static string KindLabel(string kind) => kind switch
    {
        "copying" => "memorization",
        "modes" => "mode dropping",
        "both" => "fidelity + diversity",
        "fidelity" => "fidelity",
        "diversity" => "diversity",
        "ok" => "fine",
        _ => "distances",
    };
}
