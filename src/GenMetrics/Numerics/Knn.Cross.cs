using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GenMetrics.Numerics;

/// <summary>
/// What one pass over all (x, y) pairs of two sets finds, with balls B(x_i, r_i) around X and B(y_j, s_j) around Y.
/// </summary>
/// <param name="YInXBalls">Per y_j: how many X balls contain it (prdc's density numerator; &gt; 0 is precision).</param>
/// <param name="XBallHit">Per x_i: whether its own ball contains some y (prdc's coverage: min_j d_ij &lt; r_i).</param>
/// <param name="XInYBalls">Per x_i: whether some Y ball contains it (recall).</param>
/// <param name="Rechecks">How many pairs the float32 screen left to the float64 recheck (a diagnostic).</param>
internal sealed record CrossBalls(int[] YInXBalls, bool[] XBallHit, bool[] XInYBalls, long Rechecks);

internal static partial class Knn
{
    /// <summary>
    /// One blocked pass over X × Y deciding d(x_i, y_j) inside r_i and inside s_j for every pair (exactly, see
    /// <see cref="Knn"/>). <paramref name="xRadii2"/> and <paramref name="yRadii2"/> are float64 squared radii; a null
    /// one leaves out its balls (no point is inside them: the counts, hits or recall flags it decides stay zero).
    /// </summary>
    public static CrossBalls Cross(SimdWidth width, ReadOnlyMemory<float> xs, int n, double[] xSq, double[]? xRadii2,
        ReadOnlyMemory<float> ys, int m, double[] ySq, double[]? yRadii2, int d, BallRule rule)
    {
        var xSq32 = ToFloat(xSq);
        var ySq32 = ToFloat(ySq);
        var xT = new float[n]; var xF = new float[n];
        var yT = new float[m]; var yF = new float[m];
        // Left-out balls: thresholds of -inf, which no bound passes, so nothing is counted or rechecked for them.
        if (xRadii2 is null) { Array.Fill(xT, float.NegativeInfinity); Array.Fill(xF, float.NegativeInfinity); }
        else for (int i = 0; i < n; i++) (xT[i], xF[i]) = Thresholds(xRadii2[i], rule);
        if (yRadii2 is null) { Array.Fill(yT, float.NegativeInfinity); Array.Fill(yF, float.NegativeInfinity); }
        else for (int j = 0; j < m; j++) (yT[j], yF[j]) = Thresholds(yRadii2[j], rule);
        float slack = ScreenSlack(d);
        var counts = new int[m];
        var hit = new bool[n];
        var inY = new bool[n];
        long rechecks = 0;
        int bn = (n + Block - 1) / Block, bm = (m + Block - 1) / Block;
        Parallel.For(0, bn * bm, Parallelism.Options(), t =>
        {
            int bi = t / bm, bj = t % bm;
            int i0 = bi * Block, j0 = bj * Block, mi = Math.Min(Block, n - i0), nj = Math.Min(Block, m - j0);
            var packA = ArrayPool<float>.Shared.Rent(Gemm.PackALength);
            var packB = ArrayPool<float>.Shared.Rent(Gemm.PackBLength);
            var tile = ArrayPool<float>.Shared.Rent(Block * Block);
            var local = ArrayPool<int>.Shared.Rent(Block);
            try
            {
                Array.Clear(local, 0, nj);
                var x = xs.Span;
                var y = ys.Span;
                Gemm.Block(width, x.Slice(i0 * d), mi, y.Slice(j0 * d), nj, d, tile, nj, packA, packB);
                var job = new CrossTile(x, y, d, rule, xRadii2, yRadii2, xSq32, ySq32, xT, xF, yT, yF, slack);
                long rc = 0;
                for (int i = 0; i < mi; i++)
                {
                    var (h, r) = job.Row(width, tile.AsSpan(i * nj, nj), i0 + i, j0, local, inY[i0 + i], ref rc);
                    if (h) hit[i0 + i] = true;
                    if (r) inY[i0 + i] = true;
                }
                for (int j = 0; j < nj; j++) if (local[j] != 0) Interlocked.Add(ref counts[j0 + j], local[j]);
                Interlocked.Add(ref rechecks, rc);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(packA);
                ArrayPool<float>.Shared.Return(packB);
                ArrayPool<float>.Shared.Return(tile);
                ArrayPool<int>.Shared.Return(local);
            }
        });
        return new CrossBalls(counts, hit, inY, rechecks);
    }

