using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GenMetrics.Numerics;

/// <summary>
/// Eigenvalues of a real symmetric matrix: Householder reduction to tridiagonal form, then implicit QL with
/// Wilkinson shifts (values only; the EISPACK tql1 / Numerical Recipes tqli scheme).
/// </summary>
internal static unsafe partial class SymmetricEigen
{
    /// <summary>
    /// Eigenvalues (unsorted) of the n x n row-major symmetric matrix whose lower triangle is in <paramref name="a"/>;
    /// <paramref name="a"/> is overwritten.
    /// </summary>
    public static double[] Values(Span<double> a, int n, int maxThreads = -1)
    {
        var diag = new double[n];
        var off = new double[n];
        TridiagonalizeBlocked(a, n, diag, off, maxThreads);
        TridiagonalQl(diag, off);
        return diag;
    }

    /// <summary>
    /// Reduces the lower triangle of <paramref name="a"/> to tridiagonal T = Q^T A Q, bottom row first (as tred2),
    /// so that every Householder vector is a contiguous row prefix, and is left there: row i (i ≥ 2) holds v_i in
    /// a[i, 0..i) (zero when H_i = I), with H_i = I − v v^T / h and h = −off[i] v_i[i − 1].
    /// diag[i] = T[i, i]; off[i] = T[i, i - 1], off[0] = 0.
    /// </summary>
    public static void Tridiagonalize(Span<double> a, int n, Span<double> diag, Span<double> off, int maxThreads = -1)
    {
        off.Clear();
        TridiagonalizeLeading(a, n, n, diag, off);
    }

    /// <summary>The unblocked reduction of the leading <paramref name="order"/> rows (row stride n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TridiagonalizeLeading(Span<double> a, int n, int order, Span<double> diag, Span<double> off)
    {
        if (order == 0) return;
        var v = new double[order];
        var p = new double[order];
        for (int i = order - 1; i >= 2; i--)
        {
            int l = i - 1;
            var x = a.Slice(i * n, i);
            double xl = x[l];
            double sigma = DotF64.Dot(x[..l], x[..l]);
            if (sigma == 0)
            {
                off[i] = xl;
                diag[i] = a[i * n + i];
                x.Clear();   // H = I, stored as a zero vector (as ReducePanel does)
                continue;
            }
            double alpha = -Math.CopySign(Math.Sqrt(sigma + xl * xl), xl);
            double h = alpha * alpha - alpha * xl;
            x[..l].CopyTo(v);
            v[l] = x[l] = xl - alpha;   // the row prefix keeps the Householder vector (SymmetricEigen.Vectors.cs reads it)
            SymvLower(a, n, i, v, p);
            double invH = 1.0 / h;
            for (int r = 0; r < i; r++) p[r] *= invH;
            double k = DotF64.Dot(v.AsSpan(0, i), p.AsSpan(0, i)) * (0.5 * invH);
            // q = p - K v, stored in p
            for (int r = 0; r < i; r++) p[r] -= k * v[r];
            Rank2Lower(a, n, i, v, p);
            off[i] = alpha;
            diag[i] = a[i * n + i];
        }
        if (order >= 2)
        {
            off[1] = a[n];
            diag[1] = a[n + 1];
        }
        diag[0] = a[0];
    }

    /// <summary>Orders from which <see cref="SymvLower"/> splits its rows over two tasks.</summary>
    private const int SymvParallelThreshold = 384;

    /// <summary>
    /// p[0..m) = A v for the leading m x m block, reading only its lower triangle. Large blocks are split at a fixed
    /// row (balancing the triangle's area) into two parts with their own accumulators, summed in order afterwards,
    /// so the result never depends on the thread count.
    /// </summary>
    private static unsafe void SymvLower(Span<double> a, int n, int m, ReadOnlySpan<double> v, Span<double> p)
    {
        if (m < SymvParallelThreshold || Environment.ProcessorCount < 2)
        {
            SymvRows(a, n, 0, m, v, p);
            return;
        }
        int split = (int)(m * 0.7071067811865476) & ~7;
        var p1 = ArrayPool<double>.Shared.Rent(m);
        try
        {
            fixed (double* pa = a, pv = v, pp = p, pq = p1)
            {
                nint A = (nint)pa, V = (nint)pv, P = (nint)pp, Q = (nint)pq;
                int len = a.Length;
                Parallel.Invoke(Parallelism.Options(),
                    () => SymvRows(new Span<double>((double*)A, len), n, 0, split, new ReadOnlySpan<double>((double*)V, m), new Span<double>((double*)P, m)),
                    () => SymvRows(new Span<double>((double*)A, len), n, split, m, new ReadOnlySpan<double>((double*)V, m), new Span<double>((double*)Q, m)));
            }
            AddParts(p[..m], p1.AsSpan(0, m), split);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(p1);
        }
    }

    /// <summary>p = p + q, where p holds nothing at and beyond <paramref name="split"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddParts(Span<double> p, ReadOnlySpan<double> q, int split)
    {
        for (int j = 0; j < split; j++) p[j] += q[j];
        for (int j = split; j < p.Length; j++) p[j] = q[j];
    }

