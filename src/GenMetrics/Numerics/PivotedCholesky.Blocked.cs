using System.Buffers;
using System.Runtime.CompilerServices;

namespace GenMetrics.Numerics;

internal static unsafe partial class PivotedCholesky
{
    /// <summary>Columns per block of the right-looking pivoted factorisation.</summary>
    public const int PivotBlock = 64;

    /// <summary>Orders from which the blocked pivoted factorisation is used.</summary>
    public const int PivotBlockedThreshold = 128;

    /// <summary>
    /// Right-looking blocked pivoted Cholesky (as LAPACK dpstrf): a full symmetric working copy W; per block of
    /// <see cref="PivotBlock"/> columns, pivots are chosen from the running Schur-complement diagonal, rows and
    /// columns of W swapped symmetrically, each column formed from W's row (already updated for all earlier blocks)
    /// minus short dots over the block; then the trailing W -= L21 L21^T in one GEMM. GEMM computes C[i, j] and
    /// C[j, i] from the same products in the same order, so W stays exactly symmetric.
    /// Same contract as <see cref="Factor"/>; returns the rank.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int FactorBlocked(ReadOnlySpan<double> s, int d, Span<double> l, Span<int> perm, double tol, int maxThreads = -1)
    {
        l[..(d * d)].Clear();
        var wArr = ArrayPool<double>.Shared.Rent(d * d);
        try
        {
            var w = wArr.AsSpan(0, d * d);
            for (int i = 0; i < d; i++)
            {
                perm[i] = i;
                for (int j = 0; j <= i; j++) w[i * d + j] = w[j * d + i] = s[i * d + j];
            }
            var diag = new double[d];
            for (int j0 = 0; j0 < d; j0 += PivotBlock)
            {
                int j1 = Math.Min(d, j0 + PivotBlock);
                for (int i = j0; i < d; i++) diag[i] = w[i * d + i];
                for (int j = j0; j < j1; j++)
                {
                    int p = j;
                    for (int i = j + 1; i < d; i++) if (diag[i] > diag[p]) p = i;
                    if (!(diag[p] > tol)) return j;
                    if (p != j)
                    {
                        (perm[j], perm[p]) = (perm[p], perm[j]);
                        (diag[j], diag[p]) = (diag[p], diag[j]);
                        Swap(l, j * d, p * d, j);
                        Swap(w, j * d, p * d, d);
                        for (int i = j; i < d; i++) (w[i * d + j], w[i * d + p]) = (w[i * d + p], w[i * d + j]);
                    }
                    double ljj = Math.Sqrt(diag[j]);
                    l[j * d + j] = ljj;
                    double inv = 1.0 / ljj;
                    var lj = l.Slice(j * d + j0, j - j0);
                    var wj = w.Slice(j * d, d);
                    for (int i = j + 1; i < d; i++)
                    {
                        double v = (wj[i] - DotF64.Dot(l.Slice(i * d + j0, j - j0), lj)) * inv;
                        l[i * d + j] = v;
                        diag[i] -= v * v;
                    }
                }
                int rest = d - j1;
                if (rest == 0) break;
                fixed (double* pl = l, pw = w)
                {
                    double* a = pl + (nint)j1 * d + j0;
                    GemmF64.Multiply(rest, rest, j1 - j0, -1.0, a, d, 1, a, 1, d, pw + (nint)j1 * d + j1, d, TileMask.Full, maxThreads);
                }
            }
            return d;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(wArr);
        }
    }
}
