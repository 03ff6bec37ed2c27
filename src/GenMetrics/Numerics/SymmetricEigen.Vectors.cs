namespace GenMetrics.Numerics;

internal static unsafe partial class SymmetricEigen
{
    /// <summary>
    /// The <paramref name="count"/> largest eigenvalues (descending) of the n x n symmetric matrix whose lower triangle
    /// is in <paramref name="a"/> (overwritten), with unit eigenvectors as rows of a count x n row-major array.
    /// </summary>
    /// <remarks>
    /// Householder tridiagonalisation (<see cref="TridiagonalizeBlocked"/>), all eigenvalues of T by QL, eigenvectors
    /// of T for the wanted ones by inverse iteration (LAPACK dstein's scheme: LU with partial pivoting, a fixed
    /// start vector, eigenvalues closer than 1e-3 ‖T‖₁ treated as a cluster, separated by 10 ε |λ| and
    /// orthogonalised by modified Gram–Schmidt), then back-transformed by the stored reflectors: O(n³) for the
    /// reduction and only O(count n²) beyond it, where a full QL with vectors costs about 6 n³ more.
    /// Each vector's sign makes its largest-magnitude component positive (deterministic; PCA's distances ignore it).
    /// </remarks>
    public static (double[] Values, double[] Vectors) Largest(Span<double> a, int n, int count, int maxThreads = -1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, n);
        var diag = new double[n];
        var off = new double[n];
        TridiagonalizeBlocked(a, n, diag, off, maxThreads);
        var values = (double[])diag.Clone();
        TridiagonalQl(values, (double[])off.Clone());
        Array.Sort(values);
        Array.Reverse(values);
        values = values[..count];

