namespace GenMetrics.Numerics;

/// <summary>The Mann–Whitney U statistic with midranks (scipy.stats.mannwhitneyu's <c>statistic</c>).</summary>
internal static class MannWhitney
{
    /// <summary>
    /// U of the first sample: R_x − m (m + 1) / 2, R_x the sum of x's ranks in the pooled sample, tied values sharing
    /// the mean of their ranks; equivalently #{(i, j): x_i &gt; y_j} + #{x_i = y_j} / 2. Exact (half-integers).
    /// </summary>
    public static double U(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int m = x.Length, n = y.Length;
        var values = new double[m + n];
        var fromX = new bool[m + n];
        x.CopyTo(values);
        y.CopyTo(values.AsSpan(m));
        for (int i = 0; i < m; i++) fromX[i] = true;
        Array.Sort(values, fromX);
        double rankSum = 0;
        for (int i = 0; i < values.Length;)
        {
            int j = i + 1;
            while (j < values.Length && values[j] == values[i]) j++;
            // Ranks i + 1 .. j share their mean (i + 1 + j) / 2.
            int inX = 0;
            for (int q = i; q < j; q++) if (fromX[q]) inX++;
            rankSum += inX * ((i + 1 + j) / 2.0);
            i = j;
        }
        return rankSum - m * (m + 1.0) / 2;
    }
}
