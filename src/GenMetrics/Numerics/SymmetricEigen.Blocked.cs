using System.Runtime.CompilerServices;
using System.Buffers;
using System.Runtime.InteropServices;

namespace GenMetrics.Numerics;

internal static unsafe partial class SymmetricEigen
{
    /// <summary>Rows reduced per panel before the trailing rank-2k update.</summary>
    public const int PanelRows = 32;

    /// <summary>Orders up to this are reduced unblocked.</summary>
    public const int BlockedThreshold = 128;

    /// <summary>
    /// The same reduction as <see cref="Tridiagonalize"/>, blocked as LAPACK dsytrd/dlatrd (UPLO = 'U': our row-major
    /// lower triangle is its column-major upper one): a panel of <see cref="PanelRows"/> rows is reduced with the
    /// leading block left stale, each new Householder vector's W = A v corrected by the panel's pending
    /// V W^T + W V^T, and the leading block then updated at once by one GEMM of inner dimension 2 x PanelRows.
    /// Half the flops move from rank-2 updates (read and write the matrix every row) into GEMM.
    /// </summary>
    public static void TridiagonalizeBlocked(Span<double> a, int n, Span<double> diag, Span<double> off, int maxThreads = -1)
    {
        off.Clear();
        const int nb = PanelRows;
        int order = n;
        if (order > BlockedThreshold)
        {
            var w = ArrayPool<double>.Shared.Rent(nb * n);
            var vw = ArrayPool<double>.Shared.Rent(2 * nb * n);
            var wv = ArrayPool<double>.Shared.Rent(2 * nb * n);
            var ts = new double[2 * nb];
            try
            {
                while (order > BlockedThreshold)
                {
                    ReducePanel(a, n, order, w, diag, off, ts);
                    int m = order - nb;
                    for (int k = 0; k < nb; k++)
                    {
                        var vk = a.Slice((order - 1 - k) * n, m);
                        var wk = w.AsSpan(k * n, m);
                        vk.CopyTo(vw.AsSpan(k * m, m));
                        wk.CopyTo(vw.AsSpan((nb + k) * m, m));
                        wk.CopyTo(wv.AsSpan(k * m, m));
                        vk.CopyTo(wv.AsSpan((nb + k) * m, m));
                    }
                    // Leading m x m block (lower) -= V W^T + W V^T: A(i, k) = vw[k, i], B(k, j) = wv[k, j].
                    GemmF64.Multiply(m, m, 2 * nb, -1.0, vw, 1, m, wv, m, 1, a, n, TileMask.Lower, maxThreads);
                    order = m;
                }
            }
            finally
            {
                ArrayPool<double>.Shared.Return(w);
                ArrayPool<double>.Shared.Return(vw);
                ArrayPool<double>.Shared.Return(wv);
            }
        }
        TridiagonalizeLeading(a, n, order, diag, off);
    }

    /// <summary>
    /// Reduces rows order-1 down to order-PanelRows. Row i = order-1-k keeps its Householder vector v_k in its prefix
    /// a[i, 0..i); w receives W_k (row k) = q of the unblocked step, both zero beyond index i - 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReducePanel(Span<double> a, int n, int order, Span<double> w, Span<double> diag, Span<double> off, double[] ts)
    {
        const int nb = PanelRows;
        for (int k = 0; k < nb; k++)
        {
            int i = order - 1 - k;
            ref double row = ref MemoryMarshal.GetReference(a.Slice(i * n));
            // Row i (up to its diagonal) receives the updates of the panel rows reduced before it.
            for (int k2 = 0; k2 < k; k2++)
            {
                var v2 = a.Slice((order - 1 - k2) * n, i + 1);
                var w2 = w.Slice(k2 * n, i + 1);
                Rank2Row(ref row, ref MemoryMarshal.GetReference(v2), ref MemoryMarshal.GetReference(w2), -v2[i], -w2[i], i + 1);
            }
            diag[i] = a[i * n + i];
            var x = a.Slice(i * n, i);
            var wk = w.Slice(k * n, n);
            wk.Clear();
            int l = i - 1;
            double xl = x[l];
            double sigma = DotF64.Dot(x[..l], x[..l]);
            if (sigma == 0)
            {
                off[i] = xl;
                x.Clear();   // H = I: a zero vector adds nothing to later updates
                continue;
            }
            double alpha = -Math.CopySign(Math.Sqrt(sigma + xl * xl), xl);
            double h = alpha * alpha - alpha * xl;
            x[l] = xl - alpha;
            off[i] = alpha;
            var p = wk[..i];
            SymvLower(a, n, i, x, p);
            // p -= V (W^T v) + W (V^T v) over the panel rows reduced so far.
            for (int k2 = 0; k2 < k; k2++)
            {
                ts[k2] = DotF64.Dot(w.Slice(k2 * n, i), x);
                ts[nb + k2] = DotF64.Dot(a.Slice((order - 1 - k2) * n, i), x);
            }
            ref double pr = ref MemoryMarshal.GetReference(p);
            for (int k2 = 0; k2 < k; k2++)
                Rank2Row(ref pr, ref MemoryMarshal.GetReference(w.Slice(k2 * n)), ref MemoryMarshal.GetReference(a.Slice((order - 1 - k2) * n)),
                    -ts[k2], -ts[nb + k2], i);
            double invH = 1.0 / h;
            for (int r = 0; r < i; r++) p[r] *= invH;
            double kk = DotF64.Dot(x, p) * (0.5 * invH);
            for (int r = 0; r < i; r++) p[r] -= kk * x[r];
        }
    }
}
