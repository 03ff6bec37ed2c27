using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

public static partial class Kid
{
    /// <summary>
    /// Dot products between all used rows once (G_xx and G_yy as upper triangles, G_xy in full, float32 GEMM), then
    /// per subset the kernel sums gathered from them. Pays when the sets are small next to subsets × m
    /// (see <see cref="ChooseStrategy"/>); the estimates equal the per-subset ones up to float32 rounding of the dots.
    /// </summary>
    private static double[] GramEstimates(FeatureMatrix x, FeatureMatrix y, int[][] xIdx, int[][] yIdx, int m, PolyKernel kernel)
    {
        int d = x.Columns;
        var (xs, nx, xMap) = UsedRows(x, xIdx);
        var (ys, ny, yMap) = UsedRows(y, yIdx);
        var gxx = new float[(long)nx * nx];
        var gyy = new float[(long)ny * ny];
        var gxy = new float[(long)nx * ny];
        int bx = (nx + RowBlock - 1) / RowBlock, by = (ny + RowBlock - 1) / RowBlock;
        // One work list so both cores stay busy: upper-triangle row blocks of G_xx and G_yy, row blocks of G_xy.
        Parallel.For(0, bx + by + bx, t =>
        {
            if (t < bx) UpperRowBlock(xs, nx, d, t * RowBlock, gxx);
            else if (t < bx + by) UpperRowBlock(ys, ny, d, (t - bx) * RowBlock, gyy);
            else
            {
                int i0 = (t - bx - by) * RowBlock, rows = Math.Min(RowBlock, nx - i0);
                Gemm.MultiplyABt(xs.Span.Slice(i0 * d, rows * d), rows, ys.Span, ny, d, gxy.AsSpan(i0 * ny, rows * ny), ny);
            }
        });

        var result = new double[xIdx.Length];
        Parallel.For(0, xIdx.Length, s =>
        {
            var xi = Remap(xIdx[s], xMap);
            var yi = Remap(yIdx[s], yMap);
            double sxx = 0, syy = 0, sxy = 0;
            // Indices ascend, so (xi[a], xi[b]) with a < b lies in the computed upper triangle.
            for (int a = 0; a < m; a++)
            {
                sxx += kernel.SumGathered(gxx.AsSpan(xi[a] * nx, nx), xi.AsSpan(a + 1));
                syy += kernel.SumGathered(gyy.AsSpan(yi[a] * ny, ny), yi.AsSpan(a + 1));
                sxy += kernel.SumGathered(gxy.AsSpan(xi[a] * ny, ny), yi);
            }
            result[s] = Unbiased(2 * sxx, 2 * syy, sxy, m);
        });
        return result;
    }

    private static void UpperRowBlock(ReadOnlyMemory<float> a, int n, int d, int i0, float[] g)
    {
        int rows = Math.Min(RowBlock, n - i0), cols = n - i0;
        Gemm.MultiplyABt(a.Span.Slice(i0 * d, rows * d), rows, a.Span.Slice(i0 * d), cols, d, g.AsSpan(i0 * n + i0), n);
    }

    /// <summary>The rows any subset uses, in ascending order, and each original row's compact index (−1 if unused).</summary>
    private static (ReadOnlyMemory<float> Rows, int Count, int[]? Map) UsedRows(FeatureMatrix f, int[][] subsets)
    {
        var map = new int[f.Rows];
        foreach (var idx in subsets)
            foreach (var i in idx) map[i] = 1;
        int count = 0;
        for (int i = 0; i < map.Length; i++) map[i] = map[i] != 0 ? count++ : -1;
        if (count == f.Rows) return (f.Memory, count, null);
        int d = f.Columns;
        var rows = new float[(long)count * d];
        var src = f.Span;
        for (int i = 0; i < map.Length; i++)
            if (map[i] >= 0) src.Slice(i * d, d).CopyTo(rows.AsSpan(map[i] * d, d));
        return (rows, count, map);
    }

    private static int[] Remap(int[] idx, int[]? map)
    {
        if (map is null) return idx;
        var r = new int[idx.Length];
        for (int i = 0; i < idx.Length; i++) r[i] = map[idx[i]];
        return r;
    }
}
