using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GenMetrics.Numerics;

/// <summary>
/// For every query row, the largest |cos| to any row of a point set: max_j |x_i · y_j| / (‖x_i‖ ‖y_j‖), exact in
/// float64, in tiles, without a query x point matrix.
/// </summary>
/// <remarks>
/// A float32 screen then a float64 recheck, as <see cref="Knn"/> does for distances. The screen is the float32 GEMM
/// of the rows normalised in float64 and rounded to float32; its error is at most <see cref="ScreenSlack"/> in
/// absolute terms (the GEMM bound <see cref="Gemm.ErrorBound"/> times Σ|x̂_k ŷ_k| ≤ 1 by Cauchy–Schwarz, plus 2u for
/// rounding the normalised rows), so any pair whose exact |cos| is the row's maximum screens at or above
/// (screened row maximum − 2 slack). Those candidates alone are recomputed as Σ x_k y_k / (‖x‖ ‖y‖) from the float32
/// features in float64, in one fixed order. Each task owns a block of queries and a range of points and returns the
/// exact maximum over its range; the maximum over ranges is taken afterwards, so the result does not depend on the
/// tiling, the thread count or the width. Many near-ties (e.g. all points equal) only make the recheck longer.
/// </remarks>
internal static class CosineNearest
{
    /// <summary>Query rows per task.</summary>
    public const int QueryBlock = 240;

    /// <summary>Point rows per task (screened in tiles of <see cref="Gemm.NB"/>).</summary>
    public const int PointRange = 4 * Gemm.NB;

    private const double U32 = 1.0 / (1 << 24);

    /// <summary>A bound on |screened cos − exact cos| for rows of dimension d.</summary>
    public static double ScreenSlack(int d) => Gemm.ErrorBound(d) * (1 + 8 * U32) + 4 * U32;

    /// <summary>
    /// max_j |cos(q_i, p_j)| for each query row i. Rows are given by index into row-major float32 matrices; every
    /// listed row must have a positive, finite norm (<paramref name="queryNorms"/>, <paramref name="pointNorms"/>,
    /// float64, by listed position).
    /// </summary>
    public static double[] MaxAbsCosine(SimdWidth width, ReadOnlyMemory<float> queries, int[] queryRows, double[] queryNorms,
        ReadOnlyMemory<float> points, int[] pointRows, double[] pointNorms, int d)
    {
        int n = queryRows.Length, m = pointRows.Length;
        var pointsHat = new float[(long)m * d];
        Normalize(points.Span, pointRows, pointNorms, d, pointsHat);
        int qb = (n + QueryBlock - 1) / QueryBlock, pr = (m + PointRange - 1) / PointRange;
        var partial = new double[pr][];
        for (int r = 0; r < pr; r++) partial[r] = new double[n];
        double slack2 = 2 * ScreenSlack(d);
        Parallel.For(0, qb * pr, Parallelism.Options(), t =>
        {
            int bi = t / pr, bj = t % pr;
            int i0 = bi * QueryBlock, mi = Math.Min(QueryBlock, n - i0);
            int j0 = bj * PointRange, mj = Math.Min(PointRange, m - j0);
            var q = queries.Span;
            var p = points.Span;
            var qHat = ArrayPool<float>.Shared.Rent(mi * d);
            Normalize(q, queryRows.AsSpan(i0, mi), queryNorms.AsSpan(i0, mi), d, qHat);
            var packA = ArrayPool<float>.Shared.Rent(Gemm.PackALength);
            var packB = ArrayPool<float>.Shared.Rent(Gemm.PackBLength);
            var tile = ArrayPool<float>.Shared.Rent(QueryBlock * Gemm.NB);
            var screenMax = new float[mi];
            var candidates = new List<(int Row, int Point, float Screen)>();
            try
            {
                for (int c0 = 0; c0 < mj; c0 += Gemm.NB)
                {
                    int nj = Math.Min(Gemm.NB, mj - c0);
                    Gemm.Block(width, qHat.AsSpan(0, mi * d), mi, pointsHat.AsSpan((j0 + c0) * d), nj, d, tile, nj, packA, packB);
                    for (int r = 0; r < mi; r++)
                        ScanRow(tile.AsSpan(r * nj, nj), r, j0 + c0, ref screenMax[r], slack2, candidates);
                }
                var best = partial[bj];
                for (int r = 0; r < mi; r++) best[i0 + r] = -1;
                foreach (var (r, j, s) in candidates)
                {
                    if (s < screenMax[r] - slack2) continue;
                    int qi = i0 + r;
                    double dot = Dot(q.Slice(queryRows[qi] * d, d), p.Slice(pointRows[j] * d, d));
                    double cos = Math.Abs(dot / (queryNorms[qi] * pointNorms[j]));
                    if (cos > best[qi]) best[qi] = cos;
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(qHat);
                ArrayPool<float>.Shared.Return(packA);
                ArrayPool<float>.Shared.Return(packB);
                ArrayPool<float>.Shared.Return(tile);
            }
        });
        var result = new double[n];
        for (int i = 0; i < n; i++)
        {
            double best = partial[0][i];
            for (int r = 1; r < pr; r++) best = Math.Max(best, partial[r][i]);
            result[i] = best;
        }
        return result;
    }

    /// <summary>Updates a row's screened maximum with one tile row and records the pairs that may still be its maximum.</summary>
    private static void ScanRow(ReadOnlySpan<float> row, int r, int firstPoint, ref float screenMax, double slack2,
        List<(int, int, float)> candidates)
    {
        float tileMax = Math.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(row));
        if (tileMax > screenMax) screenMax = tileMax;
        double cut = screenMax - slack2;
        if (tileMax < cut) return;
        for (int j = 0; j < row.Length; j++)
        {
            float a = Math.Abs(row[j]);
            if (a >= cut) candidates.Add((r, firstPoint + j, a));
        }
    }

    /// <summary>The listed rows divided by their norms (float64), rounded to float32, packed row after row into hat.</summary>
    private static void Normalize(ReadOnlySpan<float> x, ReadOnlySpan<int> rows, ReadOnlySpan<double> norms, int d, Span<float> hat)
    {
        for (int i = 0; i < rows.Length; i++)
        {
            var src = x.Slice(rows[i] * d, d);
            var dst = hat.Slice(i * d, d);
            double inv = 1.0 / norms[i];
            for (int k = 0; k < d; k++) dst[k] = (float)(src[k] * inv);
        }
    }

    /// <summary>
    /// Σ x_k y_k in float64 (products of float32 values are exact in float64) in one fixed order on every machine:
    /// two 4-lane accumulators, combined lane-wise, then the tail.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        nuint i = 0, n = (nuint)x.Length;
        var lo = Vector256<double>.Zero;
        var hi = Vector256<double>.Zero;
        for (; i + 8 <= n; i += 8)
        {
            var vx = Vector256.LoadUnsafe(ref xr, i);
            var vy = Vector256.LoadUnsafe(ref yr, i);
            lo = Vector256.FusedMultiplyAdd(Vector256.WidenLower(vx), Vector256.WidenLower(vy), lo);
            hi = Vector256.FusedMultiplyAdd(Vector256.WidenUpper(vx), Vector256.WidenUpper(vy), hi);
        }
        var t = lo + hi;
        double s = (t.GetElement(0) + t.GetElement(1)) + (t.GetElement(2) + t.GetElement(3));
        for (; i < n; i++) s = Math.FusedMultiplyAdd(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i), s);
        return s;
    }
}
