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
        if (train.Rows < 1) Throw.TooFewSamples(train.Source, train.Rows, 1, "ct");
        if (test.Rows < 1) Throw.TooFewSamples(test.Source, test.Rows, 1, "ct");
        if (generated.Rows < 1) Throw.TooFewSamples(generated.Source, generated.Rows, 1, "ct");
        if (o.PcaDimensions < 0) Throw.Input($"ct: PCA dimensions = {o.PcaDimensions}, but it must be 0 (off) or positive");
        double tau = o.Tau ?? 20.0 / generated.Rows;
        if (!(tau >= 0 && tau < 1)) Throw.Input($"ct: tau = {tau}, but it must be in [0, 1)");

        if (o.PcaDimensions > 0 && train.Columns > o.PcaDimensions)
        {
            var pca = Pca.Fit(train, o.PcaDimensions);
            (train, test, generated) = (pca.Project(train), pca.Project(test), pca.Project(generated));
        }

        int k;
        int[] trainCells, testCells, generatedCells;
        double? inertia = null;
        if (o.CellLabels is { } given)
        {
            (trainCells, testCells, generatedCells) = (given.Train, given.Test, given.Generated);
            k = CheckLabels(trainCells, train, testCells, test, generatedCells, generated);
        }
        else
        {
            k = o.Cells;
            if (k < 1) Throw.Input($"ct: {k} cells, but at least 1 is needed");
            if (train.Rows < k) Throw.TooFewSamples(train.Source, train.Rows, k, $"ct with {k} k-means cells");
            var fit = KMeans.Fit(train, k, RandomState.FromSeed(o.Seed, "ct seed"), o.Restarts);
            inertia = fit.Inertia;
            // dgm-eval labels all three sets with km.predict (the training labels equal the fit's final ones).
            trainCells = KMeans.Assign(train, fit.Centers, k);
            testCells = KMeans.Assign(test, fit.Centers, k);
            generatedCells = KMeans.Assign(generated, fit.Centers, k);
        }

        var members = new[] { Members(trainCells, k), Members(testCells, k), Members(generatedCells, k) };
        var cells = new DataCopyingCell[k];
        int n = test.Rows, m = generated.Rows;
        for (int c = 0; c < k; c++)
        {
            int nt = members[0][c].Length, np = members[1][c].Length, nq = members[2][c].Length;
            if (np == 0 || nt == 0)
                Throw.Input($"ct: cell {c} has {nt} training and {np} test points ({nq} generated), but every cell needs both; use fewer cells");
            if (nq == 0)
            {
                cells[c] = new DataCopyingCell(c, nt, np, nq, null, 0, false);
                continue;
            }
            var t = train.SelectRows(members[0][c]);
            var lp = NearestDistances(width, test.SelectRows(members[1][c]), t);
            var lq = NearestDistances(width, generated.SelectRows(members[2][c]), t);
            double u = MannWhitney.U(lq, lp);
            double z = Z(u, np, nq);
            cells[c] = new DataCopyingCell(c, nt, np, nq, u, z, (double)nq / m > tau);
        }

        double num = 0, den = 0;
        foreach (var cell in cells)
        {
            if (!cell.Kept) continue;
            double share = (double)cell.Test / n;
            num += share * cell.Z;
            den += share;
        }
        if (den == 0)
            Throw.Input($"ct: no cell holds more than tau = {tau:G4} of the {m} generated points (needs more than {tau * m:G4} in some cell)");
        return new DataCopyingResult(num / den, tau, cells, o.CellLabels == null ? DataCopyingPartition.KMeans : DataCopyingPartition.Labels,
            train.Columns, inertia);
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

    /// <summary>K = max(train label) + 1; every label must lie in [0, K) and each set needs one label per point.</summary>
    private static int CheckLabels(int[] trainCells, FeatureMatrix train, int[] testCells, FeatureMatrix test, int[] generatedCells, FeatureMatrix generated)
    {
        ArgumentNullException.ThrowIfNull(trainCells);
        ArgumentNullException.ThrowIfNull(testCells);
        ArgumentNullException.ThrowIfNull(generatedCells);
        int k = 0;
        foreach (int l in trainCells) k = Math.Max(k, l + 1);
        Check(trainCells, train);
        Check(testCells, test);
        Check(generatedCells, generated);
        return k;

        void Check(int[] labels, FeatureMatrix x)
        {
            if (labels.Length != x.Rows) Throw.Input($"ct cell labels of {x.Source}: {labels.Length} labels for {x.Rows} points");
            for (int i = 0; i < labels.Length; i++)
                if (labels[i] < 0 || labels[i] >= k)
                    Throw.Input($"ct cell labels of {x.Source}: point {i} has cell {labels[i]}, but the training cells are 0..{k - 1}");
        }
    }
}
