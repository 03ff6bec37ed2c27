using GenMetrics.Numerics;

namespace GenMetrics.Tests.Numerics;

/// <summary>Leading eigenpairs by tridiagonalisation, inverse iteration and back-transformation: residuals,
/// orthonormality and agreement with the eigenvalues-only path, unblocked and blocked, with repeated eigenvalues.</summary>
public class SymmetricEigenVectorsTests
{
    public static TheoryData<int, int, bool> Cases() => new()
    {
        { 1, 1, false }, { 2, 2, false }, { 5, 3, false }, { 50, 50, false }, { 130, 64, false }, { 300, 64, false },
        { 40, 40, true }, { 200, 64, true },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Leading_pairs_are_accurate(int n, int count, bool repeated)
    {
        var a = Matrix(n, repeated, seed: n + count);
        var (values, vectors) = SymmetricEigen.Largest((double[])a.Clone(), n, count);
        var all = SymmetricEigen.Values((double[])a.Clone(), n);
        Array.Sort(all);
        Array.Reverse(all);
        double norm = all.Max(Math.Abs);
        for (int j = 0; j < count; j++)
        {
            Assert.True(Math.Abs(values[j] - all[j]) <= 1e-12 * norm, $"value {j}");
            var v = vectors.AsSpan(j * n, n);
            for (int r = 0; r < n; r++)
            {
                double av = 0;
                for (int c = 0; c < n; c++) av += a[r * n + c] * v[c];
                Assert.True(Math.Abs(av - values[j] * v[r]) <= 1e-11 * norm, $"residual of vector {j}, row {r}: {av - values[j] * v[r]:E2}");
            }
            for (int i = 0; i <= j; i++)
            {
                double dot = DotF64.Dot(vectors.AsSpan(i * n, n), v);
                Assert.True(Math.Abs(dot - (i == j ? 1 : 0)) <= 1e-11, $"<v{i}, v{j}> = {dot:E3}");
            }
        }
    }

    /// <summary>A random symmetric matrix (full, row-major), or Q diag(λ) Qᵀ with λ repeated in blocks of four.</summary>
    private static double[] Matrix(int n, bool repeated, int seed)
    {
        var rng = new Random(seed);
        var a = new double[n * n];
        if (!repeated)
        {
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.NextDouble() * 2 - 1;
            return a;
        }
        // Random orthogonal Q by Gram–Schmidt, then A = Q diag(λ) Qᵀ.
        var q = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            var row = q.AsSpan(i * n, n);
            for (int c = 0; c < n; c++) row[c] = rng.NextDouble() * 2 - 1;
            for (int p = 0; p < i; p++)
            {
                double dot = DotF64.Dot(q.AsSpan(p * n, n), row);
                for (int c = 0; c < n; c++) row[c] -= dot * q[p * n + c];
            }
            double nrm = Math.Sqrt(DotF64.Dot(row, row));
            for (int c = 0; c < n; c++) row[c] /= nrm;
        }
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
            {
                double s = 0;
                for (int k = 0; k < n; k++) s += q[k * n + r] * (10 - k / 4) * q[k * n + c];
                a[r * n + c] = s;
            }
        return a;
    }
}