    /// <summary>Contributions of rows [r0, r1) of the lower triangle to p = A v; clears p[0..r1) first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SymvRows(Span<double> a, int n, int r0, int r1, ReadOnlySpan<double> v, Span<double> p)
    {
        p[..r1].Clear();
        ref double vr = ref MemoryMarshal.GetReference(v);
        ref double pr = ref MemoryMarshal.GetReference(p);
        int r = r0;
        for (; r + 4 <= r1; r += 4)
            SymvFourRows(ref Unsafe.Add(ref MemoryMarshal.GetReference(a), r * n), n, r, ref vr, ref pr);
        for (; r < r1; r++)
        {
            ref double row = ref Unsafe.Add(ref MemoryMarshal.GetReference(a), r * n);
            double vrr = Unsafe.Add(ref vr, r);
            double dot = DotAxpy(ref row, ref vr, ref pr, vrr, r);
            Unsafe.Add(ref pr, r) += dot + Unsafe.Add(ref row, r) * vrr;
        }
    }

    /// <summary>
    /// Rows r..r+3 of the lower triangle at once: the shared prefix j &lt; r loads v and updates p once for four rows
    /// (half the load/store traffic of one row at a time), then the 4 x 4 corner in scalar code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SymvFourRows(ref double row0, int n, int r, ref double v, ref double p)
    {
        ref double row1 = ref Unsafe.Add(ref row0, n);
        ref double row2 = ref Unsafe.Add(ref row0, 2 * n);
        ref double row3 = ref Unsafe.Add(ref row0, 3 * n);
        double v0 = Unsafe.Add(ref v, r), v1 = Unsafe.Add(ref v, r + 1), v2 = Unsafe.Add(ref v, r + 2), v3 = Unsafe.Add(ref v, r + 3);
        var s0 = Vector512.Create(v0);
        var s1 = Vector512.Create(v1);
        var s2 = Vector512.Create(v2);
        var s3 = Vector512.Create(v3);
        var a0 = Vector512<double>.Zero;
        var a1 = Vector512<double>.Zero;
        var a2 = Vector512<double>.Zero;
        var a3 = Vector512<double>.Zero;
        nuint j = 0, c = (nuint)r;
        for (; j + 8 <= c; j += 8)
        {
            var vj = Vector512.LoadUnsafe(ref v, j);
            var x0 = Vector512.LoadUnsafe(ref row0, j);
            var x1 = Vector512.LoadUnsafe(ref row1, j);
            var x2 = Vector512.LoadUnsafe(ref row2, j);
            var x3 = Vector512.LoadUnsafe(ref row3, j);
            a0 = Vector512.FusedMultiplyAdd(x0, vj, a0);
            a1 = Vector512.FusedMultiplyAdd(x1, vj, a1);
            a2 = Vector512.FusedMultiplyAdd(x2, vj, a2);
            a3 = Vector512.FusedMultiplyAdd(x3, vj, a3);
            var pj = Vector512.FusedMultiplyAdd(x0, s0, Vector512.LoadUnsafe(ref p, j));
            pj = Vector512.FusedMultiplyAdd(x1, s1, pj);
            pj = Vector512.FusedMultiplyAdd(x2, s2, pj);
            Vector512.FusedMultiplyAdd(x3, s3, pj).StoreUnsafe(ref p, j);
        }
        double d0 = Vector512.Sum(a0), d1 = Vector512.Sum(a1), d2 = Vector512.Sum(a2), d3 = Vector512.Sum(a3);
        for (; j < c; j++)
        {
            double vj = Unsafe.Add(ref v, j);
            double x0 = Unsafe.Add(ref row0, j), x1 = Unsafe.Add(ref row1, j), x2 = Unsafe.Add(ref row2, j), x3 = Unsafe.Add(ref row3, j);
            d0 += x0 * vj;
            d1 += x1 * vj;
            d2 += x2 * vj;
            d3 += x3 * vj;
            Unsafe.Add(ref p, j) += x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3;
        }
        // Corner: row r+t holds columns r..r+t (its diagonal last).
        nuint u = (nuint)r;
        ref double p0 = ref Unsafe.Add(ref p, u);
        ref double p1 = ref Unsafe.Add(ref p, u + 1);
        ref double p2 = ref Unsafe.Add(ref p, u + 2);
        ref double p3 = ref Unsafe.Add(ref p, u + 3);
        double e10 = Unsafe.Add(ref row1, u);
        double e20 = Unsafe.Add(ref row2, u), e21 = Unsafe.Add(ref row2, u + 1);
        double e30 = Unsafe.Add(ref row3, u), e31 = Unsafe.Add(ref row3, u + 1), e32 = Unsafe.Add(ref row3, u + 2);
        p0 += d0 + Unsafe.Add(ref row0, u) * v0 + e10 * v1 + e20 * v2 + e30 * v3;
        p1 += d1 + e10 * v0 + Unsafe.Add(ref row1, u + 1) * v1 + e21 * v2 + e31 * v3;
        p2 += d2 + e20 * v0 + e21 * v1 + Unsafe.Add(ref row2, u + 2) * v2 + e32 * v3;
        p3 += d3 + e30 * v0 + e31 * v1 + e32 * v2 + Unsafe.Add(ref row3, u + 3) * v3;
    }

