using System.Globalization;
using System.Net;
using System.Text;

namespace GenMetrics.Reports;

/// <summary>How a chart series is drawn.</summary>
internal enum SeriesStyle
{
    Points,
    Line,
}

/// <summary>One point of a chart: its coordinates, an optional label drawn beside it and a tooltip.</summary>
internal readonly record struct ChartPoint(double X, double Y, string? Label = null, string? Tooltip = null);

/// <summary>A named set of points drawn in one colour.</summary>
internal sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points, string Color, SeriesStyle Style = SeriesStyle.Points);

/// <summary>
/// A small scatter or line chart as inline SVG (the report carries no script and fetches nothing): axes with
/// "nice" ticks, grid lines, labelled points, highlighted marks (the best step) and an optional legend.
/// </summary>
internal sealed class SvgChart
{
    public required string Title { get; init; }
    public required string XLabel { get; init; }
    public required string YLabel { get; init; }
    public List<ChartSeries> Series { get; } = [];
    /// <summary>Points drawn as a ring with a caption (the best step of a curve, the ideal corner).</summary>
    public List<ChartPoint> Marks { get; } = [];
    public (double Min, double Max)? XRange { get; init; }
    public (double Min, double Max)? YRange { get; init; }
    public bool Legend { get; init; }
    public int Width { get; init; } = 440;
    public int Height { get; init; } = 320;
    /// <summary>A stable id for tests and links (<c>data-chart</c>).</summary>
    public string? Id { get; init; }

    private const int Left = 58, Right = 16, Top = 30, Bottom = 44;

    public string Render()
    {
        var xs = Series.SelectMany(s => s.Points).Select(p => p.X).Concat(Marks.Select(m => m.X)).Where(double.IsFinite).ToList();
        var ys = Series.SelectMany(s => s.Points).Select(p => p.Y).Concat(Marks.Select(m => m.Y)).Where(double.IsFinite).ToList();
        var (x0, x1) = XRange ?? Span(xs);
        var (y0, y1) = YRange ?? Span(ys);
        var xt = Ticks(x0, x1);
        var yt = Ticks(y0, y1);
        if (XRange is null) (x0, x1) = (Math.Min(x0, xt[0]), Math.Max(x1, xt[^1]));
        if (YRange is null) (y0, y1) = (Math.Min(y0, yt[0]), Math.Max(y1, yt[^1]));
        double pw = Width - Left - Right, ph = Height - Top - Bottom;
        double X(double v) => Left + (v - x0) / (x1 - x0) * pw;
        double Y(double v) => Top + ph - (v - y0) / (y1 - y0) * ph;

        var s = new StringBuilder();
        s.Append($"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\"");
        if (Id is not null) s.Append($" data-chart=\"{Esc(Id)}\"");
        s.Append($" aria-label=\"{Esc(Title)}\">");
        s.Append($"<title>{Esc(Title)}</title>");
        s.Append($"<text class=\"ct\" x=\"{Left}\" y=\"18\">{Esc(Title)}</text>");
        // Grid and ticks.
        foreach (var t in xt.Where(t => t >= x0 - 1e-12 && t <= x1 + 1e-12))
        {
            s.Append($"<line class=\"grid\" x1=\"{F(X(t))}\" y1=\"{Top}\" x2=\"{F(X(t))}\" y2=\"{F(Top + ph)}\"/>");
            s.Append($"<text class=\"tick\" x=\"{F(X(t))}\" y=\"{F(Top + ph + 15)}\" text-anchor=\"middle\">{Esc(TickText(t, xt))}</text>");
        }
        foreach (var t in yt.Where(t => t >= y0 - 1e-12 && t <= y1 + 1e-12))
        {
            s.Append($"<line class=\"grid\" x1=\"{Left}\" y1=\"{F(Y(t))}\" x2=\"{F(Left + pw)}\" y2=\"{F(Y(t))}\"/>");
            s.Append($"<text class=\"tick\" x=\"{Left - 6}\" y=\"{F(Y(t) + 4)}\" text-anchor=\"end\">{Esc(TickText(t, yt))}</text>");
        }
        s.Append($"<rect class=\"frame\" x=\"{Left}\" y=\"{Top}\" width=\"{F(pw)}\" height=\"{F(ph)}\"/>");
        s.Append($"<text class=\"axis\" x=\"{F(Left + pw / 2)}\" y=\"{Height - 8}\" text-anchor=\"middle\">{Esc(XLabel)}</text>");
        s.Append($"<text class=\"axis\" transform=\"translate(14 {F(Top + ph / 2)}) rotate(-90)\" text-anchor=\"middle\">{Esc(YLabel)}</text>");

        foreach (var series in Series)
        {
            var pts = series.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
            if (series.Style == SeriesStyle.Line && pts.Count > 1)
                s.Append($"<polyline fill=\"none\" stroke=\"{series.Color}\" stroke-width=\"2\" points=\"{string.Join(" ", pts.Select(p => $"{F(X(p.X))},{F(Y(p.Y))}"))}\"/>");
            foreach (var p in pts)
            {
                s.Append($"<circle cx=\"{F(X(p.X))}\" cy=\"{F(Y(p.Y))}\" r=\"{(series.Style == SeriesStyle.Line ? 3 : 5)}\" fill=\"{series.Color}\" stroke=\"#fff\" stroke-width=\"1\">");
                s.Append($"<title>{Esc(p.Tooltip ?? $"{series.Name}: ({Num(p.X)}, {Num(p.Y)})")}</title></circle>");
                if (p.Label is not null)
                {
                    // Labels near the right edge go to the left of their point, near the top below it.
                    bool left = X(p.X) > Left + pw * 0.7;
                    double ly = Y(p.Y) < Top + 14 ? Y(p.Y) + 15 : Y(p.Y) - 6;
                    s.Append($"<text class=\"pl\" x=\"{F(X(p.X) + (left ? -7 : 7))}\" y=\"{F(ly)}\" text-anchor=\"{(left ? "end" : "start")}\">{Esc(p.Label)}</text>");
                }
            }
        }
        foreach (var m in Marks.Where(m => double.IsFinite(m.X) && double.IsFinite(m.Y)))
        {
            s.Append($"<circle class=\"mark\" cx=\"{F(X(m.X))}\" cy=\"{F(Y(m.Y))}\" r=\"9\"><title>{Esc(m.Tooltip ?? m.Label ?? "")}</title></circle>");
            if (m.Label is not null)
            {
                bool right = X(m.X) < Left + pw * 0.7;
                s.Append($"<text class=\"ml\" x=\"{F(X(m.X) + (right ? 12 : -12))}\" y=\"{F(Y(m.Y) + (Y(m.Y) < Top + 20 ? 16 : -10))}\" text-anchor=\"{(right ? "start" : "end")}\">{Esc(m.Label)}</text>");
            }
        }
        if (Legend && Series.Count > 1)
        {
            double lx = Left + 8, ly = Top + 12;
            foreach (var series in Series)
            {
                s.Append($"<circle cx=\"{F(lx)}\" cy=\"{F(ly - 4)}\" r=\"4\" fill=\"{series.Color}\"/><text class=\"lg\" x=\"{F(lx + 8)}\" y=\"{F(ly)}\">{Esc(series.Name)}</text>");
                ly += 14;
            }
        }
        s.Append("</svg>");
        return s.ToString();
    }

