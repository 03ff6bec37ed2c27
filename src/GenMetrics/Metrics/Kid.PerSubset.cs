using System.Buffers;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

public static partial class Kid
{
    /// <summary>
    /// Rows per GEMM call for a triangle of a subset's symmetric matrix: smaller blocks waste less below the diagonal
    /// (m·RowBlock/2 dots), larger ones repack the right-hand side less often.
    /// </summary>
    private const int RowBlock = 256;

    /// <summary>
    /// Per subset: gather the m rows of each set, then K_xx and K_yy as upper triangles (row blocks against the rows
    /// from the block's first row on: ~m²/2 dot products each) and K_xy in full, through the float32 GEMM.
    /// </summary>
    private static double[] PerSubsetEstimates(FeatureMatrix x, FeatureMatrix y, int[][] xIdx, int[][] yIdx, int m, PolyKernel kernel)
    {
        int subsets = xIdx.Length, d = x.Columns;
        var result = new double[subsets];
        Parallel.For(0, subsets, Parallelism.Options(),
            () => ArrayPool<float>.Shared.Rent(2 * m * d + m * m),
            (s, _, buf) =>
            {
                var a = buf.AsSpan(0, m * d);
                var b = buf.AsSpan(m * d, m * d);
                var tile = buf.AsSpan(2 * m * d, m * m);
                Gather(x.Span, d, xIdx[s], a);
                Gather(y.Span, d, yIdx[s], b);
                double sxx = SymmetricOffDiagonalSum(a, m, d, tile, kernel);
                double syy = SymmetricOffDiagonalSum(b, m, d, tile, kernel);
                double sxy = CrossSum(a, b, m, d, tile, kernel);
                result[s] = Unbiased(sxx, syy, sxy, m);
                return buf;
            },
            buf => ArrayPool<float>.Shared.Return(buf));
        return result;
    }

    internal static double Unbiased(double offDiagXx, double offDiagYy, double xy, int m) =>
        (offDiagXx + offDiagYy) / (m * (m - 1.0)) - 2.0 * xy / ((double)m * m);

    private static void Gather(ReadOnlySpan<float> src, int d, int[] rows, Span<float> dst)
    {
        for (int i = 0; i < rows.Length; i++) src.Slice(rows[i] * d, d).CopyTo(dst.Slice(i * d, d));
    }

    /// <summary>Σ_{i≠j} k(a_i, a_j) = 2 Σ_{i&lt;j}, computing only blocks on or above the diagonal.</summary>
    private static double SymmetricOffDiagonalSum(ReadOnlySpan<float> a, int n, int d, Span<float> tile, PolyKernel kernel)
    {
        double s = 0;
        for (int i0 = 0; i0 < n; i0 += RowBlock)
        {
            int rows = Math.Min(RowBlock, n - i0), cols = n - i0;
            Gemm.MultiplyABt(a.Slice(i0 * d, rows * d), rows, a.Slice(i0 * d), cols, d, tile, cols);
            for (int r = 0; r < rows; r++) s += kernel.Sum(tile.Slice(r * cols + r + 1, cols - r - 1));
        }
        return 2 * s;
    }

    /// <summary>Σ_{i,j} k(a_i, b_j), from one GEMM call (the GEMM packs each operand once).</summary>
    private static double CrossSum(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int n, int d, Span<float> tile, PolyKernel kernel)
    {
        Gemm.MultiplyABt(a, n, b, n, d, tile, n);
        double s = 0;
        for (int r = 0; r < n; r++) s += kernel.Sum(tile.Slice(r * n, n));
        return s;
    }
}
