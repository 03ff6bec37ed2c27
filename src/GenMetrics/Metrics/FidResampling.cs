using System.Buffers;
using GenMetrics.Evaluation;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>
/// FID of bootstrap resamples from multiplicity weights: a resample that holds row i w_i times has mean Σ w_i x_i / N
/// and covariance (Σ w_i (x_i − m)(x_i − m)ᵀ) / (N − 1), so no row is copied.
/// </summary>
/// <remarks>
/// With the real set fixed (the default), its covariance is factored once, S1 = P L Lᵀ Pᵀ (pivoted Cholesky, rank r),
/// and every generated row is mapped once to y_i = Lᵀ Pᵀ (x_i − μ_g). Then tr sqrt(S1 S2) = Σ sqrt λ(Lᵀ Pᵀ S2 P L), and
/// for a resample Lᵀ Pᵀ S2 P L = (Σ w_i y_i y_iᵀ − N η ηᵀ) / (N − 1), η = Σ w_i y_i / N: one weighted r x r Gram
/// matrix over the ~63% of rows drawn at least once (each scaled by √w_i) and one symmetric eigenvalue problem per
/// replicate, instead of a d x d covariance, two factorisations and two d³ products. tr S2 and the mean term come
/// from the row norms and the weighted mean. A resample with no more distinct rows than d (a singular S2) takes the
/// general path: weighted statistics and <see cref="Fid.FromStats"/>, which removes S2's null space before taking
/// eigenvalues; so does every replicate when the real set is resampled too.
/// </remarks>
internal sealed class FidResampling
{
    private const int RowBlock = GemmF64.Kc;
    private const long MaxProjected = 1L << 28;   // 2 GB of float64: beyond it, the general path

    private readonly GaussianStats? _fixedReal;
    private readonly FeatureMatrix _generated;
    private readonly FeatureMatrix? _real;
    private readonly double[] _generatedMean;
    private readonly double[]? _realMean;
    // The fast path (real fixed): y rows, row norms, rank, tr S1.
    private readonly double[]? _y;
    private readonly double[]? _rowSquares;
    private readonly int _rank;
    private readonly double _realTrace;

    private FidResampling(GaussianStats? fixedReal, FeatureMatrix generated, FeatureMatrix? real, double[] generatedMean, double[]? realMean,
        double[]? y, double[]? rowSquares, int rank, double realTrace)
    {
        (_fixedReal, _generated, _real, _generatedMean, _realMean) = (fixedReal, generated, real, generatedMean, realMean);
        (_y, _rowSquares, _rank, _realTrace) = (y, rowSquares, rank, realTrace);
    }

