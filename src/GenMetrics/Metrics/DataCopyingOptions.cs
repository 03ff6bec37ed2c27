using GenMetrics.Formats;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>
/// Cells given by the user instead of k-means: one label in [0, K) per point of each set, K = max(train) + 1, in the
/// order of the points as evaluated (after any sample selection).
/// </summary>
/// <param name="Train">The training points' cells.</param>
/// <param name="Test">The test points' cells (the real input).</param>
/// <param name="Generated">The generated points' cells.</param>
public sealed record DataCopyingCells(int[] Train, int[] Test, int[] Generated)
{
    /// <summary>Where the labels came from, for results (a file path, or <c>labels</c>).</summary>
    public string Source { get; init; } = "labels";

    /// <summary>
    /// Reads the labels from an .npz holding three one-dimensional integer arrays: <c>train</c>, <c>real</c> (or
    /// <c>test</c>) and <c>generated</c>, as <c>numpy.savez(path, train=..., real=..., generated=...)</c> writes them.
    /// </summary>
    /// <exception cref="InputException">The file is missing, is not such an .npz, or an array is not of whole numbers
    /// (setting <c>ct_cell_labels</c>).</exception>
    public static DataCopyingCells Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        const string setting = "ct_cell_labels";
        if (!File.Exists(path)) throw InputException.ForSetting(setting, $"{path}: no such file");
        IReadOnlyList<string> names;
        try { names = Npz.ListArrays(path); }
        catch (InputException e) { throw InputException.ForSetting(setting, e.Message, e); }
        var real = names.Contains("real") ? "real" : names.Contains("test") ? "test" : null;
        if (!names.Contains("train") || real is null || !names.Contains("generated"))
            throw InputException.ForSetting(setting, $"{path}: expected an .npz with integer arrays train, real (or test) and generated, one cell label per point; it holds {(names.Count == 0 ? "no array" : string.Join(", ", names))}");
        return new DataCopyingCells(Read(path, "train"), Read(path, real), Read(path, "generated")) { Source = path };

        static int[] Read(string path, string name)
        {
            var a = Npz.ReadArray(path, name);
            if (a.Shape.Length != 1)
                throw InputException.ForSetting(setting, $"{path}: array '{name}' has shape ({string.Join(", ", a.Shape)}), but it must be one-dimensional (one label per point)");
            var values = a.ToDouble();
            var labels = new int[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                if (values[i] != Math.Floor(values[i]) || values[i] < 0 || values[i] > int.MaxValue)
                    throw InputException.ForSetting(setting, $"{path}: array '{name}' holds {values[i]} at {i}, but cell labels are whole numbers >= 0");
                labels[i] = (int)values[i];
            }
            return labels;
        }
    }
}

/// <summary>Settings of the data-copying test <c>ct</c>; the defaults are dgm-eval's <c>compute_CTscore</c>.</summary>
/// <param name="Cells">Number of k-means cells on the training set (dgm-eval: 3).</param>
/// <param name="PcaDimensions">When the features have more dimensions than this, cells and distances are computed
/// after PCA to this many dimensions, fitted on the training set (dgm-eval: 64); 0 turns PCA off.</param>
/// <param name="Restarts">k-means++ restarts, the lowest inertia kept (sklearn's n_init = 10).</param>
/// <param name="Seed">NumPy RandomState seed of the k-means++ draws (sklearn's random_state; dgm-eval leaves it
/// unseeded, so its cells change from run to run).</param>
/// <param name="Tau">A cell counts when its share of generated points exceeds tau; null: 20 / m (dgm-eval), more than
/// 20 generated points.</param>
/// <param name="CellLabels">Cells given per point instead of k-means (PCA still applies to the distances).</param>
public sealed record DataCopyingOptions(
    int Cells = 3,
    int PcaDimensions = 64,
    int Restarts = 10,
    long Seed = 2020,
    double? Tau = null,
    DataCopyingCells? CellLabels = null);

/// <summary>The training side of the data-copying test, computed once: the PCA (or none), the cells and each cell's training points (projected).</summary>
/// <param name="Train">The training features as given.</param>
/// <param name="Pca">The projection fitted on them, or null.</param>
/// <param name="K">The number of cells.</param>
/// <param name="KMeans">The k-means fit, or null when the cells were given.</param>
/// <param name="CellPoints">Each cell's training points, in the projected space.</param>
internal sealed record DataCopyingTrainCells(FeatureMatrix Train, Pca? Pca, int K, KMeansFit? KMeans, FeatureMatrix[] CellPoints);
