namespace GenMetrics.Metrics;

/// <summary>One cell of the data-copying test.</summary>
/// <param name="Cell">The cell's label.</param>
/// <param name="Train">Training points in the cell.</param>
/// <param name="Test">Test points in the cell (n).</param>
/// <param name="Generated">Generated points in the cell (m).</param>
/// <param name="U">Mann–Whitney U of the generated points' training-NN distances against the test points'; null
/// when the cell has no generated point.</param>
/// <param name="Z">(U − (n m / 2 − 0.5)) / sqrt(n m (n + m + 1) / 12); 0 without generated points.</param>
/// <param name="Kept">Whether the cell's share of generated points exceeds tau (it enters C_T).</param>
internal sealed record DataCopyingCell(int Cell, int Train, int Test, int Generated, double? U, double Z, bool Kept);

/// <summary>How the cells were made.</summary>
internal enum DataCopyingPartition
{
    /// <summary>k-means on the (projected) training set; test and generated points go to the nearest centre.</summary>
    KMeans,

    /// <summary>Labels given by the user.</summary>
    Labels,
}

/// <summary>The data-copying statistic C_T (Meehan et al. 2020) and its cells.</summary>
/// <param name="Ct">Σ over kept cells of P_n(π) Z(π) / Σ P_n(π); ≪ 0 means the generated points sit closer to the
/// training set than test points do (copying), ≫ 0 underfitting.</param>
/// <param name="Tau">The threshold used.</param>
/// <param name="Cells">Every cell, in label order.</param>
/// <param name="Partition">Where the cells came from.</param>
/// <param name="Dimensions">The dimension the distances and cells were computed in (after PCA, if any).</param>
/// <param name="KMeansInertia">The winning restart's inertia (k-means only).</param>
internal sealed record DataCopyingResult(double Ct, double Tau, IReadOnlyList<DataCopyingCell> Cells,
    DataCopyingPartition Partition, int Dimensions, double? KMeansInertia);
