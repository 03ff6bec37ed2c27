using GenMetrics.Evaluation;
using GenMetrics.Imaging;
using GenMetrics.Metrics;
using GenMetrics.Numerics;
using GenMetrics.Samples;

namespace GenMetrics.Reports;

public static partial class HtmlReport
{
    private static void Sets(Page page, IReadOnlyList<ReportEntry> entries, List<ResultView> views, ReportOptions options)
    {
        var realShown = new HashSet<string>();
        for (int i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var v = views[i];
            page.Raw($"<article class=\"set\" id=\"set-{i}\">");
            if (entries.Count > 1)
            {
                page.Raw("<h3>").Text(e.Name).Raw("</h3>");
                if (e.Note is not null) page.Raw("<p class=\"note\">").Text(e.Note).Raw("</p>");
                Verdict(page, v);
                page.Raw("<details class=\"values\"><summary>every value of this set</summary>");
                MetricTable(page, v, i, full: false);
                Warnings(page, v);
                page.Raw("</details>");
            }
            page.Raw("<div class=\"grids\">");
            if (!InGallery(entries, e)) GeneratedGrid(page, e, options);
            var realKey = v.Inputs["real"]?["sha256"]?.ToString() ?? e.RealImages?.Name;
            if (e.RealImages is not null && realKey is not null && realShown.Add(realKey)) RealGrid(page, e, options);
            page.Raw("</div>");
            ModesChart(page, v, i);
            NeighbourGrid(page, e, v, options, i);
            RealismStrips(page, e, options, i);
            page.Raw("</article>");
        }
    }

    /// <summary>Entries of a series whose samples the step gallery already shows (a stored thumbnail and no images).</summary>
    private static bool InGallery(IReadOnlyList<ReportEntry> entries, ReportEntry e) =>
        e.Step is not null && e.GeneratedImages is null && e.Thumbnail is not null && SeriesOf(entries).Count >= 2;

    /// <summary>The samples of every step of a series side by side, in step order.</summary>
    private static void StepGallery(Page page, IReadOnlyList<ReportEntry> entries, ReportOptions options)
    {
        var series = SeriesOf(entries).Where(x => x.Entry.Thumbnail is not null || x.Entry.GeneratedImages is not null).ToList();
        if (series.Count < 2 || options.Samples == 0) return;
        page.Raw("<h4>").Text($"Samples at each {options.StepLabel}").Raw("</h4><div class=\"gallery\" data-figure=\"step-gallery\">");
        foreach (var (e, _) in series)
        {
            var png = e.Thumbnail ?? ImageGrid.Png(Pick(e.GeneratedImages!, e.Set?.Generated, options with { Samples = Math.Min(16, options.Samples) }), 4, gap: 1);
            page.Raw($"<figure class=\"step\"><img alt=\"{Esc(e.Name)}\" src=\"{ImageGrid.DataUri(png)}\"><figcaption>").Text(e.Name).Raw("</figcaption></figure>");
        }
        page.Raw("</div>");
    }

    private static void GeneratedGrid(Page page, ReportEntry e, ReportOptions options)
    {
        if (options.Samples == 0) return;
        if (e.GeneratedImages is { } source)
        {
            var images = Pick(source, e.Set?.Generated, options);
            if (images.Count == 0) return;
            Figure(page, ImageGrid.Png(images, Columns(images.Count), gap: 2), $"{images.Count} generated samples (seed {options.Seed}) of {source.Name}", "samples-generated");
        }
        else if (e.Thumbnail is { } png) Figure(page, png, "generated samples (stored thumbnail grid)", "samples-generated");
    }

    private static void RealGrid(Page page, ReportEntry e, ReportOptions options)
    {
        if (options.Samples == 0) return;
        var images = Pick(e.RealImages!, e.Set?.Real, options);
        if (images.Count == 0) return;
        Figure(page, ImageGrid.Png(images, Columns(images.Count), gap: 2), $"{images.Count} real samples (seed {options.Seed}) of {e.RealImages!.Name}", "samples-real");
    }

    private static void Figure(Page page, byte[] png, string caption, string kind) =>
        page.Raw($"<figure class=\"grid\" data-figure=\"{kind}\"><img alt=\"{Esc(caption)}\" src=\"{ImageGrid.DataUri(png)}\"><figcaption>").Text(caption).Raw("</figcaption></figure>");

