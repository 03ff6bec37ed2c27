namespace GenMetrics.Metrics;

/// <summary>A generated point that sits unusually close to a training point.</summary>
/// <param name="Generated">The generated point's index (row in the generated set).</param>
/// <param name="Train">Its nearest training point's index.</param>
/// <param name="Ratio">d(generated, train) / d(train, the training point's nearest other training point).</param>
/// <param name="Distance">d(generated, train), Euclidean.</param>
internal sealed record CopyMatch(int Generated, int Train, double Ratio, double Distance);

/// <summary>The copies list and the per-point ratios behind it.</summary>
/// <param name="RatioThreshold">The threshold used.</param>
/// <param name="Fraction">Share of generated points listed.</param>
/// <param name="Matches">The listed points, smallest ratio first (then by generated index).</param>
/// <param name="Ratios">Every generated point's ratio (0 for an exact copy; +∞ next to a duplicated training point).</param>
/// <param name="NearestTrain">Every generated point's nearest training index.</param>
internal sealed record CopiesResult(double RatioThreshold, double Fraction, IReadOnlyList<CopyMatch> Matches, double[] Ratios, int[] NearestTrain);
