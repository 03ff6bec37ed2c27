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
        int bx = (nx + GramBlock - 1) / GramBlock, by = (ny + GramBlock - 1) / GramBlock;
        // One work list so both cores stay busy: upper-triangle row blocks of G_xx and G_yy, row blocks of G_xy.
        Parallel.For(0, bx + by + bx, Parallelism.Options(), t =>
        {
            if (t < bx) UpperRowBlock(xs, nx, d, t * GramBlock, gxx);
            else if (t < bx + by) UpperRowBlock(ys, ny, d, (t - bx) * GramBlock, gyy);
            else
            {
                int i0 = (t - bx - by) * GramBlock, rows = Math.Min(GramBlock, nx - i0);
                Gemm.MultiplyABt(xs.Span.Slice(i0 * d, rows * d), rows, ys.Span, ny, d, gxy.AsSpan(i0 * ny, rows * ny), ny);
            }
        });

        // Row-centric gather: walk the Gram rows once, in fixed blocks, and add each row's contribution to every subset
        // that holds it. A row (a few KB) stays in cache for all its ~subsets·m/N uses, so the Gram matrices stream
        // through memory once instead of once per subset; block partials merge in block order (deterministic).
        var xs2 = Remap(xIdx, xMap);
        var ys2 = Remap(yIdx, yMap);
        var xOcc = Occurrences.Of(xs2, nx);
        var yOcc = Occurrences.Of(ys2, ny);
        int subsets = xIdx.Length;
        int gx = (nx + GatherBlock - 1) / GatherBlock, gy = (ny + GatherBlock - 1) / GatherBlock;
        var partXx = new double[gx * subsets];
        var partXy = new double[gx * subsets];
        var partYy = new double[gy * subsets];
        Parallel.For(0, gx + gy, Parallelism.Options(), t =>
        {
            if (t < gx)
            {
                for (int r = t * GatherBlock, end = Math.Min(nx, r + GatherBlock); r < end; r++)
                {
                    var rowXx = gxx.AsSpan(r * nx, nx);
                    var rowXy = gxy.AsSpan(r * ny, ny);
                    for (int e = xOcc.Start[r]; e < xOcc.Start[r + 1]; e++)
                    {
                        int s = xOcc.Subset[e], a = xOcc.Position[e];
                        // Indices ascend, so (r, xs2[s][b]) with b > a lies in the computed upper triangle.
                        partXx[t * subsets + s] += kernel.SumGathered(rowXx, xs2[s].AsSpan(a + 1));
                        partXy[t * subsets + s] += kernel.SumGathered(rowXy, ys2[s]);
                    }
                }
            }
            else
            {
                int b = t - gx;
                for (int r = b * GatherBlock, end = Math.Min(ny, r + GatherBlock); r < end; r++)
                {
                    var rowYy = gyy.AsSpan(r * ny, ny);
                    for (int e = yOcc.Start[r]; e < yOcc.Start[r + 1]; e++)
                        partYy[b * subsets + yOcc.Subset[e]] += kernel.SumGathered(rowYy, ys2[yOcc.Subset[e]].AsSpan(yOcc.Position[e] + 1));
                }
            }
        });

        var result = new double[subsets];
        for (int s = 0; s < subsets; s++)
        {
            double sxx = 0, syy = 0, sxy = 0;
            for (int t = 0; t < gx; t++) { sxx += partXx[t * subsets + s]; sxy += partXy[t * subsets + s]; }
            for (int t = 0; t < gy; t++) syy += partYy[t * subsets + s];
            result[s] = Unbiased(2 * sxx, 2 * syy, sxy, m);
        }
        return result;
    }

    /// <summary>
    /// Rows per GEMM call for the Gram matrices: the right-hand side (up to N rows) is repacked per call, so calls are
    /// larger than for a subset; the triangles waste N·GramBlock/2 dots below the diagonal.
    /// </summary>
    private const int GramBlock = 256;

    /// <summary>Gram rows per gather work item (a fixed size, so the float64 merge order never depends on threads).</summary>
    private const int GatherBlock = 64;

    /// <summary>For each row, the (subset, position) pairs where it was drawn, in subset order (CSR layout).</summary>
    private readonly record struct Occurrences(int[] Start, int[] Subset, int[] Position)
    {
        public static Occurrences Of(int[][] subsets, int rows)
        {
            var start = new int[rows + 1];
            foreach (var idx in subsets)
                foreach (var i in idx) start[i + 1]++;
            for (int r = 0; r < rows; r++) start[r + 1] += start[r];
            var fill = start[..rows];
            var subset = new int[start[rows]];
            var position = new int[start[rows]];
            for (int s = 0; s < subsets.Length; s++)
                for (int a = 0; a < subsets[s].Length; a++)
                {
                    int e = fill[subsets[s][a]]++;
                    subset[e] = s;
                    position[e] = a;
                }
            return new Occurrences(start, subset, position);
        }
    }

    private static void UpperRowBlock(ReadOnlyMemory<float> a, int n, int d, int i0, float[] g)
    {
        int rows = Math.Min(GramBlock, n - i0), cols = n - i0;
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

    private static int[][] Remap(int[][] subsets, int[]? map)
    {
        if (map is null) return subsets;
        var result = new int[subsets.Length][];
        for (int s = 0; s < subsets.Length; s++)
        {
            var r = result[s] = new int[subsets[s].Length];
            for (int i = 0; i < r.Length; i++) r[i] = map[subsets[s][i]];
        }
        return result;
    }
}