    private static int Columns(int count) => count <= 8 ? count : count <= 32 ? 8 : 10;

    /// <summary>A seeded subset of a set's images: rows of its features when they map to the source, else source items.</summary>
    private static List<RgbImage> Pick(ISampleSource source, FeatureSet? set, ReportOptions options)
    {
        int rows = set?.Features is not null && Item(set, source, 0) is not null ? (int)set.Count : source.Count;
        int size = Math.Min(options.Samples, rows);
        if (size == 0) return [];
        var picked = new RandomState((uint)options.Seed).ChoiceWithoutReplacement(rows, size);
        return [.. picked.Select(r => source.Read(set?.Features is not null && Item(set, source, r) is { } item ? item : r))];
    }

    /// <summary>The source item of feature row <paramref name="row"/>, or null when the rows do not map to the source.</summary>
    private static int? Item(FeatureSet? set, ISampleSource source, int row)
    {
        if (set?.Items is { } items && items.SourceCount == source.Count) return items.Indices[row];
        if (set is null || set.Count == source.Count) return row;
        return null;
    }

    /// <summary>
    /// Generated samples beside their nearest training images (the real set's when no training set is given), in
    /// feature space: the samples closest to the training set, relative to its own spacing, first (the copies list's
    /// ratio d(g, t) / d(t, t′)), then a seeded few of the others for contrast.
    /// </summary>
    private static void NeighbourGrid(Page page, ReportEntry e, ResultView v, ReportOptions options, int set)
    {
        if (options.NeighbourRows < 1 || options.Neighbours < 1) return;
        if (e.Set?.Generated?.Features is not { } gen || e.GeneratedImages is not { } genImages) return;
        bool train = e.Set.Train?.Features is not null && e.TrainImages is not null;
        var refSet = train ? e.Set.Train! : e.Set.Real;
        var refImages = train ? e.TrainImages : e.RealImages;
        if (refSet?.Features is not { } reference || refImages is null || reference.Rows < 2 || reference.Columns != gen.Columns) return;
        if (Item(e.Set.Generated, genImages, 0) is null || Item(refSet, refImages, 0) is null) return;

        var neighbours = NeighbourCache.Neighbours(reference, gen);
        int m = gen.Rows;
        var ratio = new double[m];
        for (int g = 0; g < m; g++)
        {
            double self = neighbours.SelfSquared[neighbours.Nearest.Index[g]], d2 = neighbours.Nearest.SquaredDistance[g];
            ratio[g] = self > 0 ? Math.Sqrt(d2 / self) : d2 > 0 ? double.PositiveInfinity : 0;
        }
        double threshold = double.TryParse(v.Setting("copies", "ratio_threshold"), System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : 0.5;
        var order = Enumerable.Range(0, m).OrderBy(g => ratio[g]).ThenBy(g => g).ToList();
        int rows = Math.Min(options.NeighbourRows, m);
        int copies = order.Count(g => ratio[g] < threshold);
        int closest = Math.Min(rows, Math.Max(copies, (rows + 1) / 2));
        var chosen = order.Take(closest).ToList();
        var rest = order.Skip(closest).ToList();
        if (rest.Count > 0 && chosen.Count < rows)
            chosen.AddRange(new RandomState((uint)options.Seed).ChoiceWithoutReplacement(rest.Count, Math.Min(rows - chosen.Count, rest.Count)).Select(j => rest[j]).OrderBy(g => ratio[g]));

        int k = Math.Min(options.Neighbours, reference.Rows);
        int d = gen.Columns;
        var queries = new float[chosen.Count * d];
        for (int q = 0; q < chosen.Count; q++) gen.Span.Slice(chosen[q] * d, d).CopyTo(queries.AsSpan(q * d, d));
        var nearest = Knn.NearestIndices(Simd.Best, queries, chosen.Count, reference.Memory, reference.Rows, d, k);

        string against = train ? "training" : "real";
        page.Raw($"<h4>Nearest {against} images</h4><p class=\"hint\">").Text(
            $"Each generated sample (left) beside its {k} nearest {against} samples in feature space, with Euclidean distances. Ordered by the copies ratio d(g, t) / d(t, t′) " +
            $"(t the nearest {against} sample, t′ its own nearest neighbour): below {threshold:G4} a sample is a suspected copy (red). " +
            $"{copies} of {m} samples are below it; the first {closest} rows are the closest, the others a seeded draw.").Raw("</p>");
        page.Raw($"<table class=\"nn\" data-figure=\"neighbours\" data-set=\"{set}\"><tbody>");
        for (int q = 0; q < chosen.Count; q++)
        {
            int g = chosen[q];
            bool copy = ratio[g] < threshold;
            page.Raw($"<tr class=\"{(copy ? "copy" : "")}\"><td class=\"gen\">");
            Tile(page, genImages.Read(Item(e.Set.Generated, genImages, g)!.Value), $"generated {GeneratedName(e.Set.Generated, g)}",
                $"ratio {ReportFormat.Value(ratio[g])}{(copy ? " · copy?" : "")}");
            page.Raw("</td>");
            for (int j = 0; j < k; j++)
            {
                int r = nearest[q * k + j];
                double dist = Math.Sqrt(Knn.SquaredDistance(gen.Span.Slice(g * d, d), reference.Span.Slice(r * d, d)));
                page.Raw("<td>");
                Tile(page, refImages.Read(Item(refSet, refImages, r)!.Value), $"{against} {GeneratedName(refSet, r)}", $"d {ReportFormat.Value(dist)}");
                page.Raw("</td>");
            }
            page.Raw("</tr>");
        }
        page.Raw("</tbody></table>");
    }

    /// <summary>The most and the least realistic generated samples by the realism score (Kynkäänniemi et al. 2019).</summary>
    private static void RealismStrips(Page page, ReportEntry e, ReportOptions options, int set)
    {
        if (options.RealismSamples < 1) return;
        if (e.Set?.Generated?.Features is not { } gen || e.Set.Real?.Features is not { } real || e.GeneratedImages is not { } images) return;
        if (real.Rows < Realism.DefaultK + 1 || real.Columns != gen.Columns || Item(e.Set.Generated, images, 0) is null) return;
        int[] rows = gen.Rows <= options.RealismLimit
            ? [.. Enumerable.Range(0, gen.Rows)]
            : [.. new RandomState((uint)options.Seed).ChoiceWithoutReplacement(gen.Rows, options.RealismLimit).Order()];
        var scores = Realism.Scores(real, gen, rows);
        var order = Enumerable.Range(0, rows.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).ToList();
        int n = Math.Min(options.RealismSamples, rows.Length / 2);
        if (n < 1) return;
        int inside = scores.Count(s => s >= 1);
        page.Raw("<h4>Most and least realistic samples</h4><p class=\"hint\">").Text(
            $"Realism score R = max over real samples r of NND₃(r) / ‖g − r‖ (Kynkäänniemi et al. 2019; the half of the real samples with the largest 3-NN radii left out): " +
            $"R ≥ 1 puts a sample inside a real sample's neighbourhood. {inside} of {rows.Length} scored samples have R ≥ 1.").Raw("</p>");
        foreach (var (title, picks, kind) in new[] { ("most realistic", order.Take(n).ToList(), "realism-most"), ("least realistic", order.TakeLast(n).Reverse().ToList(), "realism-least") })
        {
            page.Raw($"<div class=\"strip\" data-figure=\"{kind}\" data-set=\"{set}\"><div class=\"strip-title\">").Text(title).Raw("</div>");
            foreach (var i in picks)
                Tile(page, images.Read(Item(e.Set.Generated, images, rows[i])!.Value), $"generated {GeneratedName(e.Set.Generated, rows[i])}", $"R {ReportFormat.Value(scores[i])}");
            page.Raw("</div>");
        }
    }

    private static string GeneratedName(FeatureSet set, int row) => set.ItemNames is { } names ? names[row] : $"#{row}";

    private static void Tile(Page page, RgbImage image, string alt, string caption) =>
        page.Raw($"<figure class=\"tile\"><img alt=\"{Esc(alt)}\" title=\"{Esc(alt)}\" src=\"{ImageGrid.DataUri(ImageGrid.Png(image))}\"><figcaption>").Text(caption).Raw("</figcaption></figure>");
}
