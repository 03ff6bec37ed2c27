namespace GenMetrics.Metrics;

/// <summary>The Kernel Inception Distance: mean and standard deviation (ddof 0) of the per-subset MMD² estimates.</summary>
/// <param name="Mean">The mean of the unbiased MMD² over the subsets (<see cref="Kid.MeanKey"/>).</param>
/// <param name="Std">Their population standard deviation, ddof 0 as torch-fidelity's <c>np.std</c> (<see cref="Kid.StdKey"/>).</param>
/// <param name="SubsetSize">The subset size m actually used (smaller than requested only when clamped).</param>
public sealed record KidResult(double Mean, double Std, int SubsetSize);
