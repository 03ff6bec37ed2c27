using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>
/// The realism score of Kynkäänniemi et al. 2019 (§ 4, eq. 3): for a generated sample g,
/// R(g) = max_r NND_k(r) / ‖g − r‖ over the real samples r, NND_k(r) the distance from r to its k-th nearest real
/// neighbour. R ≥ 1 means g lies inside some real k-NN ball (the precision test), larger is more realistic. As the
/// paper does, the half of the real samples with the largest radii (outliers with huge balls) is left out.
/// </summary>
/// <remarks>The radii come from the exact kNN engine (<see cref="Knn.KthSquaredDistances"/>, float64); the ratios
/// from float32 GEMM distances (a per-sample score for display, not a metric with a reference number).</remarks>
internal static class Realism
{
    /// <summary>k of the paper.</summary>
    public const int DefaultK = 3;

    /// <summary>The realism score of each generated row named in <paramref name="rows"/>.</summary>
    public static double[] Scores(FeatureMatrix real, FeatureMatrix generated, ReadOnlySpan<int> rows, int k = DefaultK)
    {
        int n = real.Rows, d = real.Columns;
        if (generated.Columns != d) Internals.Throw.DimMismatch(generated.Source, generated.Columns, real.Source, d);
        if (n < k + 1) Internals.Throw.TooFewSamples(real.Source, n, k + 1, $"the realism score's {k}-NN radii");
        var sq = Knn.SquaredNorms(real.Span, n, d, real.Source);
        var radii2 = Knn.KthSquaredDistances(Simd.Best, real.Memory, n, d, k, sq);
        // Keep the real samples whose radius is at most the median (the paper discards the larger half).
        var sorted = (double[])radii2.Clone();
        Array.Sort(sorted);
        double median = sorted[(n - 1) / 2];
        var kept = new List<int>();
        for (int i = 0; i < n; i++) if (radii2[i] <= median) kept.Add(i);
        int m = kept.Count;
        var keptRows = new float[(long)m * d];
        var keptSq = new double[m];
        var keptR2 = new double[m];
        for (int j = 0; j < m; j++)
        {
            real.Span.Slice(kept[j] * d, d).CopyTo(keptRows.AsSpan(j * d, d));
            keptSq[j] = sq[kept[j]];
            keptR2[j] = radii2[kept[j]];
        }

        int q = rows.Length;
        var queries = new float[(long)q * d];
        var querySq = new double[q];
        for (int i = 0; i < q; i++)
        {
            var row = generated.Span.Slice(rows[i] * d, d);
            row.CopyTo(queries.AsSpan(i * d, d));
            querySq[i] = Knn.SquaredDistance(row, row, zeroSecond: true);
        }
        var best = new double[q];
        const int Chunk = 2048;
        var dots = new float[(long)q * Math.Min(Chunk, m)];
        for (int j0 = 0; j0 < m; j0 += Chunk)
        {
            int cols = Math.Min(Chunk, m - j0);
            Gemm.MultiplyABt(queries, q, keptRows.AsSpan(j0 * d, cols * d), cols, d, dots, cols);
            for (int i = 0; i < q; i++)
                for (int j = 0; j < cols; j++)
                {
                    double d2 = Math.Max(querySq[i] + keptSq[j0 + j] - 2.0 * dots[i * cols + j], 1e-30);
                    double ratio2 = keptR2[j0 + j] / d2;
                    if (ratio2 > best[i]) best[i] = ratio2;
                }
        }
        for (int i = 0; i < q; i++) best[i] = Math.Sqrt(best[i]);
        return best;
    }
}
