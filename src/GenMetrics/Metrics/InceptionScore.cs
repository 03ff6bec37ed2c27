using GenMetrics.Internals;
using GenMetrics.Numerics;
using System.Numerics.Tensors;

namespace GenMetrics.Metrics;

/// <summary>
/// Inception Score (Salimans et al. 2016) from classifier logits, as torch-fidelity computes it (<c>metric_isc.py</c>).
/// </summary>
/// <remarks>
/// The input is N x C logits (torch-fidelity feeds the 1008-way <c>logits_unbiased</c> of its InceptionV3). If
/// <see cref="IsOptions.Shuffle"/>, rows are taken in the order <c>RandomState(Seed).permutation(N)</c>. In float64,
/// p = softmax and log p = log_softmax per row; split i holds rows [i·N/splits, (i+1)·N/splits) (floor boundaries), and
/// IS_i = exp(mean_rows Σ_c p (log p − log q)) with q the split's mean of p. The result is the mean and the ddof-0
/// standard deviation over the splits.
/// </remarks>
public static class InceptionScore
{
    /// <summary>The JSON key of the mean.</summary>
    public const string MeanKey = "is_mean";

    /// <summary>The JSON key of the standard deviation.</summary>
    public const string StdKey = "is_std";

    /// <summary>Computes the Inception Score from logits.</summary>
    /// <param name="logits">N x C classifier logits (not probabilities).</param>
    /// <param name="options">Settings; null for torch-fidelity's defaults.</param>
    /// <exception cref="InputException">Fewer samples than splits, no classes, or an invalid option.</exception>
    public static IsResult Compute(FeatureMatrix logits, IsOptions? options = null)
    {
        var scores = SplitScores(logits, options ?? new IsOptions());
        double mean = 0;
        foreach (var s in scores) mean += s;
        mean /= scores.Length;
        double v = 0;
        foreach (var s in scores) v += (s - mean) * (s - mean);
        return new IsResult(mean, Math.Sqrt(v / scores.Length));
    }

    /// <summary>Checks the options alone (before any data is seen); the message names the setting.</summary>
    internal static void ValidateOptions(IsOptions o)
    {
        if (o.Splits < 1) throw InputException.ForSetting("is_splits", $"{o.Splits}, but at least 1 split is needed");
        RandomState.CheckSeed(o.Seed, "seed");
    }

    /// <summary>The score of each split, in split order.</summary>
    internal static double[] SplitScores(FeatureMatrix logits, IsOptions o)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(o);
        int n = logits.Rows, c = logits.Columns;
        ValidateOptions(o);
        if (n < o.Splits) Throw.TooFewSamples(logits.Source, n, o.Splits, $"the Inception Score with {o.Splits} splits");
        if (c == 0) Throw.Input($"{logits.Source}: logits have 0 classes");
        int[]? order = o.Shuffle ? RandomState.FromSeed(o.Seed, "seed").Permutation(n) : null;

        var scores = new double[o.Splits];
        Parallel.For(0, o.Splits, Parallelism.Options(), i =>
        {
            int start = (int)((long)i * n / o.Splits), end = (int)((long)(i + 1) * n / o.Splits);
            scores[i] = SplitScore(logits, order, start, end);
        });
        return scores;
    }

    /// <summary>
    /// One split in one pass: Σ_c p (log p − log q) averaged over rows equals mean_rows(Σ_c p log p) − Σ_c q log q,
    /// because Σ_rows p = rows · q.
    /// </summary>
    private static double SplitScore(FeatureMatrix logits, int[]? order, int start, int end)
    {
        int c = logits.Columns, rows = end - start;
        var shifted = new double[c];
        var e = new double[c];
        var q = new double[c];
        double negEntropySum = 0;
        for (int r = start; r < end; r++)
        {
            var x = logits.Row(order is null ? r : order[r]);
            for (int j = 0; j < c; j++) shifted[j] = x[j];
            // torch: softmax = exp(x − max) / Σ exp(x − max); log_softmax = (x − max) − log Σ exp(x − max).
            double max = TensorPrimitives.Max<double>(shifted);
            TensorPrimitives.Subtract(shifted, max, shifted);
            TensorPrimitives.Exp<double>(shifted, e);
            double sum = TensorPrimitives.Sum<double>(e);
            TensorPrimitives.Divide(e, sum, e);
            TensorPrimitives.Subtract(shifted, Math.Log(sum), shifted);
            negEntropySum += TensorPrimitives.Dot<double>(e, shifted);
            TensorPrimitives.Add(q, e, q);
        }
        double qLogQ = 0;
        for (int j = 0; j < c; j++)
        {
            double qj = q[j] / rows;
            if (qj > 0) qLogQ += qj * Math.Log(qj);
        }
        return Math.Exp(negEntropySum / rows - qLogQ);
    }
}