    private static (double, double) Span(List<double> v)
    {
        if (v.Count == 0) return (0, 1);
        double lo = v.Min(), hi = v.Max();
        if (hi - lo < 1e-12 * Math.Max(1, Math.Abs(hi)))
        {
            double pad = Math.Abs(hi) > 0 ? Math.Abs(hi) * 0.1 : 1;
            return (lo - pad, hi + pad);
        }
        double margin = (hi - lo) * 0.06;
        return (lo - margin, hi + margin);
    }

    /// <summary>About five round tick values covering [lo, hi] (steps of 1, 2 or 5 times a power of ten).</summary>
    internal static double[] Ticks(double lo, double hi)
    {
        double raw = (hi - lo) / 5;
        double mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3 ? 2 * mag : raw / mag < 7 ? 5 * mag : 10 * mag;
        double first = Math.Floor(lo / step) * step, last = Math.Ceiling(hi / step) * step;
        var ticks = new List<double>();
        for (double t = first; t <= last + step * 1e-9 && ticks.Count < 50; t += step) ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        return [.. ticks];
    }

    private static string TickText(double t, double[] ticks)
    {
        double step = ticks.Length > 1 ? ticks[1] - ticks[0] : 1;
        double largest = Math.Max(Math.Abs(ticks[0]), Math.Abs(ticks[^1]));
        if (largest >= 1e5 || (largest < 1e-3 && largest > 0)) return t.ToString("0.##e0", CultureInfo.InvariantCulture);
        int decimals = Math.Max(0, (int)-Math.Floor(Math.Log10(step) + 1e-9));
        return t.ToString("F" + decimals, CultureInfo.InvariantCulture);
    }

    private static string Num(double v) => ReportFormat.Value(v);

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Esc(string text) => WebUtility.HtmlEncode(text);
}
