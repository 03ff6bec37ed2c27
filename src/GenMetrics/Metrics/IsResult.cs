namespace GenMetrics.Metrics;

/// <summary>The Inception Score: mean and standard deviation (ddof 0) of the per-split scores.</summary>
/// <param name="Mean">The mean of the split scores (<see cref="InceptionScore.MeanKey"/>).</param>
/// <param name="Std">Their population standard deviation, ddof 0 as torch-fidelity's <c>np.std</c> (<see cref="InceptionScore.StdKey"/>).</param>
public sealed record IsResult(double Mean, double Std);
