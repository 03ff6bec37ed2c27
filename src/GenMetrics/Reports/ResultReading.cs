using System.Text.Json.Nodes;

namespace GenMetrics.Reports;

/// <summary>
/// Plain-language readings for the report: one sentence per value (what this number says about the samples) and a
/// verdict per result (which failure the metrics point to). Rules of thumb, stated as such in the README: a value is
/// read against what a faithful sample of the same size would give, which depends on the encoder and N.
/// </summary>
internal static class ResultReading
{
    /// <summary>Thresholds of the verdict: below these, fidelity (precision, density) or diversity (recall, coverage) is called low.</summary>
    public const double LowShare = 0.5, CopyShare = 0.05, CopyingZ = -3, LowAuthenticity = 0.3;

    /// <summary>One sentence on <paramref name="key"/> = <paramref name="value"/>.</summary>
    public static string Of(string key, double? value, ResultView r)
    {
        if (value is not { } v) return "not a finite number (see the warnings)";
        string P(double x) => ReportFormat.Percent(x);
        return key switch
        {
            "fid" => "Fréchet distance between Gaussians fitted to the two feature sets: 0 for equal statistics; compare only at equal N and encoder",
            "kid_mean" => v <= 0 ? "MMD² indistinguishable from 0: no detectable difference at this sample size" : "kernel MMD² between the sets (unbiased: may dip below 0 for equal distributions)",
            "kid_std" => "spread of KID over its subsets",
            "is_mean" => "exp of the mean KL between class posteriors and their marginal: confident and varied classes score high",
            "precision" => $"{P(v)} of generated samples fall inside the real k-NN manifold (fidelity)",
            "recall" => $"{P(v)} of real samples fall inside the generated k-NN manifold (diversity)",
            "f_score" => "harmonic mean of precision and recall",
            "density" => v < 0.8 ? "generated samples have fewer real neighbours than real ones do: low fidelity"
                       : v > 1.25 ? "generated samples crowd dense real regions (more real neighbours than expected): typical of truncation or collapse"
                       : "about as many real neighbours per sample as a real sample has (≈ 1 is faithful)",
            "coverage" => $"{P(v)} of real samples have a generated sample inside their k-NN ball (diversity, robust to outliers)",
            "ct" => v <= CopyingZ ? "generated samples sit closer to the training set than held-out data do: copying"
                  : v >= -CopyingZ ? "generated samples sit farther from the training set than held-out data do: underfitting"
                  : "no sign of memorization (Z near 0)",
            "authenticity" => v < LowAuthenticity ? $"only {P(v)} of samples are farther from the training set than training samples are from each other: copying"
                            : $"{P(v)} of samples are authentic (not closer to a training sample than its own neighbour)",
            "alpha_precision" => "fidelity of the samples against the real set's typical region (integrated over α)",
            "beta_recall" => "diversity: how much of the real set's typical region the samples cover (integrated over β)",
            "copy_fraction" => v >= CopyShare ? $"{P(v)} of samples are near-copies of training samples (listed in the nearest-neighbour grid)"
                             : v > 0 ? $"{P(v)} of samples are near-copies of a training sample" : "no sample is a near-copy of a training sample",
            "mifid" => "FID divided by a memorization term: explodes when samples copy training data",
            "mifid_distance" => "mean cosine distance from training samples to their nearest generated sample",
            "vendi" => $"effective number of distinct samples under a cosine kernel",
            "fd_inf" => "FID extrapolated to infinitely many samples (removes FID's bias in 1/N)",
            "mind" => "sliced distance between the sets (random projections)",
            "modes_total" => "classes (or clusters) in the real set",
            "modes_covered" => r["modes_total"] is { } total && v < total ? $"{total - v:0} of {total:0} classes are missing or nearly missing" : "every class is represented",
            "mode_kl" => "KL divergence of the real class shares from the generated ones: 0 when the shares agree",
            "fid_per_class" => "mean FID within classes (intra-FID)",
            "cafd" or "cafd_kl" => "class-aware FID (per-class Fréchet distances weighted by class probabilities)",
            "cfid" => "conditional FID: how well samples follow their conditioning inputs",
            "parzen_ll" => "Parzen-window log-likelihood of real samples under the generated set (a weak measure: Theis et al. 2016)",
            "fld" => "feature likelihood divergence (generalization: low when samples fit test data as well as training data)",
            "ppl_mean" => "perceptual path length: how much images change along small latent steps (smoothness)",
            _ => "",
        };
    }

    /// <summary>The verdict: a headline naming the failure the metrics point to, and the evidence.</summary>
    public static (string Headline, string Kind, List<string> Evidence) Verdict(ResultView r)
    {
        var evidence = new List<string>();
        string F(string k) => $"{k} {ReportFormat.Value(r[k]!.Value)}";
        bool Below(string k, double t) => r[k] is { } v && v < t;

        bool copying = false;
        if (r["copy_fraction"] is >= CopyShare) { copying = true; evidence.Add(F("copy_fraction")); }
        if (r["ct"] is <= CopyingZ) { copying = true; evidence.Add(F("ct")); }
        if (Below("authenticity", LowAuthenticity)) { copying = true; evidence.Add(F("authenticity")); }

        var dropped = (r.Details("modes")?["dropped"] as JsonArray ?? []).Select(n => n?.ToString() ?? "").ToList();
        if (dropped.Count > 0) evidence.Add($"classes dropped: {string.Join(", ", dropped)}");

        var fidelity = new[] { "precision", "density" }.Where(k => Below(k, LowShare)).ToList();
        var diversity = new[] { "recall", "coverage" }.Where(k => Below(k, LowShare)).ToList();
        evidence.AddRange(fidelity.Select(F));
        evidence.AddRange(diversity.Select(F));

        if (copying) return ("memorization: samples copy the training set", "copying", evidence);
        if (dropped.Count > 0) return ($"mode dropping: {string.Join(", ", dropped)} {(dropped.Count == 1 ? "is" : "are")} missing", "modes", evidence);
        if (fidelity.Count > 0 && diversity.Count > 0) return ("low fidelity and low diversity: samples are off the real data and cover little of it", "both", evidence);
        if (fidelity.Count > 0) return ("low fidelity: many samples fall outside the real data (noise, blur, artefacts, outliers)", "fidelity", evidence);
        if (diversity.Count > 0) return ("low diversity: samples cover only part of the real data (truncation, collapse, missing modes)", "diversity", evidence);
        bool any = r.Has("precision") || r.Has("recall") || r.Has("density") || r.Has("coverage") || r.Has("ct") || r.Has("copy_fraction");
        return any ? ("no failure stands out: fidelity, diversity and memorization metrics are in the normal range", "ok", evidence)
                   : ("only distances were computed: add prdc (fidelity and diversity) or ct/copies (memorization) to see which failure moves them", "unknown", evidence);
    }
}
