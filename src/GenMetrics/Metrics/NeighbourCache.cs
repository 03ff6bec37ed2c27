using System.Runtime.CompilerServices;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>
/// Nearest-neighbour summaries several metrics (and every bootstrap replicate) share, kept as long as the feature
/// matrices they describe are alive: a reference set's own 1-NN distances, and the generated set's nearest reference
/// points (authenticity and the copies list read the same pass).
/// </summary>
internal static class NeighbourCache
{
    private static readonly ConditionalWeakTable<FeatureMatrix, double[]> s_self = new();
    private static readonly ConditionalWeakTable<FeatureMatrix, ConditionalWeakTable<FeatureMatrix, TrainingNeighbours>> s_cross = new();

    /// <summary>Each point's squared distance to its nearest other point of <paramref name="x"/>.</summary>
    public static double[] SelfSquared(FeatureMatrix x) =>
        s_self.GetValue(x, m => Knn.KthSquaredDistances(Simd.Best, m.Memory, m.Rows, m.Columns, 1, Knn.SquaredNorms(m.Span, m.Rows, m.Columns, m.Source)));

    /// <summary>The generated points' nearest points of <paramref name="reference"/>, with the reference set's own 1-NN distances.</summary>
    public static TrainingNeighbours Neighbours(FeatureMatrix reference, FeatureMatrix generated)
    {
        var byGenerated = s_cross.GetValue(reference, _ => new ConditionalWeakTable<FeatureMatrix, TrainingNeighbours>());
        return byGenerated.GetValue(generated, g => TrainingNeighbours.Of(reference, g, Simd.Best, reference.Rows >= 2 ? SelfSquared(reference) : null));
    }
}
