namespace GenMetrics.Metrics;

/// <summary>Which authenticity <see cref="AlphaPrecision"/> computes.</summary>
public enum AuthenticityRule
{
    /// <summary>
    /// The authors' corrected code (branch DrShushen): per generated point j with nearest reference point a(j),
    /// authentic when d(a(j), NN_ref(a(j))) &lt; d(j, a(j)); the share of generated points.
    /// </summary>
    Corrected,

    /// <summary>
    /// The published <c>main</c> branch (093910e) and synthcity: <c>real_to_real[real_to_synth_args] &lt; real_to_synth</c>,
    /// a mean over the reference points that looks up reference-to-reference distances by the index of each reference
    /// point's nearest generated point (issues #4, #5); needs no more generated than reference points. Only for
    /// reproducing numbers computed with that code.
    /// </summary>
    MainBranch,
}

/// <summary>Settings of <see cref="AlphaPrecision"/>; the defaults are the authors' <c>compute_alpha_precision</c>.</summary>
/// <param name="Steps">Number of alphas, <c>linspace(0, 1, Steps)</c> (the authors' n_steps = 30); at least 2.</param>
/// <param name="Center">The centre of the real features' ball; null: their float64 mean (the authors use the
/// one-class network's centre on its embedding, and the mean of the raw features without one).</param>
/// <param name="Authenticity">The corrected rule (default) or the main branch's.</param>
public sealed record AlphaPrecisionOptions(int Steps = 30, double[]? Center = null, AuthenticityRule Authenticity = AuthenticityRule.Corrected);
