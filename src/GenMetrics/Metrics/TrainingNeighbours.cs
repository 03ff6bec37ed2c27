using GenMetrics.Internals;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>
/// The neighbourhood summary behind authenticity and the copies list: for each generated point its nearest point of a
/// reference set (the training set, or the real set when no training set is given) and, for each reference point, the
/// distance to its own nearest other reference point. Squared float64 distances (exact, <see cref="Knn"/>).
/// </summary>
/// <param name="SelfSquared">Per reference point: the squared distance to its nearest other reference point
/// (0 when it has a duplicate).</param>
/// <param name="Nearest">Per generated point: its nearest reference point (lowest index on an exact tie) and the squared distance.</param>
internal sealed record TrainingNeighbours(double[] SelfSquared, NearestPoints Nearest)
{
    /// <summary>Computes the summary; <paramref name="selfSquared"/> reuses the reference set's own 1-NN distances when already known.</summary>
    public static TrainingNeighbours Of(FeatureMatrix reference, FeatureMatrix generated, SimdWidth width, double[]? selfSquared = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(generated);
        if (reference.Columns != generated.Columns) Throw.DimMismatch(generated.Source, generated.Columns, reference.Source, reference.Columns);
        if (reference.Rows < 2) Throw.TooFewSamples(reference.Source, reference.Rows, 2, "a nearest other point per point");
        if (generated.Rows < 1) Throw.TooFewSamples(generated.Source, generated.Rows, 1, "nearest training points");
        int n = reference.Rows, m = generated.Rows, d = reference.Columns;
        var refSq = Knn.SquaredNorms(reference.Span, n, d, reference.Source);
        selfSquared ??= Knn.KthSquaredDistances(width, reference.Memory, n, d, 1, refSq);
        var genSq = Knn.SquaredNorms(generated.Span, m, d, generated.Source);
        var nearest = Knn.Nearest(width, generated.Memory, m, reference.Memory, n, d, genSq, refSq);
        return new TrainingNeighbours(selfSquared, nearest);
    }
}
