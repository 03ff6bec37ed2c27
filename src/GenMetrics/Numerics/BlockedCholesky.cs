using System.Runtime.CompilerServices;
namespace GenMetrics.Numerics;

/// <summary>
/// Unpivoted right-looking blocked Cholesky S = L L^T of a positive definite matrix (row-major lower triangle):
/// per block of <see cref="BlockCols"/> columns, factor the diagonal block, solve the panel below it row by row,
/// and update the trailing lower triangle with one GEMM. Cholesky needs no pivoting for stability when S is
/// positive definite; it gives up (returns false) as soon as a pivot is at or below the rank tolerance, and the
/// caller then uses the rank-revealing <see cref="PivotedCholesky"/>.
/// </summary>
internal static unsafe class BlockedCholesky
{
    public const int BlockCols = 64;

    /// <summary>Tries L with S = L L^T; L (d x d row-major) is lower triangular with zeros above the diagonal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryFactor(ReadOnlySpan<double> s, int d, Span<double> l, double tol, int maxThreads = -1)
    {
        // Copy the lower triangle; the upper part is scratch until the end.
        for (int i = 0; i < d; i++) s.Slice(i * d, i + 1).CopyTo(l.Slice(i * d, i + 1));
        for (int j0 = 0; j0 < d; j0 += BlockCols)
        {
            int nb = Math.Min(BlockCols, d - j0);
            // Diagonal block, unblocked (its rows already carry all updates from earlier blocks).
            for (int j = j0; j < j0 + nb; j++)
            {
                var lj = l.Slice(j * d + j0, j - j0);
                double djj = l[j * d + j] - Dot(lj, lj);
                if (!(djj > tol)) return false;
                double ljj = Math.Sqrt(djj);
                l[j * d + j] = ljj;
                double inv = 1.0 / ljj;
                for (int i = j + 1; i < j0 + nb; i++)
                    l[i * d + j] = (l[i * d + j] - Dot(l.Slice(i * d + j0, j - j0), lj)) * inv;
            }
            int rest = d - j0 - nb;
            if (rest == 0) break;
            // Panel rows below: forward substitution with the diagonal block, each row on its own.
            fixed (double* pl = l)
            {
                nint L = (nint)pl;
                int jj = j0, nbb = nb;
                if ((long)rest * nb * nb >= 1 << 18 && maxThreads != 1)
                    Parallel.For(0, (rest + 63) / 64, Parallelism.Options(maxThreads), c =>
                        SolveRows((double*)L, d, jj, nbb, jj + nbb + c * 64, Math.Min(d, jj + nbb + (c + 1) * 64)));
                else
                    SolveRows(pl, d, j0, nb, j0 + nb, d);
                // Trailing lower triangle -= L21 L21^T: A(i, k) = L21[i, k], B(k, j) = L21[j, k].
                double* l21 = pl + (nint)(j0 + nb) * d + j0;
                GemmF64.Multiply(rest, rest, nb, -1.0, l21, d, 1, l21, 1, d, pl + (nint)(j0 + nb) * d + j0 + nb, d, TileMask.Lower, maxThreads);
            }
        }
        for (int i = 0; i < d; i++) l.Slice(i * d + i + 1, d - i - 1).Clear();
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SolveRows(double* l, int d, int j0, int nb, int i0, int i1)
    {
        for (int i = i0; i < i1; i++)
        {
            double* row = l + (nint)i * d + j0;
            for (int k = 0; k < nb; k++)
            {
                double* lk = l + (nint)(j0 + k) * d + j0;
                row[k] = (row[k] - Dot(new ReadOnlySpan<double>(row, k), new ReadOnlySpan<double>(lk, k))) / lk[k];
            }
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => DotF64.Dot(a, b);
}
