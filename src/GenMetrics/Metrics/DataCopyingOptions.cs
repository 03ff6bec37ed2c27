namespace GenMetrics.Metrics;

/// <summary>Cells given by the user instead of k-means: one label in [0, K) per point of each set, K = max(train) + 1.</summary>
/// <param name="Train">The training points' cells.</param>
/// <param name="Test">The test points' cells.</param>
/// <param name="Generated">The generated points' cells.</param>
internal sealed record DataCopyingCells(int[] Train, int[] Test, int[] Generated);

/// <summary>Settings of <see cref="DataCopying.Compute"/>; the defaults are dgm-eval's <c>compute_CTscore</c>.</summary>
/// <param name="Cells">Number of k-means cells on the training set (dgm-eval: 3).</param>
/// <param name="PcaDimensions">When the features have more dimensions than this, cells and distances are computed
/// after PCA to this many dimensions, fitted on the training set (dgm-eval: 64); 0 turns PCA off.</param>
/// <param name="Restarts">k-means++ restarts, the lowest inertia kept (sklearn's n_init = 10).</param>
/// <param name="Seed">NumPy RandomState seed of the k-means++ draws (sklearn's random_state; dgm-eval leaves it
/// unseeded, so its cells change from run to run).</param>
/// <param name="Tau">A cell counts when its share of generated points exceeds tau; null: 20 / m (dgm-eval), more than
/// 20 generated points.</param>
/// <param name="CellLabels">Cells given per point instead of k-means (PCA still applies to the distances).</param>
internal sealed record DataCopyingOptions(
    int Cells = 3,
    int PcaDimensions = 64,
    int Restarts = 10,
    int Seed = 2020,
    double? Tau = null,
    DataCopyingCells? CellLabels = null);
