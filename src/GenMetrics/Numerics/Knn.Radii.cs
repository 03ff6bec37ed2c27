using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GenMetrics.Numerics;

internal static partial class Knn
{
    /// <summary>
    /// The float64 squared distance from each point to its k-th nearest neighbour in its own set, the point itself
    /// included at distance 0 (so the (k+1)-th smallest of its row, sorted(row)[k]; duplicates give 0).
    /// Needs n ≥ k + 1. Only tiles on and above the diagonal of the symmetric distance matrix are computed.
    /// </summary>
    public static double[] KthSquaredDistances(SimdWidth width, ReadOnlyMemory<float> points, int n, int d, int k, double[]? squaredNorms = null)
    {
        if (k < 0 || n < k + 1) throw new ArgumentOutOfRangeException(nameof(k), $"n={n} points have no {k}-th neighbour");
        var sq = squaredNorms ?? SquaredNorms(points.Span, n, d, "points");
        var sq32 = ToFloat(sq);
        float slack = ScreenSlack(d);
        var state = new RadiusCandidates(n, k);
        int blocks = (n + Block - 1) / Block;
        var pairs = new (int I, int J)[blocks * (blocks - 1) / 2];
        for (int i = 0, p = 0; i < blocks; i++) for (int j = i + 1; j < blocks; j++) pairs[p++] = (i, j);
        var locks = new object[blocks];
        for (int b = 0; b < blocks; b++) locks[b] = new object();

        // Phase 1: the diagonal tiles, one per block, each owning its rows (no locks). Every row gets its cut from
        // its own block's k nearest, so phase 2 admits only the few pairs that can still improve it.
        Parallel.For(0, blocks, Parallelism.Options(), b =>
        {
            int i0 = b * Block, mi = Math.Min(Block, n - i0);
            var packA = ArrayPool<float>.Shared.Rent(Gemm.PackALength);
            var packB = ArrayPool<float>.Shared.Rent(Gemm.PackBLength);
            var tile = ArrayPool<float>.Shared.Rent(Block * Block);
            try
            {
                var x = points.Span.Slice(i0 * d);
                Gemm.Block(width, x, mi, x, mi, d, tile, mi, packA, packB);
                SeedDiagonalTile(tile, i0, mi, sq32, slack, k, state);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(packA);
                ArrayPool<float>.Shared.Return(packB);
                ArrayPool<float>.Shared.Return(tile);
            }
        });

        // Phase 2: tiles above the diagonal; each updates its row block and (by symmetry) its column block.
        Parallel.For(0, pairs.Length, Parallelism.Options(), p =>
        {
            var (bi, bj) = pairs[p];
            int i0 = bi * Block, j0 = bj * Block, mi = Math.Min(Block, n - i0), nj = Math.Min(Block, n - j0);
            var packA = ArrayPool<float>.Shared.Rent(Gemm.PackALength);
            var packB = ArrayPool<float>.Shared.Rent(Gemm.PackBLength);
            var tile = ArrayPool<float>.Shared.Rent(Block * Block);
            var rowHits = new List<Hit>();
            var colHits = new List<Hit>();
            try
            {
                var x = points.Span;
                Gemm.Block(width, x.Slice(i0 * d), mi, x.Slice(j0 * d), nj, d, tile, nj, packA, packB);
                ScanTile(width, tile, i0, mi, j0, nj, sq32, state.Cut, slack, rowHits, colHits);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(packA);
                ArrayPool<float>.Shared.Return(packB);
                ArrayPool<float>.Shared.Return(tile);
            }
            lock (locks[bi]) foreach (var h in rowHits) state.Insert(h);
            lock (locks[bj]) foreach (var h in colHits) state.Insert(h);
        });

        var r2 = new double[n];
        Parallel.For(0, (n + 255) / 256, Parallelism.Options(), b =>
        {
            var x = points.Span;
            for (int i = b * 256, end = Math.Min(n, i + 256); i < end; i++) r2[i] = state.Exact(i, x, d);
        });
        return r2;
    }

    internal readonly record struct Hit(int Row, int Col, float Lower, float Upper);

