using System.Buffers;

namespace GenMetrics.Numerics;

/// <summary>
/// Float32 matrix products for distance and kernel computations.
/// The contract: C[i, j] = sum_k A[i, k] * B[j, k] (A times B transposed), all row-major, C of m x n with row stride ldc.
/// </summary>
/// <remarks>
/// Multithreaded over C tiles (equal tiles of at most <see cref="TileM"/> x <see cref="NB"/>, from the shape alone);
/// every C element is summed in the same order whatever the tiling, thread count or width (see Gemm.Kernel.cs), so
/// results are bitwise reproducible. Error bound: <see cref="ErrorBound"/>.
/// </remarks>
internal static partial class Gemm
{
    /// <summary>Most rows of C per parallel task; m is split into equal tiles of at most this many rows.</summary>
    public const int TileM = 480;

    /// <summary>Below this many multiply-adds a product runs on the calling thread.</summary>
    private const long ParallelThreshold = 1L << 22;

    public static void MultiplyABt(ReadOnlySpan<float> a, int m, ReadOnlySpan<float> b, int n, int k, Span<float> c, int ldc) =>
        MultiplyABt(Simd.Best, a, m, b, n, k, c, ldc);

    public static unsafe void MultiplyABt(SimdWidth width, ReadOnlySpan<float> a, int m, ReadOnlySpan<float> b, int n, int k, Span<float> c, int ldc)
    {
        Check(a, m, b, n, k, c, ldc);
        if (m == 0 || n == 0) return;
        // Equal tiles (a function of the shape only; the tiling never changes a result, see Gemm.Kernel.cs).
        int tm = (m + TileM - 1) / TileM, tn = (n + NB - 1) / NB;
        int rowsPer = RoundUp((m + tm - 1) / tm, MR), colsPer = Math.Min(NB, RoundUp((n + tn - 1) / tn, 32));
        tm = (m + rowsPer - 1) / rowsPer;
        tn = (n + colsPer - 1) / colsPer;
        if ((long)m * n * k < ParallelThreshold || tm * tn == 1)
        {
            RunTiles(width, a, m, b, n, k, c, ldc, 0, tm * tn, tn, rowsPer, colsPer);
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
        {
            var (ap, bp, cp) = ((nint)pa, (nint)pb, (nint)pc);
            int al = a.Length, bl = b.Length, cl = c.Length;
            Parallel.For(0, tm * tn, Parallelism.Options(), t => RunTiles(width, new ReadOnlySpan<float>((float*)ap, al), m,
                new ReadOnlySpan<float>((float*)bp, bl), n, k, new Span<float>((float*)cp, cl), ldc, t, t + 1, tn, rowsPer, colsPer));
        }
    }

    /// <summary>
    /// C = A * A^T (m x m, symmetric) with about half the work: tiles on and above the diagonal are computed, the
    /// others are mirrored, so C[i, j] == C[j, i] bitwise.
    /// </summary>
    public static unsafe void MultiplyAAt(SimdWidth width, ReadOnlySpan<float> a, int m, int k, Span<float> c, int ldc)
    {
        Check(a, m, a, m, k, c, ldc);
        if (m == 0) return;
        // At least 4 x 4 blocks (10 tiles on and above the diagonal) so that two or more threads stay busy.
        int bs = Math.Clamp(RoundUp((m + 3) / 4, 32), 32, NB);
        int t = (m + bs - 1) / bs;
        var pairs = new (int I, int J)[t * (t + 1) / 2];
        for (int i = 0, p = 0; i < t; i++) for (int j = i; j < t; j++) pairs[p++] = (i, j);
        fixed (float* pa = a, pc = c)
        {
            var (ap, cp) = ((nint)pa, (nint)pc);
            int al = a.Length, cl = c.Length;
            Parallel.For(0, pairs.Length, Parallelism.Options(), p =>
            {
                var aa = new ReadOnlySpan<float>((float*)ap, al);
                var cc = new Span<float>((float*)cp, cl);
                var (bi, bj) = pairs[p];
                int i0 = bi * bs, j0 = bj * bs, mi = Math.Min(bs, m - i0), nj = Math.Min(bs, m - j0);
                var packA = ArrayPool<float>.Shared.Rent(PackALength);
                var packB = ArrayPool<float>.Shared.Rent(PackBLength);
                try
                {
                    Block(width, aa.Slice(i0 * k), mi, aa.Slice(j0 * k), nj, k, cc.Slice(i0 * ldc + j0), ldc, packA, packB);
                    if (bi != bj)
                        for (int i = 0; i < mi; i++)
                            for (int j = 0; j < nj; j++) cc[(j0 + j) * ldc + i0 + i] = cc[(i0 + i) * ldc + j0 + j];
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(packA);
                    ArrayPool<float>.Shared.Return(packB);
                }
            });
        }
    }

    /// <summary>
    /// A bound γ on the relative error of one computed element: |fl(C[i,j]) - C[i,j]| ≤ γ · sum_k |A[i,k] B[j,k]|.
    /// Each element is an FMA chain of at most KC steps per slice plus one addition per further slice, so at most
    /// KC + ceil(k / KC) roundings of unit roundoff u = 2^-24: γ = n u / (1 - n u).
    /// </summary>
    public static double ErrorBound(int k)
    {
        double n = Math.Min(k, KC) + (k + KC - 1) / KC;
        double u = 1.0 / (1 << 24);
        return n * u / (1 - n * u);
    }

    private static void RunTiles(SimdWidth width, ReadOnlySpan<float> a, int m, ReadOnlySpan<float> b, int n, int k,
        Span<float> c, int ldc, int from, int to, int tn, int rowsPer, int colsPer)
    {
        var packA = ArrayPool<float>.Shared.Rent(PackALength);
        var packB = ArrayPool<float>.Shared.Rent(PackBLength);
        try
        {
            for (int t = from; t < to; t++)
            {
                int i0 = t / tn * rowsPer, j0 = t % tn * colsPer;
                int mi = Math.Min(rowsPer, m - i0), nj = Math.Min(colsPer, n - j0);
                Block(width, a.Slice(i0 * k), mi, b.Slice(j0 * k), nj, k, c.Slice(i0 * ldc + j0), ldc, packA, packB);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packA);
            ArrayPool<float>.Shared.Return(packB);
        }
    }

    private static int RoundUp(int v, int multiple) => (v + multiple - 1) / multiple * multiple;

    private static void Check(ReadOnlySpan<float> a, int m, ReadOnlySpan<float> b, int n, int k, Span<float> c, int ldc)
    {
        if (m < 0 || n < 0 || k < 0 || ldc < n) throw new ArgumentOutOfRangeException(nameof(ldc), $"m={m}, n={n}, k={k}, ldc={ldc}");
        if ((long)m * k > a.Length || (long)n * k > b.Length) throw new ArgumentException("A or B is shorter than its shape");
        if (m > 0 && (long)(m - 1) * ldc + n > c.Length) throw new ArgumentException("C is shorter than its shape");
    }
}
