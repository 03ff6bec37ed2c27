namespace GenMetrics.Metrics;

/// <summary>Which reference's neighbourhood rule <see cref="Prdc"/> reproduces.</summary>
public enum PrdcRule
{
    /// <summary>
    /// clovaai <c>prdc</c> (Naeem et al. 2020): a point counts when its distance is strictly below the radius
    /// (<c>d &lt; r</c>), so a point whose radius is 0 (k duplicates of it) holds nothing.
    /// </summary>
    Prdc,

    /// <summary>
    /// torch-fidelity <c>metric_prc.py</c> (and kynkaat's improved P&amp;R): inside-or-on (<c>d &lt;= r</c>);
    /// precision and recall are float32 means as torch returns them.
    /// </summary>
    TorchFidelity,
}

/// <summary>Settings of <see cref="Prdc.Compute"/>.</summary>
/// <param name="K">Neighbourhood size: a radius is the distance to the K-th nearest neighbour within the same set
/// (the point itself excluded). prdc's README and paper use 5; torch-fidelity's <c>prc_neighborhood</c> is 3.</param>
/// <param name="Rule">The tie rule and sample-count rule of the reference reproduced.</param>
public sealed record PrdcOptions(int K = 5, PrdcRule Rule = PrdcRule.Prdc)
{
    /// <summary>torch-fidelity's precision/recall: K = 3, inclusive balls.</summary>
    public static PrdcOptions TorchFidelity { get; } = new(3, PrdcRule.TorchFidelity);
}
