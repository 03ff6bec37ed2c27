using System.Buffers;
using GenMetrics.Internals;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>Settings of <see cref="Vendi"/>.</summary>
/// <param name="Q">Order of the entropy: any q ≥ 0, or <see cref="double.PositiveInfinity"/> (Vendi-Score's <c>q</c>, default 1,
/// the Shannon entropy; q = 0 counts the non-zero eigenvalues, q = ∞ uses the largest only).</param>
public sealed record VendiOptions(double Q = 1);

/// <summary>The Vendi Score of one feature set.</summary>
/// <param name="Score">exp of the order-q entropy of the eigenvalues of K / n (<see cref="Vendi.Key"/>): an effective number of distinct samples, between 1 and n.</param>
/// <param name="Q">The order used.</param>
/// <param name="Eigenvalues">How many eigenvalues counted as positive (the numerical rank of K).</param>
/// <param name="Dual">Whether the d x d matrix X^T X / n was used (n &gt; d) instead of the n x n kernel.</param>
internal sealed record VendiResult(double Score, double Q, int Eigenvalues, bool Dual);

/// <summary>
/// Vendi Score (Friedman and Dieng 2023; vertaix/Vendi-Score c791c30, <c>vendi_score/vendi.py</c>) with the cosine
/// kernel: rows are L2-normalised (<c>sklearn.preprocessing.normalize</c>: a row of norm below 10 ε stays as it is, so a
/// zero row stays zero), K = X Xᵀ,
/// and the score is exp(H_q(λ)) over the eigenvalues λ of K / n, with H_1 = −Σ λ ln λ, H_∞ = −ln max λ and
/// H_q = ln(Σ λ^q) / (1 − q) otherwise.
/// </summary>
/// <remarks>
/// When n &gt; d the non-zero eigenvalues are taken from the d x d dual Xᵀ X / n (Vendi-Score's <c>score_dual</c>),
/// otherwise from K / n (<c>score_K</c>); everything is float64 (the normalised rows, the Gram matrix by
/// <see cref="GemmF64"/>, the eigenvalues by <see cref="SymmetricEigen"/>).
/// Differences from the reference: (1) Vendi-Score's <c>score_X(X, q)</c> ignores its q (it calls
/// <c>score_K(K, q=1)</c>) while <c>score_dual</c> and <c>score_K</c> honour it; q is always honoured here.
/// (2) An eigenvalue counts when it exceeds λ_max · size · 2⁻⁵² (NumPy's <c>matrix_rank</c> tolerance), not merely 0:
/// the reference also counts the ±1e-17 rounding noise that exactly-zero eigenvalues of a rank-deficient K come out
/// as, which moves q &lt; 1 scores (and q = 0 arbitrarily); for full-rank inputs both rules keep the same eigenvalues.
/// (3) The reference takes a string <c>"inf"</c> for q = ∞ (a float infinity gives NaN there).
/// </remarks>
internal static class Vendi
{
    /// <summary>The JSON result key.</summary>
    public const string Key = "vendi";

    /// <summary>Rows normalised and accumulated into the dual at a time (one float64 GEMM panel).</summary>
    private const int RowBlock = GemmF64.Kc;

    /// <summary>Computes the Vendi Score of <paramref name="x"/> (one set; the generated set when there are two).</summary>
    /// <exception cref="InputException">The set is empty, all zero or not finite, d is 0, or q is negative or NaN.</exception>
    public static VendiResult Compute(FeatureMatrix x, VendiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        double q = (options ?? new VendiOptions()).Q;
        if (double.IsNaN(q) || q < 0) Throw.Input($"Vendi order q: {q}, but it must be a number >= 0 or infinity");
        if (x.Rows < 1) Throw.TooFewSamples(x.Source, x.Rows, 1, "the Vendi Score");
        if (x.Columns == 0) Throw.Input($"{x.Source}: features have dimension 0");
        int n = x.Rows, d = x.Columns;
        bool dual = n > d;
        int size = dual ? d : n;
        var gram = new double[(long)size * size];
        if (dual) Dual(x, gram);
        else Kernel(x, gram);
        var lambda = SymmetricEigen.Values(gram, size);
        double max = 0;
        foreach (var v in lambda) max = Math.Max(max, v);
        double cut = max * size * Math.Pow(2, -52);
        int count = 0;
        for (int i = 0; i < lambda.Length; i++)
            if (lambda[i] > cut) lambda[count++] = lambda[i] / n;
        if (count == 0) Throw.Input($"{x.Source}: every row is zero, so the Vendi Score is undefined");
        return new VendiResult(Math.Exp(Entropy(lambda.AsSpan(0, count), q)), q, count, dual);
    }

    /// <summary>The order-q (Rényi) entropy of positive weights p (which need not sum to 1).</summary>
    internal static double Entropy(ReadOnlySpan<double> p, double q)
    {
        if (double.IsPositiveInfinity(q))
        {
            double max = 0;
            foreach (var v in p) max = Math.Max(max, v);
            return -Math.Log(max);
        }
        double s = 0;
        if (q == 1)
        {
            foreach (var v in p) s -= v * Math.Log(v);
            return s;
        }
        foreach (var v in p) s += Math.Pow(v, q);
        return Math.Log(s) / (1 - q);
    }

    /// <summary>Σ x̂ᵀ x̂ over the normalised rows (lower triangle), block by block.</summary>
    private static void Dual(FeatureMatrix x, double[] gram)
    {
        int n = x.Rows, d = x.Columns;
        var block = ArrayPool<double>.Shared.Rent(RowBlock * d);
        try
        {
            for (int i0 = 0; i0 < n; i0 += RowBlock)
            {
                int rb = Math.Min(RowBlock, n - i0);
                Normalize(x, i0, rb, block);
                // A(i, k) = block[k, i] (d x rb), B(k, j) = block[k, j] (rb x d).
                GemmF64.Multiply(d, d, rb, 1.0, block, 1, d, block, d, 1, gram, d, TileMask.Lower);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(block);
        }
    }

    /// <summary>K = X̂ X̂ᵀ (lower triangle) for n ≤ d.</summary>
    private static void Kernel(FeatureMatrix x, double[] gram)
    {
        int n = x.Rows, d = x.Columns;
        var xn = new double[(long)n * d];
        Normalize(x, 0, n, xn);
        GemmF64.Multiply(n, n, d, 1.0, xn, d, 1, xn, 1, d, gram, n, TileMask.Lower);
    }

    /// <summary>sklearn's <c>_handle_zeros_in_scale</c>: norms below 10 ε (float64) are replaced by 1.</summary>
    private const double TinyNorm = 10 * 2.220446049250313e-16;

    /// <summary>Rows [i0, i0 + count) divided by their float64 norms (a zero or near-zero row is left as it is), into dst.</summary>
    private static void Normalize(FeatureMatrix x, int i0, int count, double[] dst)
    {
        int d = x.Columns;
        for (int r = 0; r < count; r++)
        {
            var row = x.Row(i0 + r);
            double sq = 0;
            foreach (var v in row) sq += (double)v * v;
            if (!double.IsFinite(sq)) Throw.Input($"{x.Source}: row {i0 + r} has a non-finite value (NaN or infinity)");
            double norm = Math.Sqrt(sq);
            if (norm < TinyNorm) norm = 1;
            var o = dst.AsSpan(r * d, d);
            for (int k = 0; k < d; k++) o[k] = row[k] / norm;
        }
    }
}
