using System.Numerics.Tensors;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>A Parzen-window estimate: the mean log-likelihood of the test points, its standard error, and how sigma was chosen.</summary>
/// <param name="Mean">The mean over the test points of their log-likelihood.</param>
/// <param name="StandardError">std (ddof 0) / sqrt(test points), as Goodfellow et al.'s script prints it.</param>
/// <param name="Sigma">The window width used.</param>
/// <param name="Sigmas">The candidates tried on the validation points (empty when sigma was given).</param>
/// <param name="ValidationMeans">The validation points' mean log-likelihood per candidate.</param>
/// <param name="TestCount">The number of test points.</param>
/// <param name="ValidationCount">The number of validation points (0 when sigma was given).</param>
internal sealed record ParzenResult(double Mean, double StandardError, double Sigma, double[] Sigmas, double[] ValidationMeans, int TestCount, int ValidationCount);

/// <summary>
/// The Parzen-window log-likelihood of Goodfellow et al. 2014 (goodfeli/adversarial <c>parzen_ll.py</c>, 1720041, credit
/// Y. Dauphin): an isotropic Gaussian of width sigma on each of the M generated samples g_j, evaluated at real points x:
/// LL(x) = logsumexp_j(-||x - g_j||² / (2 sigma²)) - log M - d log(sigma sqrt(2 pi)). Sigma is the candidate of
/// <c>logspace(-1, 0, 10)</c> with the highest mean LL on validation points (the first on a tie, numpy's argmax).
/// </summary>
/// <remarks>
/// Squared distances in float64 as ||x||² + ||g||² - 2 x·g (<see cref="SquaredDistanceBlocks"/>, clipped at 0); per
/// point and sigma the log-sum-exp takes the row's largest term out first, exponentials (terms clamped at e^-700,
/// <see cref="ShiftedExp"/>) and the sum vectorised (TensorPrimitives); the mean and the standard deviation sum the
/// points in order: the same bits at any thread count.
/// </remarks>
internal static class Parzen
{
    public const string Key = "parzen_ll", SeKey = "parzen_ll_se";

    public static double[] Candidates(int count = 10, double start = -1, double end = 0)
    {
        var s = new double[count];
        for (int i = 0; i < count; i++) s[i] = Math.Pow(10, count == 1 ? start : start + (end - start) * i / (count - 1));
        return s;
    }

    /// <summary>The log-likelihood of every row of <paramref name="x"/> under each sigma: [sigma][row].</summary>
    public static double[][] LogLikelihoods(FeatureMatrix x, int[] rows, FeatureMatrix generated, double[] sigmas)
    {
        int d = x.Columns, m = generated.Rows, n = rows.Length;
        var result = new double[sigmas.Length][];
        for (int s = 0; s < sigmas.Length; s++) result[s] = new double[n];
        double logM = Math.Log(m);
        var norm = Array.ConvertAll(sigmas, s => d * Math.Log(s * Math.Sqrt(2 * Math.PI)));
        var distances = new SquaredDistanceBlocks(generated.Span, m, d);
        var memory = x.Memory;
        distances.ForEach(n, i => memory.Slice(rows[i] * d, d), (r0, rn, d2, offset) =>
        {
            var e = new double[m];
            for (int r = 0; r < rn; r++)
            {
                var row = d2.AsSpan((int)(offset + (long)r * m), m);
                double min = TensorPrimitives.Min<double>(row);
                for (int s = 0; s < sigmas.Length; s++)
                {
                    // The largest term (the nearest sample) is taken out first: e_j = exp(-(d2_j - min) / (2 sigma²)).
                    double inv = 1 / (2 * sigmas[s] * sigmas[s]), top = -min * inv;
                    TensorPrimitives.Multiply(row, -inv, e);
                    TensorPrimitives.Subtract(e, top, e);
                    ShiftedExp.InPlace(e);
                    result[s][r0 + r] = top + Math.Log(TensorPrimitives.Sum<double>(e)) - logM - norm[s];
                }
            }
        });
        return result;
    }

    /// <summary>
    /// The estimate on the <paramref name="test"/> rows of <paramref name="real"/>; with no fixed sigma, the candidate
    /// with the best mean on the <paramref name="validation"/> rows.
    /// </summary>
    public static ParzenResult Compute(FeatureMatrix real, int[] test, int[] validation, FeatureMatrix generated, double? sigma, double[] candidates)
    {
        double[] means = [];
        if (sigma is null)
        {
            var lls = LogLikelihoods(real, validation, generated, candidates);
            means = Array.ConvertAll(lls, Mean);
            int best = 0;
            for (int s = 1; s < means.Length; s++) if (means[s] > means[best]) best = s;
            sigma = candidates[best];
        }
        var ll = LogLikelihoods(real, test, generated, [sigma.Value])[0];
        double mean = Mean(ll), ss = 0;
        foreach (var v in ll) ss += (v - mean) * (v - mean);
        double se = Math.Sqrt(ss / ll.Length) / Math.Sqrt(ll.Length);
        return new ParzenResult(mean, se, sigma.Value, means.Length == 0 ? [] : candidates, means, test.Length, validation.Length);
    }

    private static double Mean(double[] v)
    {
        double s = 0;
        foreach (var x in v) s += x;
        return s / v.Length;
    }
}