    /// <summary>Returns sum row[j] v[j] and does p[j] += s row[j], for j &lt; count, in one pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double DotAxpy(ref double row, ref double v, ref double p, double s, int count)
    {
        nuint j = 0, c = (nuint)count;
        var acc = Vector512<double>.Zero;
        var sv = Vector512.Create(s);
        for (; j + 8 <= c; j += 8)
        {
            var rw = Vector512.LoadUnsafe(ref row, j);
            acc = Vector512.FusedMultiplyAdd(rw, Vector512.LoadUnsafe(ref v, j), acc);
            Vector512.FusedMultiplyAdd(rw, sv, Vector512.LoadUnsafe(ref p, j)).StoreUnsafe(ref p, j);
        }
        double d = Vector512.Sum(acc);
        for (; j < c; j++)
        {
            double rw = Unsafe.Add(ref row, j);
            d += rw * Unsafe.Add(ref v, j);
            Unsafe.Add(ref p, j) += rw * s;
        }
        return d;
    }

    /// <summary>A -= v q^T + q v^T on the lower triangle of the leading m x m block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rank2Lower(Span<double> a, int n, int m, ReadOnlySpan<double> v, ReadOnlySpan<double> q)
    {
        ref double vr = ref MemoryMarshal.GetReference(v);
        ref double qr = ref MemoryMarshal.GetReference(q);
        for (int r = 0; r < m; r++)
        {
            ref double row = ref Unsafe.Add(ref MemoryMarshal.GetReference(a), r * n);
            Rank2Row(ref row, ref vr, ref qr, -Unsafe.Add(ref vr, r), -Unsafe.Add(ref qr, r), r + 1);
        }
    }

    /// <summary>row[j] += a q[j] + b v[j] for j &lt; count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rank2Row(ref double row, ref double v, ref double q, double a, double b, int count)
    {
        nuint j = 0, c = (nuint)count;
        var av = Vector512.Create(a);
        var bv = Vector512.Create(b);
        for (; j + 8 <= c; j += 8)
        {
            var x = Vector512.FusedMultiplyAdd(av, Vector512.LoadUnsafe(ref q, j), Vector512.LoadUnsafe(ref row, j));
            Vector512.FusedMultiplyAdd(bv, Vector512.LoadUnsafe(ref v, j), x).StoreUnsafe(ref row, j);
        }
        for (; j < c; j++)
            Unsafe.Add(ref row, j) = Math.FusedMultiplyAdd(b, Unsafe.Add(ref v, j), Math.FusedMultiplyAdd(a, Unsafe.Add(ref q, j), Unsafe.Add(ref row, j)));
    }

    /// <summary>
    /// Eigenvalues of the symmetric tridiagonal matrix (diag, off), off[i] = T[i, i - 1]: implicit QL with Wilkinson
    /// shifts, values only. Overwrites diag with the eigenvalues and destroys off.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TridiagonalQl(Span<double> d, Span<double> off)
    {
        int n = d.Length;
        if (n <= 1) return;
        var e = new double[n];
        for (int i = 1; i < n; i++) e[i - 1] = off[i];
        e[n - 1] = 0;
        const double eps = 2.220446049250313e-16;
        for (int l = 0; l < n; l++)
        {
            int iter = 0;
            while (true)
            {
                int m;
                for (m = l; m < n - 1; m++)
                {
                    double dd = Math.Abs(d[m]) + Math.Abs(d[m + 1]);
                    if (Math.Abs(e[m]) <= eps * dd) break;
                }
                if (m == l) break;
                if (++iter > 60) throw new InvalidOperationException("tridiagonal QL did not converge");
                double g = (d[l + 1] - d[l]) / (2.0 * e[l]);
                double r = Hypot(g, 1.0);
                g = d[m] - d[l] + e[l] / (g + Math.CopySign(r, g));
                double s = 1, c = 1, p = 0;
                int i;
                bool deflated = false;
                for (i = m - 1; i >= l; i--)
                {
                    double f = s * e[i], b = c * e[i];
                    e[i + 1] = r = Hypot(f, g);
                    if (r == 0)
                    {
                        d[i + 1] -= p;
                        e[m] = 0;
                        deflated = true;
                        break;
                    }
                    s = f / r;
                    c = g / r;
                    g = d[i + 1] - p;
                    r = (d[i] - g) * s + 2.0 * c * b;
                    p = s * r;
                    d[i + 1] = g + p;
                    g = c * r - b;
                }
                if (deflated) continue;
                d[l] -= p;
                e[l] = g;
                e[m] = 0;
            }
        }
    }

    private static double Hypot(double a, double b)
    {
        a = Math.Abs(a);
        b = Math.Abs(b);
        if (a < b) (a, b) = (b, a);
        if (a == 0) return 0;
        double t = b / a;
        return a * Math.Sqrt(1 + t * t);
    }
}