    /// <summary>
    /// A full diagonal tile (all of block × block): per row, the k-th smallest upper bound among the other points
    /// of the block, with the point itself (0) the (k+1)-th smallest, is a valid cut; only pairs under it are kept.
    /// Rows of a block with fewer than k other points keep every pair (and an infinite cut).
    /// </summary>
    private static void SeedDiagonalTile(float[] tile, int i0, int mi, float[] sq32, float slack, int k, RadiusCandidates state)
    {
        var best = new float[Math.Max(k, 1)];
        var lower = new float[mi];
        var upper = new float[mi];
        for (int i = 0; i < mi; i++)
        {
            int gi = i0 + i;
            float si = sq32[gi];
            int have = 0;
            for (int j = 0; j < mi; j++)
            {
                if (j == i) continue;
                float s = si + sq32[i0 + j];
                float a = MathF.FusedMultiplyAdd(-2f, tile[i * mi + j], s);
                float e = s * slack;
                float lo = a - e, hi = a + e;
                lower[j] = lo;
                upper[j] = hi;
                if (k == 0) continue;
                if (have < k) { Place(best, have++, hi); continue; }
                if (hi < best[k - 1]) Place(best, k - 1, hi);
            }
            float cut = k == 0 ? 0f : have == k ? best[k - 1] : float.PositiveInfinity;
            state.Tighten(gi, cut);
            for (int j = 0; j < mi; j++)
                if (j != i && lower[j] <= cut) state.Insert(new Hit(gi, i0 + j, lower[j], upper[j]));
        }

        // Inserts v into the sorted prefix best[0..count] (dropping the last element when count is k - 1 and full).
        static void Place(float[] best, int count, float v)
        {
            int q = count;
            while (q > 0 && best[q - 1] > v) { best[q] = best[q - 1]; q--; }
            best[q] = v;
        }
    }

    /// <summary>
    /// Scans one off-diagonal tile of dot products: for each pair, bounds L ≤ D² ≤ U; a pair is a candidate for row i
    /// if L does not exceed row i's current cut (the (k+1)-th smallest upper bound seen so far), likewise for column j
    /// (when <paramref name="colHits"/> is given: the tile is of a set against itself).
    /// Reads of the shared cuts may be stale (larger), which only admits more candidates.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScanTile(SimdWidth width, float[] tile, int i0, int mi, int j0, int nj, float[] sq32, float[] cut, float slack, List<Hit> rowHits, List<Hit>? colHits, float[]? rowSq32 = null, float[]? colCut = null)
    {
        // Rows and columns index the same set, unless rowSq32 (the rows' norms) says the rows are queries of another
        // set; then colCut, when given, holds the columns' own cuts (both directions of a cross pass at once).
        var rsq = rowSq32 ?? sq32;
        var ccut = colCut ?? cut;
        ref float t0 = ref MemoryMarshal.GetArrayDataReference(tile);
        ref float sqr = ref MemoryMarshal.GetArrayDataReference(sq32);
        ref float cutr = ref MemoryMarshal.GetArrayDataReference(ccut);
        var minus2 = Vector256.Create(-2f);
        var vslack = Vector256.Create(slack);
        for (int i = 0; i < mi; i++)
        {
            int gi = i0 + i;
            float si = rsq[gi];
            float cutI = Volatile.Read(ref cut[gi]);
            ref float trow = ref Unsafe.Add(ref t0, i * nj);
            int j = 0;
            if (width != SimdWidth.Scalar)
            {
                var vsi = Vector256.Create(si);
                var vcutI = Vector256.Create(cutI);
                for (; j + 8 <= nj; j += 8)
                {
                    var s = vsi + Vector256.LoadUnsafe(ref sqr, (nuint)(j0 + j));
                    var a = Vector256.FusedMultiplyAdd(minus2, Vector256.LoadUnsafe(ref trow, (nuint)j), s);
                    var lo = a - s * vslack;
                    var hit = Vector256.LessThanOrEqual(lo, vcutI);
                    if (colHits != null) hit |= Vector256.LessThanOrEqual(lo, Vector256.LoadUnsafe(ref cutr, (nuint)(j0 + j)));
                    if (hit == Vector256<float>.Zero) continue;
                    for (int q = 0; q < 8; q++) ScanOne(ref trow, sq32, ccut, si, cutI, slack, gi, j + q, j0, rowHits, colHits);
                }
            }
            for (; j < nj; j++) ScanOne(ref trow, sq32, ccut, si, cutI, slack, gi, j, j0, rowHits, colHits);
        }
    }

    private static void ScanOne(ref float trow, float[] sq32, float[] cut, float si, float cutI, float slack, int gi, int j, int j0,
        List<Hit> rowHits, List<Hit>? colHits)
    {
        int gj = j0 + j;
        float s = si + sq32[gj];
        float a = MathF.FusedMultiplyAdd(-2f, Unsafe.Add(ref trow, j), s);
        float e = s * slack;
        float lo = a - e, hi = a + e;
        if (lo <= cutI) rowHits.Add(new Hit(gi, gj, lo, hi));
        if (colHits != null && lo <= Volatile.Read(ref cut[gj])) colHits.Add(new Hit(gj, gi, lo, hi));
    }
}
