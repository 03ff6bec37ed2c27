namespace GenMetrics.Metrics;

/// <summary>Settings of mode counting (<see cref="ModesMetric"/>).</summary>
/// <param name="K">Neighbours in the vote that classifies unlabelled generated samples by the labelled real ones.</param>
/// <param name="Modes">Without real labels: the number of k-means modes of the real features.</param>
/// <param name="Threshold">A class is dropped when its generated share is below this times its real share.</param>
/// <param name="Seed">Seed of NumPy's RandomState for k-means++ (as scikit-learn's <c>random_state</c>).</param>
/// <param name="Restarts">k-means restarts (scikit-learn 1.2's <c>n_init</c>), the lowest inertia kept.</param>
/// <param name="PerClassFid">Also compute the FID of every class with at least 2 samples on both sides.</param>
public sealed record ModesOptions(int K = 10, int Modes = 10, double Threshold = 0.25, long Seed = 0, int Restarts = 10, bool PerClassFid = true);
