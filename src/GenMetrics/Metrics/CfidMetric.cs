using System.Text.Json.Nodes;
using GenMetrics.Evaluation;

namespace GenMetrics.Metrics;

/// <summary>Settings of <see cref="CfidMetric"/> (none: the repository's estimator has no free parameter).</summary>
public sealed record CfidOptions;

/// <summary>
/// <c>cfid</c>: conditional FID (Soloveitchik et al. 2021) for conditional generation (image-to-image, inpainting):
/// the conditioning inputs X (<see cref="EvaluationSet.Condition"/>), the real targets Y and the generated Ŷ,
/// row-aligned (the same file names in the same order).
/// </summary>
public sealed class CfidMetric(CfidOptions? options = null) : IMetric
{
    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo(Cfid.Key, "Conditional FID",
            "Michael-Soloveitchik/CFID metrics.py: covariances with divisor N, C_xx inverted by pseudo-inverse (tf.linalg.pinv's rcond), ||m_y - m_yhat||^2 + tr((C_yx - C_yhat x) C_xx^+ (C_xy - C_x yhat)) + tr(C_y|x + C_yhat|x) - 2 tr sqrt(C_y|x C_yhat|x) (exact trace term)",
            [new(Cfid.Key, KeyDirection.LowerIsBetter, "Fréchet distance between the real and generated conditional Gaussians given the conditions, plus the cross-covariance term")],
            [InputRole.Real, InputRole.Generated, InputRole.Condition]),
        new CfidOptions(), o => new CfidMetric(o));

    /// <summary>The options.</summary>
    public CfidOptions Options { get; } = options ?? new CfidOptions();

    /// <inheritdoc/>
    public MetricInfo Info => Definition.Info;

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var x = set.Require(InputRole.Condition, Cfid.Key);
        var y = set.Require(InputRole.Real, Cfid.Key);
        var yhat = set.Require(InputRole.Generated, Cfid.Key);
        if (x.Count != y.Count || yhat.Count != y.Count)
            throw new InputException($"cfid: the condition set {x.Source} has {x.Count} samples, the real set {y.Source} {y.Count} and the generated set {yhat.Source} {yhat.Count}: the three must be row-aligned");
        CheckAligned(x, y, "real");
        CheckAligned(x, yhat, "generated");
        var r = Cfid.Compute(x.RequireFeatures(Cfid.Key), y.RequireFeatures(Cfid.Key), yhat.RequireFeatures(Cfid.Key));
        var warnings = new List<string>();
        if (r.Rank < x.Dimension)
            warnings.Add($"cfid: the conditions' covariance has rank {r.Rank} < d={x.Dimension} (N={x.Count}); it is inverted by pseudo-inverse");
        var details = new JsonObject { ["mean_term"] = r.MeanTerm, ["cross_term"] = r.CrossTerm, ["conditional_term"] = r.ConditionalTerm, ["condition_rank"] = r.Rank };
        return new MetricResult([new(Cfid.Key, r.Value)],
            [Setting.Of("covariance", "biased (divisor N)"), Setting.Of("pinv_rcond", "10 max(d_x, d_x) eps (tf.linalg.pinv)"), Setting.Of("trace", "exact (eigenvalues)")],
            warnings, details);
    }

    // Rows pair up by position; where both sets name their items by file, the names must agree (an array's or a
    // features file's rows are named by index, and pair by order).
    private static void CheckAligned(FeatureSet x, FeatureSet other, string role)
    {
        if (x.ItemNames is not { } a || other.ItemNames is not { } b) return;
        for (int i = 0; i < a.Count; i++)
        {
            if (a[i] == b[i] || IsIndex(a[i]) || IsIndex(b[i])) continue;
            throw new InputException($"cfid: row {i} is '{a[i]}' in the condition set {x.Source} but '{b[i]}' in the {role} set {other.Source}: the three sets must hold the same file names");
        }

        static bool IsIndex(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);
    }
}
