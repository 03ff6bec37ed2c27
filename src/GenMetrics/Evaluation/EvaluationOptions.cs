using GenMetrics.Metrics;

namespace GenMetrics.Evaluation;

/// <summary>What to compute and with which estimator settings. Defaults follow the reference of each metric.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The metrics to compute, in this order.</summary>
    public IReadOnlyList<Metric> Metrics { get; init; } = [Metric.Fid];

    /// <summary>The neighbourhood size k for <c>prdc</c> and <c>pr</c>; null means 5 for prdc and 3 for pr.</summary>
    public int? K { get; init; }

    /// <summary>KID subsets, subset size and seed (torch-fidelity's defaults).</summary>
    public KidOptions Kid { get; init; } = new();

    /// <summary>Inception Score splits, shuffle and seed (torch-fidelity's defaults).</summary>
    public IsOptions Is { get; init; } = new();
}
