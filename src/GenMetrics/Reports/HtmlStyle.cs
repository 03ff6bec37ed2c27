namespace GenMetrics.Reports;

/// <summary>The report's stylesheet (inline: the page fetches nothing).</summary>
internal static class HtmlStyle
{
    public const string Css = """
        :root { --ink: #1d2330; --muted: #5b6475; --line: #e3e7ee; --bg: #f6f7fb; --card: #fff; --accent: #1f77b4; --bad: #d62728; --good: #2ca02c; --warn: #e08a00; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
        header { background: linear-gradient(120deg, #18324f, #1f77b4); color: #fff; padding: 22px 32px 18px; }
        header h1 { margin: 0 0 4px; font-size: 24px; font-weight: 650; }
        header .sub { margin: 0; opacity: .85; }
        header .intro { max-width: 980px; margin: 10px 0 0; opacity: .95; }
        nav { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line); padding: 8px 32px; display: flex; gap: 18px; }
        nav a { color: var(--accent); text-decoration: none; font-weight: 600; }
        main { padding: 8px 32px 24px; max-width: 1400px; }
        section { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 8px 20px 18px; margin: 18px 0; box-shadow: 0 1px 2px rgba(20, 30, 50, .04); }
        h2 { font-size: 18px; margin: 12px 0 10px; }
        h3 { font-size: 16px; margin: 6px 0 4px; }
        h4 { font-size: 14px; margin: 16px 0 4px; color: #2b3445; }
        .hint, .note { color: var(--muted); margin: 2px 0 8px; max-width: 1100px; }
        table { border-collapse: collapse; margin: 6px 0; }
        th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        thead th { background: #f0f3f8; font-weight: 600; white-space: nowrap; }
        tbody tr:nth-child(even) { background: #fafbfd; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.num .ci, td.ci { color: var(--muted); font-size: 12px; }
        td.num .ci { display: block; }
        td.none { color: #b8bfcc; }
        td.conv { color: var(--muted); font-size: 12px; max-width: 460px; }
        td.reading { max-width: 440px; }
        table.sets td.reading { min-width: 300px; }
        th.name { white-space: nowrap; }
        th.name a { color: var(--ink); text-decoration: none; }
        .dir { color: var(--muted); white-space: nowrap; }
        th .dir { margin-left: 3px; }
        .scroll { overflow-x: auto; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; background: #7f8a9c; margin-right: 4px; white-space: nowrap; }
        .badge.copying, .badge.both { background: var(--bad); }
        .badge.modes, .badge.diversity { background: #9467bd; }
        .badge.fidelity { background: var(--warn); }
        .badge.ok { background: var(--good); }
        .verdict { font-size: 15px; margin: 8px 0 10px; }
        .verdict .evidence { color: var(--muted); font-size: 13px; }
        .charts { display: flex; flex-wrap: wrap; gap: 14px; }
        svg.chart { background: #fff; border: 1px solid var(--line); border-radius: 8px; }
        svg .grid { stroke: #edf0f5; }
        svg .frame { fill: none; stroke: #c5ccd8; }
        svg .tick { fill: #5b6475; font-size: 11px; }
        svg .tick.bad { fill: var(--bad); font-weight: 600; }
        svg .axis { fill: #2b3445; font-size: 12px; }
        svg .ct { fill: #1d2330; font-size: 13px; font-weight: 600; }
        svg .pl { fill: #2b3445; font-size: 11px; }
        svg .lg { fill: #2b3445; font-size: 11px; }
        svg .mark { fill: none; stroke: var(--bad); stroke-width: 2; }
        svg .ml { fill: var(--bad); font-size: 11px; font-weight: 600; }
        article.set { border-top: 1px solid var(--line); padding: 10px 0 6px; }
        article.set:first-child { border-top: none; }
        .grids { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
        figure { margin: 6px 0; }
        figure.grid img { image-rendering: pixelated; border: 1px solid var(--line); border-radius: 4px; max-width: 100%; }
        figcaption { color: var(--muted); font-size: 12px; margin-top: 2px; }
        figure.tile { display: inline-block; margin: 2px 3px; text-align: center; vertical-align: top; }
        figure.tile img { image-rendering: pixelated; width: 64px; height: 64px; object-fit: contain; border: 1px solid var(--line); border-radius: 3px; background: #fff; }
        figure.tile figcaption { font-size: 11px; font-variant-numeric: tabular-nums; }
        table.nn td { border: none; padding: 2px 2px; }
        table.nn td.gen { border-right: 2px solid var(--line); padding-right: 8px; }
        table.nn tr.copy td.gen img { border: 2px solid var(--bad); }
        table.nn tr.copy td.gen figcaption { color: var(--bad); font-weight: 600; }
        .strip { margin: 4px 0 8px; }
        .strip-title { font-size: 12px; font-weight: 600; color: #2b3445; margin-bottom: 2px; }
        details { margin: 6px 0; }
        summary { cursor: pointer; color: var(--accent); font-weight: 600; }
        .warnings li { color: #7a4b00; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 12px 0; }
        dl.facts dt { font-weight: 600; }
        dl.facts dd { margin: 0; color: #2b3445; word-break: break-all; }
        td.src { word-break: break-all; max-width: 380px; }
        tr.sub td { color: var(--muted); font-size: 12px; }
        .gallery { display: flex; flex-wrap: wrap; gap: 10px; }
        figure.step { margin: 0; text-align: center; }
        figure.step img { image-rendering: pixelated; width: 132px; border: 1px solid var(--line); border-radius: 4px; }
        footer { color: var(--muted); font-size: 12px; padding: 0 32px 28px; }
        """;
}
