namespace GenMetrics.Metrics;

/// <summary>Settings of <see cref="Copies.Compute"/>.</summary>
/// <param name="RatioThreshold">A generated point is listed when its ratio is strictly below this (0.5: the point is
/// less than half as far from a training point as that point is from its nearest training neighbour).</param>
public sealed record CopiesOptions(double RatioThreshold = 0.5);
