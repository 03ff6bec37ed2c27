using System.Runtime.CompilerServices;

namespace GenMetrics.Numerics;

/// <summary>
/// Rank-revealing Cholesky with diagonal pivoting of a symmetric positive semi-definite matrix:
/// P^T S P = L L^T with L lower trapezoidal (n x rank), as LAPACK dpstrf, stopping when the largest remaining
/// Schur-complement diagonal falls to <c>n * eps * max(diag S)</c> or below.
/// </summary>
/// <remarks>
/// A positive definite matrix (N &gt; d) is first handed to the unpivoted <see cref="BlockedCholesky"/> (mostly GEMM;
/// Cholesky needs no pivoting for stability there). If a pivot reaches the tolerance, the factorisation restarts
/// here, left-looking by columns with diagonal pivoting: column j is the original column at the pivot minus
/// row-times-row dot products with the columns already computed, so rows are contiguous in the row-major L and the
/// input is never modified. The discarded Schur complement is PSD and no larger than the tolerance on its diagonal,
/// which bounds the error it leaves in S to about n * eps * ||S||.
/// </remarks>
internal static unsafe partial class PivotedCholesky
{
    /// <summary>Factors the d x d row-major matrix <paramref name="s"/>.</summary>
    /// <param name="s">The matrix (only its lower triangle is read).</param>
    /// <param name="d">Its order.</param>
    /// <param name="l">Receives L: d x d row-major, rows in pivot order; columns at and beyond the rank are zero.</param>
    /// <param name="perm">Receives the pivot order: row i of L belongs to row perm[i] of S.</param>
    /// <param name="maxThreads">1 forces one thread; the result does not depend on it.</param>
    /// <param name="knownSingular">The caller knows S is singular (N &lt;= d samples): skip the unpivoted attempt.</param>
    /// <returns>The numerical rank.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Factor(ReadOnlySpan<double> s, int d, Span<double> l, Span<int> perm, int maxThreads = -1, bool knownSingular = false)
    {
        l[..(d * d)].Clear();
        var diag = new double[d];
        double maxDiag = 0;
        for (int i = 0; i < d; i++)
        {
            perm[i] = i;
            diag[i] = s[i * d + i];
            maxDiag = Math.Max(maxDiag, diag[i]);
        }
        if (!(maxDiag > 0)) return 0;
        double tol = d * Math.ScaleB(1.0, -52) * maxDiag;
        // Positive definite (N > d): the unpivoted blocked factorisation, mostly GEMM; otherwise pivot column by column.
        if (!knownSingular && d >= BlockedCholesky.BlockCols && BlockedCholesky.TryFactor(s, d, l, tol, maxThreads)) return d;
        if (d >= PivotBlockedThreshold) return FactorBlocked(s, d, l, perm, tol, maxThreads);
        l[..(d * d)].Clear();
        for (int j = 0; j < d; j++)
        {
            int p = j;
            for (int i = j + 1; i < d; i++) if (diag[i] > diag[p]) p = i;
            if (!(diag[p] > tol)) return j;
            if (p != j)
            {
                (perm[j], perm[p]) = (perm[p], perm[j]);
                (diag[j], diag[p]) = (diag[p], diag[j]);
                Swap(l, j * d, p * d, j);
            }
            double ljj = Math.Sqrt(diag[j]);
            l[j * d + j] = ljj;
            if ((long)(d - j) * j < ParallelWork || Environment.ProcessorCount < 2 || maxThreads == 1)
            {
                Column(s, d, l, perm, diag, j, j + 1, d);
                continue;
            }
            // Rows are independent: split them in two fixed halves (each element's arithmetic is unchanged).
            int mid = j + 1 + (d - j - 1) / 2, jj = j;
            fixed (double* ps = s, pl = l, pd = diag)
            fixed (int* pp = perm)
            {
                nint S = (nint)ps, L = (nint)pl, D = (nint)pd, P = (nint)pp;
                int sl = s.Length, ll = l.Length;
                Parallel.Invoke(Parallelism.Options(),
                    () => Column(new ReadOnlySpan<double>((void*)S, sl), d, new Span<double>((void*)L, ll), new Span<int>((void*)P, d), new Span<double>((void*)D, d), jj, jj + 1, mid),
                    () => Column(new ReadOnlySpan<double>((void*)S, sl), d, new Span<double>((void*)L, ll), new Span<int>((void*)P, d), new Span<double>((void*)D, d), jj, mid, d));
            }
        }
        return d;
    }

    /// <summary>Below this many multiply-adds a column is computed on the calling thread.</summary>
    private const long ParallelWork = 1L << 16;

    /// <summary>L[i, j] for rows i in [i0, i1), and the matching update of the remaining diagonal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Column(ReadOnlySpan<double> s, int d, Span<double> l, Span<int> perm, Span<double> diag, int j, int i0, int i1)
    {
        double inv = 1.0 / l[j * d + j];
        int pj = perm[j];
        var lj = l.Slice(j * d, j);
        for (int i = i0; i < i1; i++)
        {
            double v = (Lower(s, d, perm[i], pj) - DotF64.Dot(l.Slice(i * d, j), lj)) * inv;
            l[i * d + j] = v;
            diag[i] -= v * v;
        }
    }

    private static double Lower(ReadOnlySpan<double> s, int d, int i, int j) => i >= j ? s[i * d + j] : s[j * d + i];

    private static void Swap(Span<double> l, int a, int b, int count)
    {
        for (int k = 0; k < count; k++) (l[a + k], l[b + k]) = (l[b + k], l[a + k]);
    }
}