        var vectors = new double[(long)count * n];
        double norm = 0;
        for (int i = 0; i < n; i++)
            norm = Math.Max(norm, Math.Abs(diag[i]) + (i > 0 ? Math.Abs(off[i]) : 0) + (i + 1 < n ? Math.Abs(off[i + 1]) : 0));
        var solver = new TridiagonalInverseIteration(diag, off, norm);
        int clusterStart = 0;
        double previous = double.NaN;
        for (int j = 0; j < count; j++)
        {
            double lambda = values[j];
            if (j > 0 && previous - lambda > 1e-3 * norm) clusterStart = j;
            // Separate (nearly) equal eigenvalues so that the solves differ (dstein: pertol = 10 eps |lambda|).
            if (j > clusterStart)
            {
                double pertol = 10 * 2.220446049250313e-16 * Math.Abs(lambda);
                if (previous - lambda < pertol) lambda = previous - pertol;
            }
            solver.Solve(lambda, vectors.AsSpan(j * n, n), vectors.AsSpan(clusterStart * n, (j - clusterStart) * n));
            previous = lambda;
        }
        BackTransform(a, n, off, vectors, count);
        for (int j = 0; j < count; j++) Orient(vectors.AsSpan(j * n, n));
        return (values, vectors);
    }

    /// <summary>x = Q y = H_{n−1}(⋯(H_2 y)) for each row y of <paramref name="vectors"/>, H_i = I − v_i v_iᵀ / h_i.</summary>
    private static void BackTransform(ReadOnlySpan<double> a, int n, ReadOnlySpan<double> off, double[] vectors, int count)
    {
        var v = a.ToArray();   // the reflectors, read by the parallel rows below
        var offs = off.ToArray();
        Parallel.For(0, count, Parallelism.Options(), j =>
        {
            var y = vectors.AsSpan(j * n, n);
            for (int i = 2; i < n; i++)
            {
                var vi = v.AsSpan(i * n, i);
                double vl = vi[i - 1];
                if (vl == 0) continue;   // H_i = I
                double h = -offs[i] * vl;
                double s = DotF64.Dot(vi, y[..i]) / h;
                for (int r = 0; r < i; r++) y[r] -= s * vi[r];
            }
        });
    }

    private static void Orient(Span<double> x)
    {
        int at = 0;
        for (int i = 1; i < x.Length; i++) if (Math.Abs(x[i]) > Math.Abs(x[at])) at = i;
        if (x[at] < 0) foreach (ref double v in x) v = -v;
    }

    /// <summary>Eigenvectors of the tridiagonal (diag, off) by inverse iteration (see <see cref="Largest"/>).</summary>
    private sealed class TridiagonalInverseIteration(double[] diag, double[] off, double norm)
    {
        private const double Eps = 2.220446049250313e-16;
        private readonly int _n = diag.Length;
        private readonly double[] _d = new double[diag.Length], _u1 = new double[diag.Length], _u2 = new double[diag.Length], _l = new double[diag.Length];
        private readonly bool[] _swap = new bool[diag.Length];

        /// <summary>Writes the unit eigenvector for <paramref name="lambda"/> into <paramref name="x"/>, orthogonal to the rows of <paramref name="cluster"/>.</summary>
        public void Solve(double lambda, Span<double> x, ReadOnlySpan<double> cluster)
        {
            int n = _n;
            Factor(lambda);
            // A fixed start vector with no special structure (dstein draws uniform(-1, 1) from a fixed seed).
            var rng = new SplitMix64(0x5EED_0000_0000UL + (ulong)n);
            for (int i = 0; i < n; i++) x[i] = 2 * rng.NextDouble53() - 1;
            // Three solves: with λ accurate to ε‖T‖ the first already gives the vector to working accuracy; the
            // others (as dstein's two extra iterations) polish it and re-orthogonalise within a cluster.
            for (int iter = 0; iter < 3; iter++)
            {
                double nrm0 = Math.Sqrt(DotF64.Dot(x, x));
                if (!(nrm0 > 0) || !double.IsFinite(nrm0)) throw new InvalidOperationException("inverse iteration broke down");
                for (int i = 0; i < n; i++) x[i] /= nrm0;
                SolveFactored(x);
                for (int c = 0; c < cluster.Length / n; c++)
                {
                    var q = cluster.Slice(c * n, n);
                    double dot = DotF64.Dot(q, x);
                    for (int i = 0; i < n; i++) x[i] -= dot * q[i];
                }
            }
            double nrm = Math.Sqrt(DotF64.Dot(x, x));
            for (int i = 0; i < n; i++) x[i] /= nrm;
        }

        /// <summary>LU of T − λI with partial pivoting (dgttrf): U has two superdiagonals, L unit lower bidiagonal.</summary>
        private void Factor(double lambda)
        {
            int n = _n;
            for (int i = 0; i < n; i++)
            {
                _d[i] = diag[i] - lambda;
                _u1[i] = i + 1 < n ? off[i + 1] : 0;
                _u2[i] = 0;
            }
            for (int i = 0; i + 1 < n; i++)
            {
                double sub = off[i + 1];
                if (Math.Abs(_d[i]) >= Math.Abs(sub))
                {
                    _swap[i] = false;
                    double f = _d[i] == 0 ? 0 : sub / _d[i];
                    _l[i] = f;
                    _d[i + 1] -= f * _u1[i];
                }
                else
                {
                    _swap[i] = true;
                    double f = _d[i] / sub;
                    _l[i] = f;
                    _d[i] = sub;
                    double t = _u1[i];
                    _u1[i] = _d[i + 1];
                    _d[i + 1] = t - f * _d[i + 1];
                    if (i + 2 < n)
                    {
                        _u2[i] = _u1[i + 1];
                        _u1[i + 1] = -f * _u1[i + 1];
                    }
                }
            }
            // A zero pivot means λ is (numerically) exact: perturb it by ε‖T‖, as dlagts does.
            double tiny = Eps * Math.Max(norm, double.Epsilon);
            for (int i = 0; i < n; i++) if (Math.Abs(_d[i]) < tiny) _d[i] = _d[i] < 0 ? -tiny : tiny;
        }

        private void SolveFactored(Span<double> x)
        {
            int n = _n;
            for (int i = 0; i + 1 < n; i++)
            {
                if (_swap[i]) (x[i], x[i + 1]) = (x[i + 1], x[i]);
                x[i + 1] -= _l[i] * x[i];
            }
            for (int i = n - 1; i >= 0; i--)
            {
                double s = x[i];
                if (i + 1 < n) s -= _u1[i] * x[i + 1];
                if (i + 2 < n) s -= _u2[i] * x[i + 2];
                x[i] = s / _d[i];
            }
        }
    }
}
