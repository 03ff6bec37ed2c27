using GenMetrics.Internals;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>
/// The data-copying test C_T (Meehan, Chaudhuri and Dasgupta 2020; casey-meehan/data-copying a0ba2db
/// <c>data_copying_tests.py</c> <c>Zu</c>, <c>Zu_cells</c>, <c>C_T</c>; dgm-eval 74c79f7 <c>metrics/ct.py</c>
/// <c>compute_CTscore</c> for the cells): inputs the training set T, a held-out test set P_n and the generated set Q_m.
/// </summary>
/// <remarks>
/// Space: when d &gt; <see cref="DataCopyingOptions.PcaDimensions"/>, every set is projected on the training set's
/// leading principal components (<see cref="Pca"/>; dgm-eval's <c>preprcoess_ct</c>), and cells and distances are
/// computed there. Cells: <see cref="KMeans"/> on the training points (sklearn's KMeans, seeded), test and generated
/// points to the nearest centre; or the user's labels. Per cell π with n test and m generated points: L(x) = the
/// Euclidean distance (float64) from x to its nearest training point of the same cell; U = Mann–Whitney U of
/// (L(Q_m), L(P_n)) with midranks (scipy's statistic for the first sample); Z = (U − (n m / 2 − 0.5)) /
/// sqrt(n m (n + m + 1) / 12), the reference's continuity term and no tie correction; Z = 0 when m = 0. Cells whose
/// generated share count/m exceeds tau enter C_T = Σ P_n(π) Z(π) / Σ P_n(π), P_n(π) = count/n.
/// </remarks>
internal static class DataCopying
{
    /// <summary>JSON key of C_T.</summary>
    public const string Key = "ct";

    public static DataCopyingResult Compute(FeatureMatrix train, FeatureMatrix test, FeatureMatrix generated, DataCopyingOptions? options = null) =>
        ComputeAt(train, test, generated, options ?? new DataCopyingOptions(), Simd.Best);

