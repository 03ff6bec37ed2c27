namespace GenMetrics.Tests.Numerics;

/// <summary>Slow, plain float64 references for the numeric kernels (no SIMD, no blocking).</summary>
internal static class ReferenceNumerics
{
    /// <summary>Cyclic Jacobi eigen-decomposition of a symmetric matrix: eigenvalues and eigenvectors (columns of V).</summary>
    public static (double[] Values, double[,] Vectors) Jacobi(double[,] s)
    {
        int n = s.GetLength(0);
        var a = (double[,])s.Clone();
        var v = new double[n, n];
        for (int i = 0; i < n; i++) v[i, i] = 1;
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, total = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    total += a[i, j] * a[i, j];
                    if (i != j) off += a[i, j] * a[i, j];
                }
            if (off <= 1e-30 * total || off == 0) break;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++)
                {
                    if (a[p, q] == 0) continue;
                    double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.Sqrt(t * t + 1), sn = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - sn * akq;
                        a[k, q] = sn * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - sn * aqk;
                        a[q, k] = sn * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = c * vkp - sn * vkq;
                        v[k, q] = sn * vkp + c * vkq;
                    }
                }
        }
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = a[i, i];
        return (values, v);
    }

    /// <summary>tr sqrt(S1 S2) = sum sqrt(eig(S1^1/2 S2 S1^1/2)), S1^1/2 from Jacobi.</summary>
    public static double TraceSqrtProduct(double[,] s1, double[,] s2)
    {
        int n = s1.GetLength(0);
        var (w, v) = Jacobi(s1);
        var r = new double[n, n];   // S1^1/2 = V diag(sqrt w) V^T
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k < n; k++) s += v[i, k] * Math.Sqrt(Math.Max(w[k], 0)) * v[j, k];
                r[i, j] = s;
            }
        var m = Mul(Mul(r, s2), r);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) m[i, j] = m[j, i] = 0.5 * (m[i, j] + m[j, i]);
        double t = 0;
        foreach (var x in Jacobi(m).Values) t += Math.Sqrt(Math.Max(x, 0));
        return t;
    }

    /// <summary>
    /// tr sqrt(S1 S2) for S1 = G1 G1^T / k1, S2 = G2 G2^T / k2 from the factors: the sum of singular values of
    /// G1^T G2 / sqrt(k1 k2), as square roots of the eigenvalues of the smaller Gram matrix. Accurate also when
    /// S1, S2 are singular, provided min(k1, k2) &lt;= n (so that Gram matrix has full rank).
    /// </summary>
    public static double TraceSqrtProductFromFactors(double[,] g1, double[,] g2)
    {
        int k1 = g1.GetLength(1), k2 = g2.GetLength(1);
        var c = Mul(Transpose(g1), g2);
        var gram = k1 <= k2 ? Mul(c, Transpose(c)) : Mul(Transpose(c), c);
        double t = 0;
        foreach (var x in Jacobi(gram).Values) t += Math.Sqrt(Math.Max(x, 0));
        return t / Math.Sqrt((double)k1 * k2);
    }

    public static double[,] Transpose(double[,] a)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        var t = new double[n, m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) t[j, i] = a[i, j];
        return t;
    }

    public static double[,] Mul(double[,] a, double[,] b)
    {
        int m = a.GetLength(0), k = a.GetLength(1), n = b.GetLength(1);
        var c = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i, p] * b[p, j];
                c[i, j] = s;
            }
        return c;
    }

    /// <summary>Two-pass float64 mean and covariance with divisor N - ddof.</summary>
    public static (double[] Mean, double[,] Cov) Covariance(FeatureMatrix x, int ddof)
    {
        int n = x.Rows, d = x.Columns;
        var mean = new double[d];
        for (int i = 0; i < n; i++)
        {
            var r = x.Row(i);
            for (int j = 0; j < d; j++) mean[j] += r[j];
        }
        for (int j = 0; j < d; j++) mean[j] /= n;
        var cov = new double[d, d];
        var c = new double[d];
        for (int i = 0; i < n; i++)
        {
            var r = x.Row(i);
            for (int j = 0; j < d; j++) c[j] = r[j] - mean[j];
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) cov[a, b] += c[a] * c[b];
        }
        for (int a = 0; a < d; a++)
            for (int b = 0; b < d; b++) cov[a, b] /= n - ddof;
        return (mean, cov);
    }

    public static double[,] ToSquare(double[] flat, int n)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) m[i, j] = flat[i * n + j];
        return m;
    }

    public static double[] Flatten(double[,] m)
    {
        int r = m.GetLength(0), c = m.GetLength(1);
        var f = new double[r * c];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++) f[i * c + j] = m[i, j];
        return f;
    }

    /// <summary>A random symmetric matrix with entries in [-1, 1).</summary>
    public static double[,] RandomSymmetric(Random rng, int n)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) m[i, j] = m[j, i] = 2 * rng.NextDouble() - 1;
        return m;
    }

    /// <summary>A random PSD matrix G G^T / k of rank min(n, k).</summary>
    public static double[,] RandomPsd(Random rng, int n, int k) => Psd(RandomFactor(rng, n, k));

    /// <summary>A random n x k matrix with entries in [-1, 1).</summary>
    public static double[,] RandomFactor(Random rng, int n, int k)
    {
        var g = new double[n, k];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++) g[i, j] = 2 * rng.NextDouble() - 1;
        return g;
    }

    /// <summary>G G^T / k.</summary>
    public static double[,] Psd(double[,] g)
    {
        int n = g.GetLength(0), k = g.GetLength(1);
        var s = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double t = 0;
                for (int p = 0; p < k; p++) t += g[i, p] * g[j, p];
                s[i, j] = t / k;
            }
        return s;
    }

    public static double MaxAbs(double[,] m)
    {
        double x = 0;
        foreach (var v in m) x = Math.Max(x, Math.Abs(v));
        return x;
    }
}
