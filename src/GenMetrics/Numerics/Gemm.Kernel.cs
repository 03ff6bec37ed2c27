using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GenMetrics.Numerics;

// The single-threaded blocked kernel (the BLIS recipe): for each KC slice of the shared dimension, pack a block of
// B's rows into NR-wide column panels (L2) and a block of A's rows into MR-high row panels (L1), then run an
// MR x NR register-tiled micro-kernel over the panels. Each C element is an FMA chain over one KC slice, started
// from zero, added to C slice after slice in ascending order: the summation order depends only on k and KC, never
// on the tiling of m and n or on the thread count, and it is the same at every width.
internal static partial class Gemm
{
    /// <summary>Length of one slice of the shared dimension (one FMA chain per C element per slice).</summary>
    public const int KC = 128;

    /// <summary>Rows of A per micro-tile (broadcast operand).</summary>
    public const int MR = 6;

    /// <summary>Rows of A packed at once (an L2-resident block of MR-high panels).</summary>
    public const int MC = 96;

    /// <summary>The most rows of B (columns of C) one block call takes; callers tile wider products.</summary>
    public const int NB = 512;

    /// <summary>Floats of scratch one <see cref="Block"/> call needs for its packed A block.</summary>
    public const int PackALength = MC * KC;

    /// <summary>Floats of scratch one <see cref="Block"/> call needs for its packed B block (any width).</summary>
    public const int PackBLength = (NB + 32) * KC;