    private readonly ref struct CrossTile(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int d, BallRule rule,
        double[]? xR2, double[]? yR2, float[] xSq, float[] ySq, float[] xT, float[] xF, float[] yT, float[] yF, float slack)
    {
        private readonly ReadOnlySpan<float> _x = x, _y = y;

        /// <summary>
        /// One row of a tile: adds to <paramref name="local"/>[j] each y_j inside x_i's ball; returns whether x_i's
        /// ball holds some y and whether some y's ball holds x_i.
        /// </summary>
        [SkipLocalsInit]
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public (bool Hit, bool InY) Row(SimdWidth width, ReadOnlySpan<float> dots, int gi, int j0, int[] local, bool inYKnown, ref long rechecks)
        {
            int nj = dots.Length;
            float si = xSq[gi], ti = xT[gi], fi = xF[gi];
            bool hitI = false, inY = inYKnown;
            ref float dr = ref MemoryMarshal.GetReference(dots);
            ref float ysq = ref MemoryMarshal.GetArrayDataReference(ySq);
            ref float yt = ref MemoryMarshal.GetArrayDataReference(yT);
            ref float yf = ref MemoryMarshal.GetArrayDataReference(yF);
            ref int lr = ref MemoryMarshal.GetArrayDataReference(local);
            int j = 0;
            if (width != SimdWidth.Scalar)
            {
                var vsi = Vector256.Create(si);
                var vti = Vector256.Create(ti);
                var vfi = Vector256.Create(fi);
                var vslack = Vector256.Create(slack);
                var minus2 = Vector256.Create(-2f);
                var anyHit = Vector256<float>.Zero;
                var anyIn = Vector256<float>.Zero;
                for (; j + 8 <= nj; j += 8)
                {
                    nuint gj = (nuint)(j0 + j);
                    var s = vsi + Vector256.LoadUnsafe(ref ysq, gj);
                    var a = Vector256.FusedMultiplyAdd(minus2, Vector256.LoadUnsafe(ref dr, (nuint)j), s);
                    var e = s * vslack;
                    var lo = a - e;
                    var hi = a + e;
                    var xTrue = Vector256.LessThan(hi, vti);
                    var xMaybe = Vector256.AndNot(Vector256.LessThanOrEqual(lo, vfi), xTrue);
                    var yTrue = Vector256.LessThan(hi, Vector256.LoadUnsafe(ref yt, gj));
                    var yMaybe = Vector256.AndNot(Vector256.LessThanOrEqual(lo, Vector256.LoadUnsafe(ref yf, gj)), yTrue);
                    var cnt = Vector256.LoadUnsafe(ref lr, (nuint)j) - xTrue.AsInt32();
                    cnt.StoreUnsafe(ref lr, (nuint)j);
                    anyHit |= xTrue;
                    anyIn |= yTrue;
                    uint maybe = (xMaybe | yMaybe).ExtractMostSignificantBits();
                    if (maybe == 0) continue;
                    uint xm = xMaybe.ExtractMostSignificantBits();
                    while (maybe != 0)
                    {
                        int q = System.Numerics.BitOperations.TrailingZeroCount(maybe);
                        maybe &= maybe - 1;
                        bool needX = (xm >> q & 1) != 0;
                        if (!needX && (inY || anyIn != Vector256<float>.Zero)) continue;
                        Recheck(gi, j0 + j + q, needX, ref Unsafe.Add(ref lr, j + q), ref hitI, ref inY, ref rechecks);
                    }
                }
                hitI |= anyHit != Vector256<float>.Zero;
                inY |= anyIn != Vector256<float>.Zero;
            }
            for (; j < nj; j++)
            {
                int gj = j0 + j;
                float s = si + ySq[gj];
                float a = MathF.FusedMultiplyAdd(-2f, Unsafe.Add(ref dr, j), s);
                float e = s * slack;
                float lo = a - e, hi = a + e;
                bool xTrue = hi < ti, xMaybe = !xTrue && lo <= fi;
                bool yTrue = hi < yT[gj], yMaybe = !yTrue && lo <= yF[gj];
                if (xTrue) { Unsafe.Add(ref lr, j)++; hitI = true; }
                if (yTrue) inY = true;
                if (xMaybe || (yMaybe && !inY)) Recheck(gi, gj, xMaybe, ref Unsafe.Add(ref lr, j), ref hitI, ref inY, ref rechecks);
            }
            return (hitI, inY);
        }

        private void Recheck(int gi, int gj, bool needX, ref int count, ref bool hitI, ref bool inY, ref long rechecks)
        {
            rechecks++;
            double d2 = SquaredDistance(_x.Slice(gi * d, d), _y.Slice(gj * d, d));
            if (needX && Inside(d2, xR2![gi], rule)) { count++; hitI = true; }
            if (!inY && yR2 is not null && Inside(d2, yR2[gj], rule)) inY = true;
        }
    }
}
