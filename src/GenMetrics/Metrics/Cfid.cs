using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>Conditional FID and its three terms.</summary>
/// <param name="Value">The sum of the terms.</param>
/// <param name="MeanTerm">||m_y - m_yhat||^2.</param>
/// <param name="CrossTerm">tr((C_yx - C_yhat x) C_xx^+ (C_xy - C_x yhat)).</param>
/// <param name="ConditionalTerm">tr(C_y|x + C_yhat|x) - 2 tr sqrt(C_y|x C_yhat|x).</param>
/// <param name="Rank">The rank of C_xx kept by the pseudo-inverse.</param>
internal sealed record CfidResult(double Value, double MeanTerm, double CrossTerm, double ConditionalTerm, int Rank);

/// <summary>
/// Conditional FID (Soloveitchik et al. 2021), the formula of Michael-Soloveitchik/CFID <c>metrics.py</c> (f23d361):
/// with the covariances of the row-aligned sets X (conditions), Y (real) and Ŷ (generated) divided by N,
/// C_y|x = C_yy - C_yx C_xx^+ C_xy and C_ŷ|x likewise,
/// CFID = ||m_y - m_ŷ||² + tr((C_yx - C_ŷx) C_xx^+ (C_xy - C_xŷ)) + tr(C_y|x + C_ŷ|x) - 2 tr sqrt(C_y|x C_ŷ|x).
/// </summary>
/// <remarks>
/// C_xx^+ from the eigen-decomposition of C_xx, eigenvalues at most rcond x the largest dropped with rcond =
/// 10 max(d_x, d_x) eps (the default of <c>tf.linalg.pinv</c>, which the repository calls). With A = C_yx V Λ^-1/2 and
/// B = C_ŷx V Λ^-1/2 over the kept eigenpairs, C_yx C_xx^+ C_xy = A Aᵀ and the cross term is ||A - B||²_F. The last
/// trace is exact (as our FID) where the repository takes SVD square roots (singular values below 1e-10 kept
/// unrooted). The repository asserts d_x = d_y; the formula does not need it, and neither does this.
/// All covariances come from one float64 accumulator over the rows [x, y, ŷ] (divisor N).
/// </remarks>
internal static class Cfid
{
    public const string Key = "cfid";

    public static CfidResult Compute(FeatureMatrix x, FeatureMatrix y, FeatureMatrix yhat)
    {
        int n = x.Rows, dx = x.Columns, dy = y.Columns;
        if (y.Rows != n || yhat.Rows != n)
            Internals.Throw.Input($"cfid: the condition set {x.Source} has {n} rows, the real set {y.Source} {y.Rows} and the generated set {yhat.Source} {yhat.Rows}: the three must be row-aligned");
        if (yhat.Columns != dy) Internals.Throw.DimMismatch(y.Source, dy, yhat.Source, yhat.Columns);
        if (n < 2) Internals.Throw.TooFewSamples(x.Source, n, 2, "a covariance");
        int d = dx + 2 * dy;
        var acc = new CovarianceAccumulator(d);
        var block = new float[Math.Min(n, CovarianceAccumulator.BlockRows) * d];
        for (int r0 = 0; r0 < n; r0 += CovarianceAccumulator.BlockRows)
        {
            int rows = Math.Min(CovarianceAccumulator.BlockRows, n - r0);
            for (int r = 0; r < rows; r++)
            {
                var dst = block.AsSpan(r * d, d);
                x.Row(r0 + r).CopyTo(dst);
                y.Row(r0 + r).CopyTo(dst[dx..]);
                yhat.Row(r0 + r).CopyTo(dst[(dx + dy)..]);
            }
            acc.Add(block.AsSpan(0, rows * d));
        }
        var (mean, cov) = acc.Result(ddof: 0);
        double C(int i, int j) => cov[(long)i * d + j];

        // C_xx^+ = V Λ^-1 Vᵀ over the eigenvalues above rcond x the largest.
        var cxx = new double[(long)dx * dx];
        for (int i = 0; i < dx; i++)
            for (int j = 0; j < dx; j++) cxx[(long)i * dx + j] = C(i, j);
        var values = SymmetricEigen.Values((double[])cxx.Clone(), dx);
        double top = values.Length == 0 ? 0 : values.Max();
        double cut = 10.0 * dx * Math.ScaleB(1.0, -52) * top;
        int rank = values.Count(v => v > cut);
        var (kept, vectors) = SymmetricEigen.Largest(cxx, dx, rank);

        // A = C_yx V Λ^-1/2, B = C_ŷx V Λ^-1/2 (dy x rank).
        var a = new double[(long)dy * rank];
        var b = new double[(long)dy * rank];
        Parallel.For(0, dy, Parallelism.Options(), i =>
        {
            for (int k = 0; k < rank; k++)
            {
                var v = vectors.AsSpan(k * dx, dx);
                double sa = 0, sb = 0;
                for (int j = 0; j < dx; j++)
                {
                    sa += C(dx + i, j) * v[j];
                    sb += C(dx + dy + i, j) * v[j];
                }
                double s = 1 / Math.Sqrt(kept[k]);
                a[(long)i * rank + k] = sa * s;
                b[(long)i * rank + k] = sb * s;
            }
        });

        double meanTerm = 0;
        for (int i = 0; i < dy; i++)
        {
            double t = mean[dx + i] - mean[dx + dy + i];
            meanTerm += t * t;
        }
        double cross = 0;
        for (long i = 0; i < a.LongLength; i++)
        {
            double t = a[i] - b[i];
            cross += t * t;
        }
        var cy = Conditional(cov, d, dx, dy, a, rank);
        var cyh = Conditional(cov, d, dx + dy, dy, b, rank);
        double traces = 0;
        for (int i = 0; i < dy; i++) traces += cy[(long)i * dy + i] + cyh[(long)i * dy + i];
        double root = FrechetTrace.TraceSqrtProduct(cy, cyh, dy);
        double conditional = traces - 2 * root;
        return new CfidResult(meanTerm + cross + conditional, meanTerm, cross, conditional, rank);
    }

    // C_yy - A Aᵀ for the dy x dy block of the joint covariance starting at row/column `at`.
    private static double[] Conditional(double[] cov, int d, int at, int dy, double[] a, int rank)
    {
        var result = new double[(long)dy * dy];
        Parallel.For(0, dy, Parallelism.Options(), i =>
        {
            var ai = a.AsSpan(i * rank, rank);
            for (int j = 0; j <= i; j++)
            {
                var aj = a.AsSpan(j * rank, rank);
                double s = 0;
                for (int k = 0; k < rank; k++) s += ai[k] * aj[k];
                double v = cov[(long)(at + i) * d + at + j] - s;
                result[(long)i * dy + j] = v;
                result[(long)j * dy + i] = v;
            }
        });
        return result;
    }
}