    /// <summary>
    /// C[i, j] = sum_k A[i, k] * B[j, k] for an m x n block (m any, n at most <see cref="NB"/>), single-threaded.
    /// A and B are row-major with row stride k; C has row stride ldc.
    /// </summary>
    public static void Block(SimdWidth width, ReadOnlySpan<float> a, int m, ReadOnlySpan<float> b, int n, int k,
        Span<float> c, int ldc, Span<float> packA, Span<float> packB)
    {
        if (m == 0 || n == 0) return;
        if (n > NB) throw new ArgumentOutOfRangeException(nameof(n));
        if (k == 0)
        {
            for (int i = 0; i < m; i++) c.Slice(i * ldc, n).Clear();
            return;
        }
        switch (width)
        {
            case SimdWidth.V512: Block<GemmOps512, System.Runtime.Intrinsics.Vector512<float>>(a, m, b, n, k, c, ldc, packA, packB); break;
            case SimdWidth.V256: Block<GemmOps256, System.Runtime.Intrinsics.Vector256<float>>(a, m, b, n, k, c, ldc, packA, packB); break;
            default: Block<GemmOpsScalar, float>(a, m, b, n, k, c, ldc, packA, packB); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block<TOps, TVec>(ReadOnlySpan<float> a, int m, ReadOnlySpan<float> b, int n, int k,
        Span<float> c, int ldc, Span<float> packA, Span<float> packB)
        where TOps : struct, IGemmOps<TVec> where TVec : struct
    {
        int nr = 2 * TOps.Count;
        int nPanels = (n + nr - 1) / nr;
        ref float cBase = ref MemoryMarshal.GetReference(c);
        Span<float> edge = stackalloc float[MR * 32];
        for (int p0 = 0; p0 < k; p0 += KC)
        {
            int kc = Math.Min(KC, k - p0);
            bool accumulate = p0 > 0;
            PackPanels(b, n, k, p0, kc, nr, packB);
            for (int i0 = 0; i0 < m; i0 += MC)
            {
                int mc = Math.Min(MC, m - i0);
                PackPanels(a.Slice(i0 * k), mc, k, p0, kc, MR, packA);
                int mPanels = (mc + MR - 1) / MR;
                for (int ip = 0; ip < mPanels; ip++)
                {
                    ref float ap = ref MemoryMarshal.GetReference(packA.Slice(ip * MR * kc));
                    int rows = Math.Min(MR, mc - ip * MR);
                    int row0 = i0 + ip * MR;
                    for (int jp = 0; jp < nPanels; jp++)
                    {
                        ref float bp = ref MemoryMarshal.GetReference(packB.Slice(jp * nr * kc));
                        int cols = Math.Min(nr, n - jp * nr);
                        ref float ct = ref Unsafe.Add(ref cBase, (nint)row0 * ldc + jp * nr);
                        if (rows == MR && cols == nr)
                        {
                            Micro<TOps, TVec>(ref ap, ref bp, kc, ref ct, ldc, accumulate);
                        }
                        else
                        {
                            ref float e = ref MemoryMarshal.GetReference(edge);
                            Micro<TOps, TVec>(ref ap, ref bp, kc, ref e, nr, false);
                            for (int r = 0; r < rows; r++)
                            {
                                ref float cr = ref Unsafe.Add(ref ct, (nint)r * ldc);
                                for (int q = 0; q < cols; q++)
                                {
                                    float v = Unsafe.Add(ref e, r * nr + q);
                                    Unsafe.Add(ref cr, q) = accumulate ? Unsafe.Add(ref cr, q) + v : v;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs rows [0, rows) of a row-major matrix (row stride k), columns [p0, p0+kc), into panels of
    /// <paramref name="width"/> rows: panel p holds, for each kk, the values of its rows side by side. Missing rows
    /// of the last panel are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackPanels(ReadOnlySpan<float> src, int rows, int k, int p0, int kc, int width, Span<float> dst)
    {
        ref float s = ref MemoryMarshal.GetReference(src);
        ref float d = ref MemoryMarshal.GetReference(dst);
        int panels = (rows + width - 1) / width;
        for (int p = 0; p < panels; p++)
        {
            ref float dp = ref Unsafe.Add(ref d, (nint)p * width * kc);
            for (int r = 0; r < width; r++)
            {
                int row = p * width + r;
                ref float dr = ref Unsafe.Add(ref dp, r);
                if (row < rows)
                {
                    ref float sr = ref Unsafe.Add(ref s, (nint)row * k + p0);
                    for (int kk = 0; kk < kc; kk++) Unsafe.Add(ref dr, (nint)kk * width) = Unsafe.Add(ref sr, kk);
                }
                else
                {
                    for (int kk = 0; kk < kc; kk++) Unsafe.Add(ref dr, (nint)kk * width) = 0f;
                }
            }
        }
    }

    /// <summary>The MR x (2 vectors) register tile: 12 accumulators, one FMA chain each over kc.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Micro<TOps, TVec>(ref float ap, ref float bp, int kc, ref float c, nint ldc, bool accumulate)
        where TOps : struct, IGemmOps<TVec> where TVec : struct
    {
        nint w = TOps.Count;
        TVec c00 = TOps.Zero, c01 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c20 = TOps.Zero, c21 = TOps.Zero;
        TVec c30 = TOps.Zero, c31 = TOps.Zero, c40 = TOps.Zero, c41 = TOps.Zero, c50 = TOps.Zero, c51 = TOps.Zero;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TOps.Load(ref bp);
            TVec b1 = TOps.Load(ref Unsafe.Add(ref bp, w));
            TVec x = TOps.Broadcast(ap);
            c00 = TOps.Fma(x, b0, c00); c01 = TOps.Fma(x, b1, c01);
            x = TOps.Broadcast(Unsafe.Add(ref ap, 1));
            c10 = TOps.Fma(x, b0, c10); c11 = TOps.Fma(x, b1, c11);
            x = TOps.Broadcast(Unsafe.Add(ref ap, 2));
            c20 = TOps.Fma(x, b0, c20); c21 = TOps.Fma(x, b1, c21);
            x = TOps.Broadcast(Unsafe.Add(ref ap, 3));
            c30 = TOps.Fma(x, b0, c30); c31 = TOps.Fma(x, b1, c31);
            x = TOps.Broadcast(Unsafe.Add(ref ap, 4));
            c40 = TOps.Fma(x, b0, c40); c41 = TOps.Fma(x, b1, c41);
            x = TOps.Broadcast(Unsafe.Add(ref ap, 5));
            c50 = TOps.Fma(x, b0, c50); c51 = TOps.Fma(x, b1, c51);
            ap = ref Unsafe.Add(ref ap, MR);
            bp = ref Unsafe.Add(ref bp, 2 * w);
        }
        StoreRow<TOps, TVec>(ref c, w, c00, c01, accumulate);
        StoreRow<TOps, TVec>(ref Unsafe.Add(ref c, ldc), w, c10, c11, accumulate);
        StoreRow<TOps, TVec>(ref Unsafe.Add(ref c, 2 * ldc), w, c20, c21, accumulate);
        StoreRow<TOps, TVec>(ref Unsafe.Add(ref c, 3 * ldc), w, c30, c31, accumulate);
        StoreRow<TOps, TVec>(ref Unsafe.Add(ref c, 4 * ldc), w, c40, c41, accumulate);
        StoreRow<TOps, TVec>(ref Unsafe.Add(ref c, 5 * ldc), w, c50, c51, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TOps, TVec>(ref float c, nint w, TVec v0, TVec v1, bool accumulate)
        where TOps : struct, IGemmOps<TVec> where TVec : struct
    {
        ref float c1 = ref Unsafe.Add(ref c, w);
        if (accumulate)
        {
            v0 = TOps.Add(TOps.Load(ref c), v0);
            v1 = TOps.Add(TOps.Load(ref c1), v1);
        }
        TOps.Store(v0, ref c);
        TOps.Store(v1, ref c1);
    }
}
