using System.Text.Json.Nodes;

namespace GenMetrics.Reports;

public static partial class HtmlReport
{
    /// <summary>What went in: every input with its count and content hash, the encoder, the protocol, settings and versions.</summary>
    private static void Provenance(Page page, IReadOnlyList<ReportEntry> entries, List<ResultView> views)
    {
        bool many = entries.Count > 1;
        page.Raw("<table class=\"prov\" data-table=\"inputs\"><thead><tr>");
        if (many) page.Raw("<th>set</th>");
        page.Raw("<th>role</th><th>source</th><th>kind</th><th class=\"num\">count</th><th class=\"num\">dim</th><th>sha256</th><th>encoder / protocol</th><th>selection</th></tr></thead><tbody>");
        for (int i = 0; i < entries.Count; i++)
            foreach (var (role, node) in views[i].Inputs)
            {
                if (node is not JsonObject input) continue;
                page.Raw("<tr>");
                if (many) page.Raw("<td>").Text(entries[i].Name).Raw("</td>");
                var sha = input["sha256"]?.ToString() ?? "";
                page.Raw("<td>").Text(role).Raw("</td><td class=\"src\">").Text(input["source"]?.ToString() ?? "").Raw("</td><td>").Text(input["kind"]?.ToString() ?? "")
                    .Raw("</td><td class=\"num\">").Text(input["count"]?.ToString() ?? "").Raw("</td><td class=\"num\">").Text(input["dimension"]?.ToString() ?? "")
                    .Raw($"</td><td><code title=\"{Esc(sha)}\">").Text(sha.Length > 16 ? sha[..16] + "…" : sha).Raw("</code></td><td>")
                    .Text(string.Join(" / ", new[] { EncoderName(input["encoder"]?.ToString()), input["protocol"]?.ToString() }.Where(s => !string.IsNullOrEmpty(s))))
                    .Raw("</td><td>").Text(input["selection"]?.ToString() ?? "").Raw("</td></tr>");
                if (input["generator"] is JsonObject generator)
                {
                    page.Raw($"<tr class=\"sub\"><td colspan=\"{(many ? 9 : 8)}\">generator: ").Text(string.Join(", ", generator.Select(kv => $"{kv.Key} {kv.Value?.ToJsonString()}"))).Raw("</td></tr>");
                }
            }
        page.Raw("</tbody></table>");

        var first = views[0];
        var encoder = first.Obj("encoder");
        page.Raw("<dl class=\"facts\">");
        Fact(page, "encoder", encoder["id"] is null ? "none (features given)" : $"{encoder["name"]}{(encoder["variant"] is { } var ? $"[{var}]" : "")}, graph {encoder["graph_version"]}" +
            (encoder["weights_sha256"] is { } w ? $", weights sha256 {w.ToString()[..Math.Min(16, w.ToString().Length)]}…" : ""));
        Fact(page, "protocol", first.Json["protocol"]?.ToString() ?? "none (features given)");
        var versions = first.Obj("versions");
        Fact(page, "versions", string.Join(", ", versions.Select(kv => $"{kv.Key} {kv.Value}")));
        if (first.Json["bootstrap"] is JsonObject b)
            Fact(page, "bootstrap", $"{b["replicates"]} resamples, seed {b["seed"]}, level {b["level"]}; {b["method"]}");
        if (first.Obj("timing_s")["total"] is { } total) Fact(page, "time", $"{ReportFormat.Value(ResultView.Number(total) ?? 0)} s for the metrics" + (many ? " (first set)" : ""));
        page.Raw("</dl>");

        page.Raw("<details class=\"settings\"><summary>Settings of each metric</summary><table><tbody>");
        foreach (var (metric, node) in first.Obj("settings"))
            page.Raw("<tr><td><code>").Text(metric).Raw("</code></td><td>").Text(string.Join(", ", (node as JsonObject ?? []).Select(kv => $"{kv.Key} = {kv.Value?.ToJsonString()}"))).Raw("</td></tr>");
        page.Raw("</tbody></table></details>");
    }

    private static void Fact(Page page, string name, string value) => page.Raw("<dt>").Text(name).Raw("</dt><dd>").Text(value).Raw("</dd>");

    private static string EncoderName(string? key)
    {
        if (string.IsNullOrEmpty(key)) return "";
        var parts = key.Split('|');
        return parts.Length == 4 ? parts[0] + (parts[2].Length > 0 ? $"[{parts[2]}]" : "") : key;
    }
}
