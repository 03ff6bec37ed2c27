using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using GenMetrics.Evaluation;

namespace GenMetrics.Reports;

public static partial class HtmlReport
{
    internal static readonly string[] Palette =
        ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];

    private static bool HasPlane(List<ResultView> views) =>
        views.Any(v => (v.Has("precision") && v.Has("recall")) || (v.Has("density") && v.Has("coverage")));

    /// <summary>Precision against recall and density against coverage, one point per set; a series is one line.</summary>
    private static void Plane(Page page, IReadOnlyList<ReportEntry> entries, List<ResultView> views)
    {
        page.Raw("<p class=\"hint\">Up and right is better. Fidelity (x: are samples realistic?) against diversity (y: is the real data covered?): truncation and collapse move a model up the x axis and down the y axis, noise and outliers move it left.</p><div class=\"charts\">");
        foreach (var (xKey, yKey, title) in new[] { ("precision", "recall", "precision vs recall"), ("density", "coverage", "density vs coverage") })
        {
            if (!views.Any(v => v.Has(xKey) && v.Has(yKey))) continue;
            double xMax = xKey == "density" ? Math.Max(1.2, views.Max(v => v[xKey] ?? 0) * 1.08) : 1;
            var chart = new SvgChart { Title = title, XLabel = xKey + " (fidelity)", YLabel = yKey + " (diversity)", XRange = (0, xMax), YRange = (0, 1), Id = $"plane-{xKey}", Legend = false };
            var series = SeriesOf(entries).Where(x => views[x.Index].Has(xKey) && views[x.Index].Has(yKey)).ToList();
            if (series.Count >= 2)
                chart.Series.Add(new ChartSeries("series", [.. series.Select((x, j) => new ChartPoint(views[x.Index][xKey]!.Value, views[x.Index][yKey]!.Value,
                    j == 0 || j == series.Count - 1 ? x.Entry.Name : null, $"{x.Entry.Name}: {xKey} {ReportFormat.Value(views[x.Index][xKey]!.Value)}, {yKey} {ReportFormat.Value(views[x.Index][yKey]!.Value)}"))],
                    Palette[0], SeriesStyle.Line));
            int color = series.Count >= 2 ? 1 : 0;
            for (int i = 0; i < entries.Count; i++)
            {
                if ((series.Count >= 2 && entries[i].Step is not null) || !views[i].Has(xKey) || !views[i].Has(yKey)) continue;
                double x = views[i][xKey]!.Value, y = views[i][yKey]!.Value;
                chart.Series.Add(new ChartSeries(entries[i].Name, [new ChartPoint(x, y, entries[i].Name, $"{entries[i].Name}: {xKey} {ReportFormat.Value(x)}, {yKey} {ReportFormat.Value(y)}")],
                    Palette[color++ % Palette.Length]));
            }
            chart.Marks.Add(new ChartPoint(1, 1, null, "ideal: a faithful model of the real data sits near here"));
            page.Raw(chart.Render());
        }
        page.Raw("</div>");
    }

    /// <summary>Every metric over the steps of a series, its best step marked (by the key's direction).</summary>
    private static void Curves(Page page, IReadOnlyList<ReportEntry> entries, List<ResultView> views, ReportOptions options)
    {
        var series = SeriesOf(entries);
        var keys = options.CurveKeys ?? series.SelectMany(x => views[x.Index].Metrics.Select(m => m.Key)).Distinct()
            .Where(k => !k.EndsWith("_std", StringComparison.Ordinal) && !k.EndsWith("_se", StringComparison.Ordinal) && k != "modes_total").ToList();
        page.Raw("<p class=\"hint\">").Text($"Each metric against {options.StepLabel}; the ring marks the best {options.StepLabel} by the metric's direction (none for values read against a reference, such as C_T near 0); bars are bootstrap intervals.").Raw("</p><div class=\"charts\">");
        foreach (var key in keys)
        {
            var points = series.Where(x => views[x.Index][key] is not null).ToList();
            if (points.Count == 0) continue;
            var direction = views[points[0].Index].Direction(key);
            var chart = new SvgChart { Title = $"{key} ({Better(direction)} is better)", XLabel = options.StepLabel, YLabel = key, Id = $"curve-{key}", Width = 360, Height = 250 };
            chart.Series.Add(new ChartSeries(key, [.. points.Select(x => new ChartPoint(x.Entry.Step!.Value, views[x.Index][key]!.Value, null,
                $"{options.StepLabel} {Num(x.Entry.Step!.Value)}: {key} {ReportFormat.Value(views[x.Index][key]!.Value)}"))], Palette[0], SeriesStyle.Line));
            var bars = points.Where(x => views[x.Index].Interval(key) is not null).ToList();
            if (bars.Count > 0)
                foreach (var x in bars)
                {
                    var ci = views[x.Index].Interval(key)!.Value;
                    chart.Series.Add(new ChartSeries("interval", [new ChartPoint(x.Entry.Step!.Value, ci.Lower), new ChartPoint(x.Entry.Step!.Value, ci.Upper)], "#9ecae1", SeriesStyle.Line));
                }
            if (Best(points.Select(x => (x.Entry.Step!.Value, views[x.Index][key]!.Value)).ToList(), direction) is { } best)
                chart.Marks.Add(new ChartPoint(best.Step, best.Value, $"best: {Num(best.Step)}", $"best {options.StepLabel} {Num(best.Step)}: {key} {ReportFormat.Value(best.Value)}"));
            page.Raw(chart.Render());
        }
        page.Raw("</div>");
        StepGallery(page, entries, options);
    }

    /// <summary>The best (step, value) by direction: the lowest or highest value, the earliest step on a tie; null for neither.</summary>
    internal static (double Step, double Value)? Best(IReadOnlyList<(double Step, double Value)> points, KeyDirection direction)
    {
        if (direction == KeyDirection.Neither || points.Count == 0) return null;
        var best = points[0];
        foreach (var p in points.Skip(1))
            if (direction == KeyDirection.LowerIsBetter ? p.Value < best.Value : p.Value > best.Value) best = p;
        return best;
    }

    /// <summary>Per class: the real and the generated share as paired bars, dropped classes in red and named.</summary>
    private static void ModesChart(Page page, ResultView v, int set)
    {
        if (v.Details("modes") is not { } modes || modes["per_class"] is not JsonObject perClass || perClass.Count == 0) return;
        var dropped = (modes["dropped"] as JsonArray ?? []).Select(n => n?.ToString() ?? "").ToHashSet();
        var classes = perClass.Select(kv => (Name: kv.Key, Real: ResultView.Number(kv.Value?["real_share"]) ?? 0, Generated: ResultView.Number(kv.Value?["generated_share"]) ?? 0)).ToList();
        var assignment = modes["assignment"]?.ToString();
        page.Raw("<h4>Per-class shares</h4><p class=\"hint\">").Text(
            (assignment is { } a && a.StartsWith("k-means", StringComparison.Ordinal) ? "Modes are k-means clusters of the real features; "
             : "Classes as labelled" + (assignment is { } b && b.StartsWith("knn", StringComparison.Ordinal) ? " (generated samples by a vote of their nearest real samples); " : "; ")) +
            (dropped.Count > 0 ? $"dropped (generated share below the threshold times the real share): {string.Join(", ", dropped)}." : "no class is dropped.")).Raw("</p>");
        int n = classes.Count, barW = 14, groupW = 2 * barW + 12, left = 48, top = 16, h = 170, bottom = 70;
        int width = left + n * groupW + 20, height = top + h + bottom;
        double max = Math.Max(1e-9, classes.Max(c => Math.Max(c.Real, c.Generated))) * 1.1;
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" data-chart=\"modes-{set}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"per-class shares\"><title>per-class shares, real and generated</title>");
        foreach (var t in SvgChart.Ticks(0, max).Where(t => t <= max))
        {
            double y = top + h - t / max * h;
            s.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{left}\" y1=\"{y:0.#}\" x2=\"{width - 10}\" y2=\"{y:0.#}\"/><text class=\"tick\" x=\"{left - 5}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{t * 100:0.#}%</text>");
        }
        for (int i = 0; i < n; i++)
        {
            var c = classes[i];
            double x = left + 6 + i * groupW;
            bool gone = dropped.Contains(c.Name);
            double hr = c.Real / max * h, hg = c.Generated / max * h;
            s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{top + h - hr:0.#}\" width=\"{barW}\" height=\"{hr:0.#}\" fill=\"#9ecae1\"><title>{Esc(c.Name)}: real {ReportFormat.Percent(c.Real)}</title></rect>");
            s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + barW:0.#}\" y=\"{top + h - hg:0.#}\" width=\"{barW}\" height=\"{hg:0.#}\" fill=\"{(gone ? "#d62728" : "#1f77b4")}\"><title>{Esc(c.Name)}: generated {ReportFormat.Percent(c.Generated)}{(gone ? " (dropped)" : "")}</title></rect>");
            s.Append(CultureInfo.InvariantCulture, $"<text class=\"{(gone ? "tick bad" : "tick")}\" transform=\"translate({x + barW:0.#} {top + h + 10}) rotate(40)\">{Esc(c.Name)}{(gone ? " ✕" : "")}</text>");
        }
        s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{width - 150}\" y=\"4\" width=\"10\" height=\"10\" fill=\"#9ecae1\"/><text class=\"lg\" x=\"{width - 136}\" y=\"13\">real</text><rect x=\"{width - 100}\" y=\"4\" width=\"10\" height=\"10\" fill=\"#1f77b4\"/><text class=\"lg\" x=\"{width - 86}\" y=\"13\">generated</text>");
        s.Append("</svg>");
        page.Raw(s.ToString());
    }

    private static string Num(double v) => ReportFormat.Value(v);
}
