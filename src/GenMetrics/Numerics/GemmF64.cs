using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GenMetrics.Numerics;

/// <summary>Which output tiles a product must produce; tiles wholly outside the triangle are skipped.</summary>
internal enum TileMask
{
    Full,
    /// <summary>Elements with i &lt;= j are exact; tiles touching the diagonal may also write some i &gt; j.</summary>
    Upper,
    /// <summary>Elements with i &gt;= j are exact; tiles touching the diagonal may also write some i &lt; j.</summary>
    Lower,
}

/// <summary>
/// Float64 packed GEMM: C[m x n] (row stride ldc) += alpha * A * B, where A(i, k) = a[i*rsA + k*csA] and
/// B(k, j) = b[k*rsB + j*csB]; general strides let one kernel serve A*B, A^T*B (the covariance update X^T X)
/// and the trailing updates of the factorisations.
/// </summary>
/// <remarks>
/// Loops as in BLIS: K in panels of <see cref="Kc"/>; per panel B is packed once into 16-column slivers and
/// row blocks of <see cref="Mc"/> rows of A into 8-row slivers, then an 8 x 16 register-blocked micro-kernel
/// (16 Vector512 accumulators) walks the tiles. Determinism: every element of C is produced by one task per
/// K panel, whose accumulator starts at zero, runs k in increasing order with FMA, and is then added to C;
/// so the result depends only on m, n, k and Kc, never on the thread count.
/// </remarks>
[SkipLocalsInit]
internal static unsafe class GemmF64
{
    public const int Mr = 8, Nr = 16, Kc = 256, Mc = 64;

    /// <summary>Products below this many multiply-adds run on the calling thread.</summary>
    private const long ParallelThreshold = 1L << 21;

    public static void Multiply(int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int rsA, int csA, ReadOnlySpan<double> b, int rsB, int csB,
        Span<double> c, int ldc, TileMask mask = TileMask.Full, int maxThreads = -1)
    {
        if (m <= 0 || n <= 0 || k <= 0) return;
        fixed (double* pa = a, pb = b, pc = c)
            Multiply(m, n, k, alpha, pa, rsA, csA, pb, rsB, csB, pc, ldc, mask, maxThreads);
    }