    /// <summary>Prepares the replicates of FID(real, generated); <paramref name="resampleReal"/> needs the real features.</summary>
    public static FidResampling Prepare(FeatureSet real, FeatureSet generated, bool resampleReal)
    {
        var g = generated.RequireFeatures("fid");
        var gMean = generated.Statistics().MeanArray;
        if (resampleReal)
            return new FidResampling(null, g, real.RequireFeatures("fid"), gMean, real.Statistics().MeanArray, null, null, 0, 0);
        var s1 = real.Statistics();
        int n = g.Rows, d = g.Columns;
        double trace = 0;
        for (int i = 0; i < d; i++) trace += s1.Covariance[i * d + i];
        var l = new double[(long)d * d];
        var perm = new int[d];
        int rank = PivotedCholesky.Factor(s1.Covariance, d, l, perm, knownSingular: s1.Count > 0 && s1.Count <= d);
        if ((long)n * Math.Max(rank, 1) > MaxProjected) return new FidResampling(s1, g, null, gMean, null, null, null, rank, trace);
        var y = new double[(long)n * rank];
        var squares = new double[n];
        var block = ArrayPool<double>.Shared.Rent(RowBlock * d);
        try
        {
            var x = g.Span;
            for (int i0 = 0; i0 < n; i0 += RowBlock)
            {
                int rb = Math.Min(RowBlock, n - i0);
                for (int r = 0; r < rb; r++)
                {
                    var row = x.Slice((i0 + r) * d, d);
                    var z = block.AsSpan(r * d, d);
                    double sq = 0;
                    for (int k = 0; k < d; k++)
                    {
                        double v = row[perm[k]] - gMean[perm[k]];
                        z[k] = v;
                        sq += v * v;
                    }
                    squares[i0 + r] = sq;
                }
                if (rank > 0)   // y rows = z rows (pivot order) times L (d x rank, row stride d)
                    GemmF64.Multiply(rb, rank, d, 1.0, block, d, 1, l, d, 1, y.AsSpan((int)((long)i0 * rank)), rank);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(block);
        }
        return new FidResampling(s1, g, null, gMean, null, y, squares, rank, trace);
    }

    /// <summary>FID of the resample holding generated row i <paramref name="generatedCounts"/>[i] times (and real rows likewise).</summary>
    public double Replicate(int[] generatedCounts, int[]? realCounts)
    {
        if (_fixedReal is null)
            return Fid.FromStats(Weighted(_real!, _realMean!, realCounts ?? throw new ArgumentNullException(nameof(realCounts))),
                Weighted(_generated, _generatedMean, generatedCounts));
        int distinct = 0;
        foreach (int c in generatedCounts) if (c > 0) distinct++;
        if (_y is null || distinct - 1 < _generated.Columns)
            return Fid.FromStats(_fixedReal, Weighted(_generated, _generatedMean, generatedCounts));
        return Projected(generatedCounts);
    }

    private double Projected(int[] counts)
    {
        var s1 = _fixedReal!;
        int n = _generated.Rows, d = _generated.Columns, r = _rank;
        var x = _generated.Span;
        var y = _y!;
        // δ = Σ w (x − μ_g) / N and η = Σ w y / N; Σ w ‖x − μ_g‖².
        var delta = new double[d];
        var eta = new double[r];
        double sumSquares = 0;
        long total = 0;
        for (int i = 0; i < n; i++)
        {
            int w = counts[i];
            if (w == 0) continue;
            total += w;
            var row = x.Slice(i * d, d);
            for (int k = 0; k < d; k++) delta[k] += w * (row[k] - _generatedMean[k]);
            var yi = y.AsSpan((int)((long)i * r), r);
            for (int k = 0; k < r; k++) eta[k] += w * yi[k];
            sumSquares += w * _rowSquares![i];
        }
        double nn = total;
        double meanTerm = 0, deltaSquare = 0;
        for (int k = 0; k < d; k++)
        {
            delta[k] /= nn;
            deltaSquare += delta[k] * delta[k];
            double t = s1.Mean[k] - _generatedMean[k] - delta[k];
            meanTerm += t * t;
        }
        for (int k = 0; k < r; k++) eta[k] /= nn;
        double trace2 = (sumSquares - nn * deltaSquare) / (nn - 1);

        // M = (Σ w y yᵀ − N η ηᵀ) / (N − 1), lower triangle, from blocks of √w-scaled rows in row order.
        var m = new double[(long)r * r];
        var block = ArrayPool<double>.Shared.Rent(RowBlock * r);
        try
        {
            int filled = 0;
            for (int i = 0; i <= n; i++)
            {
                if (i < n && counts[i] > 0)
                {
                    double s = Math.Sqrt(counts[i]);
                    var yi = y.AsSpan((int)((long)i * r), r);
                    var dst = block.AsSpan(filled * r, r);
                    for (int k = 0; k < r; k++) dst[k] = s * yi[k];
                    filled++;
                }
                if (filled == RowBlock || (i == n && filled > 0))
                {
                    // M += Aᵀ A: A(a, k) = block[k, a], B(k, b) = block[k, b].
                    GemmF64.Multiply(r, r, filled, 1.0, block, 1, r, block, r, 1, m, r, TileMask.Lower);
                    filled = 0;
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(block);
        }
        double inv = 1.0 / (nn - 1);
        for (int a = 0; a < r; a++)
            for (int b = 0; b <= a; b++)
                m[(long)a * r + b] = (m[(long)a * r + b] - nn * eta[a] * eta[b]) * inv;
        double cross = 0;
        foreach (var lambda in SymmetricEigen.Values(m, r))
            if (lambda > 0) cross += Math.Sqrt(lambda);
        double fid = meanTerm + _realTrace + trace2 - 2 * cross;
        return fid < 0 && fid > -1e-12 * Math.Max(1, _realTrace + trace2) ? 0 : fid;
    }

    /// <summary>Mean and covariance (ddof 1 over N = Σ w) of the rows weighted by their counts, shifted by <paramref name="pivot"/>.</summary>
    internal static GaussianStats Weighted(FeatureMatrix x, double[] pivot, int[] counts)
    {
        int n = x.Rows, d = x.Columns;
        var sum = new double[d];
        var gram = new double[(long)d * d];
        var block = ArrayPool<double>.Shared.Rent(RowBlock * d);
        long total = 0;
        try
        {
            var src = x.Span;
            int filled = 0;
            for (int i = 0; i <= n; i++)
            {
                if (i < n && counts[i] > 0)
                {
                    int w = counts[i];
                    total += w;
                    double s = Math.Sqrt(w);
                    var row = src.Slice(i * d, d);
                    var dst = block.AsSpan(filled * d, d);
                    for (int k = 0; k < d; k++)
                    {
                        double v = row[k] - pivot[k];
                        sum[k] += w * v;
                        dst[k] = s * v;
                    }
                    filled++;
                }
                if (filled == RowBlock || (i == n && filled > 0))
                {
                    GemmF64.Multiply(d, d, filled, 1.0, block, 1, d, block, d, 1, gram, d, TileMask.Upper);
                    filled = 0;
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(block);
        }
        double nn = total;
        var mean = new double[d];
        var shifted = new double[d];
        for (int k = 0; k < d; k++)
        {
            shifted[k] = sum[k] / nn;
            mean[k] = pivot[k] + shifted[k];
        }
        var cov = new double[(long)d * d];
        double inv = 1.0 / (nn - 1);
        for (int a = 0; a < d; a++)
            for (int b = a; b < d; b++)
            {
                double v = (gram[(long)a * d + b] - sum[a] * shifted[b]) * inv;
                cov[(long)a * d + b] = v;
                cov[(long)b * d + a] = v;
            }
        return new GaussianStats(mean, cov, total, CovarianceEstimator.Unbiased, x.Source, owned: true);
    }
}
