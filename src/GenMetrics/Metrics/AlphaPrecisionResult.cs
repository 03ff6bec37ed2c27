namespace GenMetrics.Metrics;

/// <summary>Against which set authenticity was measured.</summary>
internal enum AuthenticityReference
{
    /// <summary>The real input (no training set given).</summary>
    Real,

    /// <summary>The training set, the set the model learned from.</summary>
    Train,
}

/// <summary>α-precision, β-recall and authenticity (Alaa et al. 2022) with their curves.</summary>
/// <param name="AlphaPrecision">1 − 2 Σ |P_α − α| Δα: 1 when the share of generated points in the real α-ball is α for every α.</param>
/// <param name="BetaRecall">1 − 2 Σ |R_β − β| Δβ for the β-recall curve.</param>
/// <param name="Authenticity">Share of generated points farther from their nearest reference point than that point is
/// from its own nearest other reference point.</param>
/// <param name="Alphas">linspace(0, 1, Steps).</param>
/// <param name="PrecisionCurve">P_α per alpha.</param>
/// <param name="RecallCurve">R_β per beta (= the same alphas).</param>
/// <param name="AuthenticityAgainst">The set authenticity was measured against.</param>
internal sealed record AlphaPrecisionResult(double AlphaPrecision, double BetaRecall, double Authenticity,
    double[] Alphas, double[] PrecisionCurve, double[] RecallCurve, AuthenticityReference AuthenticityAgainst);