    internal static DataCopyingResult ComputeAt(FeatureMatrix train, FeatureMatrix test, FeatureMatrix generated, DataCopyingOptions o, SimdWidth width)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(generated);
        if (test.Columns != train.Columns) Throw.DimMismatch(test.Source, test.Columns, train.Source, train.Columns);
        if (generated.Columns != train.Columns) Throw.DimMismatch(generated.Source, generated.Columns, train.Source, train.Columns);
        if (test.Rows < 1) Throw.TooFewSamples(test.Source, test.Rows, 1, "ct");
        if (generated.Rows < 1) Throw.TooFewSamples(generated.Source, generated.Rows, 1, "ct");
        return Evaluate(Prepare(train, o), test, generated, o, width);
    }

    /// <summary>
    /// What depends on the training set alone: the PCA, the cells (k-means or the given labels) and each cell's
    /// training points. Computed once per training set; <see cref="Evaluate"/> reuses it for any test and generated set.
    /// </summary>
    internal static DataCopyingTrainCells Prepare(FeatureMatrix train, DataCopyingOptions o)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(o);
        if (train.Rows < 1) Throw.TooFewSamples(train.Source, train.Rows, 1, "ct");
        if (o.PcaDimensions < 0) Throw.Input($"ct: PCA dimensions = {o.PcaDimensions}, but it must be 0 (off) or positive");
        if (o.Tau is { } t && !(t >= 0 && t < 1)) Throw.Input($"ct: tau = {t}, but it must be in [0, 1)");
        var pca = o.PcaDimensions > 0 && train.Columns > o.PcaDimensions ? Pca.Fit(train, o.PcaDimensions) : null;
        var projected = pca?.Project(train) ?? train;
        int k;
        int[] trainCells;
        KMeansFit? fit = null;
        if (o.CellLabels is { } given)
        {
            ArgumentNullException.ThrowIfNull(given.Train);
            trainCells = given.Train;
            k = 0;
            foreach (int l in trainCells) k = Math.Max(k, l + 1);
            CheckLabels(trainCells, projected, k);
        }
        else
        {
            k = o.Cells;
            if (k < 1) Throw.Input($"ct: {k} cells, but at least 1 is needed");
            if (train.Rows < k) Throw.TooFewSamples(train.Source, train.Rows, k, $"ct with {k} k-means cells");
            fit = KMeans.Fit(projected, k, RandomState.FromSeed(o.Seed, "seed"), o.Restarts);
            // dgm-eval labels all three sets with km.predict (the training labels equal the fit's final ones).
            trainCells = KMeans.Assign(projected, fit.Centers, k);
        }
        var members = Members(trainCells, k);
        var cellPoints = new FeatureMatrix[k];
        for (int c = 0; c < k; c++) cellPoints[c] = projected.SelectRows(members[c]);
        return new DataCopyingTrainCells(train, pca, k, fit, cellPoints);
    }

    /// <summary>C_T of <paramref name="test"/> and <paramref name="generated"/> in the cells of <paramref name="cells"/>.</summary>
    internal static DataCopyingResult Evaluate(DataCopyingTrainCells cells, FeatureMatrix test, FeatureMatrix generated, DataCopyingOptions o, SimdWidth width)
    {
        var train = cells.Train;
        if (test.Columns != train.Columns) Throw.DimMismatch(test.Source, test.Columns, train.Source, train.Columns);
        if (generated.Columns != train.Columns) Throw.DimMismatch(generated.Source, generated.Columns, train.Source, train.Columns);
        if (test.Rows < 1) Throw.TooFewSamples(test.Source, test.Rows, 1, "ct");
        if (generated.Rows < 1) Throw.TooFewSamples(generated.Source, generated.Rows, 1, "ct");
        double tau = o.Tau ?? 20.0 / generated.Rows;
        if (!(tau >= 0 && tau < 1)) Throw.Input($"ct: tau = {tau}, but it must be in [0, 1)");
        int[]? testLabels = null, generatedLabels = null;
        if (o.CellLabels is { } given)
        {
            ArgumentNullException.ThrowIfNull(given.Test);
            ArgumentNullException.ThrowIfNull(given.Generated);
            (testLabels, generatedLabels) = (given.Test, given.Generated);
        }
        var (testCells, testL) = Points(cells, test, testLabels, width);
        var (generatedCells, generatedL) = Points(cells, generated, generatedLabels, width);
        return FromPoints(cells.K, TrainCounts(cells), testCells, testL, generatedCells, generatedL, tau,
            o.CellLabels == null ? DataCopyingPartition.KMeans : DataCopyingPartition.Labels, Dimensions(cells), cells.KMeans?.Inertia);
    }

    /// <summary>The training points per cell.</summary>
    internal static int[] TrainCounts(DataCopyingTrainCells cells) => [.. cells.CellPoints.Select(c => c.Rows)];

    /// <summary>The dimension cells and distances are computed in (after PCA, if any).</summary>
    internal static int Dimensions(DataCopyingTrainCells cells) => cells.Pca?.Count ?? cells.Train.Columns;

    /// <summary>
    /// The per-point stage: each point's cell (the nearest k-means centre, or its given label) and L(x), its Euclidean
    /// distance to the nearest training point of the same cell (NaN in a cell without training points, which
    /// <see cref="FromPoints"/> refuses). Each point's results depend on that point alone, so any rows of a set give
    /// the same values as the whole set does for them.
    /// </summary>
    internal static (int[] Cells, double[] Distances) Points(DataCopyingTrainCells cells, FeatureMatrix x, int[]? labels, SimdWidth width)
    {
        int k = cells.K;
        if (cells.Pca is { } pca) x = pca.Project(x);
        if (labels is not null) CheckLabels(labels, x, k);
        else labels = KMeans.Assign(x, cells.KMeans!.Centers, k);
        var members = Members(labels, k);
        var distances = new double[x.Rows];
        for (int c = 0; c < k; c++)
        {
            if (members[c].Length == 0) continue;
            if (cells.CellPoints[c].Rows == 0)
            {
                foreach (int i in members[c]) distances[i] = double.NaN;
                continue;
            }
            var l = NearestDistances(width, x.SelectRows(members[c]), cells.CellPoints[c]);
            for (int q = 0; q < l.Length; q++) distances[members[c][q]] = l[q];
        }
        return (labels, distances);
    }

    /// <summary>
    /// The reduction: per cell the Mann–Whitney U of the generated points' L against the test points' (each in row
    /// order), Z, whether the cell counts, and C_T; from a single run's per-point results or the merged shards'.
    /// </summary>
    internal static DataCopyingResult FromPoints(int k, int[] trainCounts, int[] testCells, double[] testL, int[] generatedCells, double[] generatedL,
        double tau, DataCopyingPartition partition, int dimensions, double? inertia)
    {
        var testMembers = Members(testCells, k);
        var generatedMembers = Members(generatedCells, k);
        var result = new DataCopyingCell[k];
        int n = testCells.Length, m = generatedCells.Length;
        for (int c = 0; c < k; c++)
        {
            int nt = trainCounts[c], np = testMembers[c].Length, nq = generatedMembers[c].Length;
            if (np == 0 || nt == 0)
                Throw.Input($"ct: cell {c} has {nt} training and {np} test points ({nq} generated), but every cell needs both; use fewer cells (the 'ct_cells' setting)");
            if (nq == 0)
            {
                result[c] = new DataCopyingCell(c, nt, np, nq, null, 0, false);
                continue;
            }
            var lp = Array.ConvertAll(testMembers[c], i => testL[i]);
            var lq = Array.ConvertAll(generatedMembers[c], i => generatedL[i]);
            double u = MannWhitney.U(lq, lp);
            double z = Z(u, np, nq);
            result[c] = new DataCopyingCell(c, nt, np, nq, u, z, (double)nq / m > tau);
        }

        double num = 0, den = 0;
        foreach (var cell in result)
        {
            if (!cell.Kept) continue;
            double share = (double)cell.Test / n;
            num += share * cell.Z;
            den += share;
        }
        if (den == 0)
            Throw.Input($"ct: no cell holds more than tau = {tau:G4} of the {m} generated points (needs more than {tau * m:G4} in some cell)");
        return new DataCopyingResult(num / den, tau, result, partition, dimensions, inertia);
    }

    /// <summary>Z of the reference's <c>Zu</c>: mean n m / 2 − 0.5 (its continuity term), variance n m (n + m + 1) / 12.</summary>
    internal static double Z(double u, int n, int m)
    {
        double mean = (double)((long)n * m) / 2 - 0.5;
        double std = Math.Sqrt((double)((long)n * m * (n + m + 1)) / 12);
        return (u - mean) / std;
    }

    /// <summary>Euclidean (float64) distance from each query to its nearest point, as sklearn's kneighbors reports.</summary>
    private static double[] NearestDistances(SimdWidth width, FeatureMatrix queries, FeatureMatrix points)
    {
        var d2 = Knn.KthNearestSquaredDistances(width, queries.Memory, queries.Rows, points.Memory, points.Rows, points.Columns, 1);
        for (int i = 0; i < d2.Length; i++) d2[i] = Math.Sqrt(d2[i]);
        return d2;
    }

    private static int[][] Members(int[] labels, int k)
    {
        var counts = new int[k];
        foreach (int l in labels) counts[l]++;
        var members = new int[k][];
        for (int c = 0; c < k; c++) members[c] = new int[counts[c]];
        Array.Clear(counts);
        for (int i = 0; i < labels.Length; i++) members[labels[i]][counts[labels[i]]++] = i;
        return members;
    }

    /// <summary>Each set needs one label per point, every label in [0, K), K = max(train label) + 1.</summary>
    private static void CheckLabels(int[] labels, FeatureMatrix x, int k)
    {
        if (labels.Length != x.Rows) Throw.Input($"ct cell labels of {x.Source}: {labels.Length} labels for {x.Rows} points");
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] < 0 || labels[i] >= k)
                Throw.Input($"ct cell labels of {x.Source}: point {i} has cell {labels[i]}, but the training cells are 0..{k - 1}");
    }
}