    public static void Multiply(int m, int n, int k, double alpha,
        double* a, int rsA, int csA, double* b, int rsB, int csB, double* c, int ldc, TileMask mask, int maxThreads)
    {
        if (m <= 0 || n <= 0 || k <= 0) return;
        int nPanels = (n + Nr - 1) / Nr;
        int mBlocks = (m + Mc - 1) / Mc;
        var bPack = ArrayPool<double>.Shared.Rent(Kc * nPanels * Nr);
        bool parallel = (long)m * n * k >= ParallelThreshold && maxThreads != 1 && Environment.ProcessorCount > 1;
        var options = Parallelism.Options(maxThreads);
        try
        {
            fixed (double* bp = bPack)
            {
                nint A = (nint)a, B = (nint)b, C = (nint)c, BP = (nint)bp;
                for (int p0 = 0; p0 < k; p0 += Kc)
                {
                    int kc = Math.Min(Kc, k - p0);
                    if (parallel)
                    {
                        int p = p0;
                        // Packing is a copy: split over panel groups of 8 (64 KB .. 256 KB each).
                        Parallel.For(0, (nPanels + 7) / 8, options, g =>
                            PackB((double*)B + (nint)p * rsB, rsB, csB, kc, n, (double*)BP, g * 8 * Nr, Math.Min(n, (g + 1) * 8 * Nr)));
                        Parallel.For(0, mBlocks, options, ib =>
                            RowBlock(ib, m, n, kc, alpha, (double*)A + (nint)p * csA, rsA, csA, (double*)BP, (double*)C, ldc, mask));
                    }
                    else
                    {
                        PackB((double*)B + (nint)p0 * rsB, rsB, csB, kc, n, (double*)BP, 0, n);
                        for (int ib = 0; ib < mBlocks; ib++)
                            RowBlock(ib, m, n, kc, alpha, (double*)A + (nint)p0 * csA, rsA, csA, (double*)BP, (double*)C, ldc, mask);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(bPack);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowBlock(int ib, int m, int n, int kc, double alpha, double* a, int rsA, int csA,
        double* bp, double* c, int ldc, TileMask mask)
    {
        int i0 = ib * Mc, mc = Math.Min(Mc, m - i0);
        int mSlivers = (mc + Mr - 1) / Mr;
        var aPack = ArrayPool<double>.Shared.Rent(mSlivers * Mr * kc);
        try
        {
            fixed (double* ap = aPack)
            {
                PackA(a + (nint)i0 * rsA, rsA, csA, mc, kc, ap);
                int nPanels = (n + Nr - 1) / Nr;
                for (int s = 0; s < mSlivers; s++)
                {
                    int ti = i0 + s * Mr, mr = Math.Min(Mr, m - ti);
                    int jpStart = 0, jpEnd = nPanels;
                    if (mask == TileMask.Upper) jpStart = ti / Nr;
                    else if (mask == TileMask.Lower) jpEnd = Math.Min(nPanels, (ti + mr - 1) / Nr + 1);
                    for (int jp = jpStart; jp < jpEnd; jp++)
                    {
                        int tj = jp * Nr, nr = Math.Min(Nr, n - tj);
                        Kernel8x16(kc, ap + (nint)s * Mr * kc, bp + (nint)jp * Nr * kc, c + (nint)ti * ldc + tj, ldc, alpha, mr, nr);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(aPack);
        }
    }

    /// <summary>Packs columns [jStart, jEnd) (jStart a multiple of 16) of kc x n B into 16-column slivers (k-major inside a sliver), zero-padding the last one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(double* b, int rsB, int csB, int kc, int n, double* dst, int jStart, int jEnd)
    {
        for (int j0 = jStart; j0 < jEnd; j0 += Nr)
        {
            int nr = Math.Min(Nr, n - j0);
            double* d = dst + (nint)j0 * kc;
            if (csB == 1 && nr == Nr)
            {
                for (int k = 0; k < kc; k++)
                {
                    double* s = b + (nint)k * rsB + j0;
                    Vector512.Store(Vector512.Load(s), d);
                    Vector512.Store(Vector512.Load(s + 8), d + 8);
                    d += Nr;
                }
                continue;
            }
            for (int k = 0; k < kc; k++)
            {
                int j = 0;
                for (; j < nr; j++) d[j] = b[(nint)k * rsB + (nint)(j0 + j) * csB];
                for (; j < Nr; j++) d[j] = 0;
                d += Nr;
            }
        }
    }

    /// <summary>Packs mc x kc of A into 8-row slivers (k-major inside a sliver), zero-padding the last one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA(double* a, int rsA, int csA, int mc, int kc, double* dst)
    {
        for (int i0 = 0; i0 < mc; i0 += Mr)
        {
            int mr = Math.Min(Mr, mc - i0);
            double* d = dst + (nint)i0 * kc;
            if (rsA == 1 && mr == Mr)
            {
                for (int k = 0; k < kc; k++)
                {
                    Vector512.Store(Vector512.Load(a + (nint)k * csA + i0), d);
                    d += Mr;
                }
                continue;
            }
            for (int k = 0; k < kc; k++)
            {
                int i = 0;
                for (; i < mr; i++) d[i] = a[(nint)(i0 + i) * rsA + (nint)k * csA];
                for (; i < Mr; i++) d[i] = 0;
                d += Mr;
            }
        }
    }

    /// <summary>C[0..mr, 0..nr] += alpha * (A sliver)(B sliver), 8 x 16 accumulators in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel8x16(int kc, double* ap, double* bp, double* c, int ldc, double alpha, int mr, int nr)
    {
        Vector512<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<double> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int k = 0; k < kc; k++)
        {
            var b0 = Vector512.Load(bp);
            var b1 = Vector512.Load(bp + 8);
            var a0 = Vector512.Create(ap[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00); c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(ap[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10); c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(ap[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20); c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(ap[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30); c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(ap[4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40); c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(ap[5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50); c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(ap[6]);
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60); c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(ap[7]);
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70); c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            ap += Mr;
            bp += Nr;
        }
        var al = Vector512.Create(alpha);
        if (mr == Mr && nr == Nr)
        {
            Store(c, c00, c01, al); Store(c + ldc, c10, c11, al); Store(c + 2 * ldc, c20, c21, al); Store(c + 3 * ldc, c30, c31, al);
            Store(c + 4 * ldc, c40, c41, al); Store(c + 5 * ldc, c50, c51, al); Store(c + 6 * ldc, c60, c61, al); Store(c + 7 * ldc, c70, c71, al);
            return;
        }
        double* t = stackalloc double[Mr * Nr];
        Vector512.Store(c00, t); Vector512.Store(c01, t + 8); Vector512.Store(c10, t + 16); Vector512.Store(c11, t + 24);
        Vector512.Store(c20, t + 32); Vector512.Store(c21, t + 40); Vector512.Store(c30, t + 48); Vector512.Store(c31, t + 56);
        Vector512.Store(c40, t + 64); Vector512.Store(c41, t + 72); Vector512.Store(c50, t + 80); Vector512.Store(c51, t + 88);
        Vector512.Store(c60, t + 96); Vector512.Store(c61, t + 104); Vector512.Store(c70, t + 112); Vector512.Store(c71, t + 120);
        for (int i = 0; i < mr; i++)
            for (int j = 0; j < nr; j++)
                c[(nint)i * ldc + j] += alpha * t[i * Nr + j];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(double* c, Vector512<double> lo, Vector512<double> hi, Vector512<double> alpha)
    {
        Vector512.Store(Vector512.Load(c) + alpha * lo, c);
        Vector512.Store(Vector512.Load(c + 8) + alpha * hi, c + 8);
    }
}
