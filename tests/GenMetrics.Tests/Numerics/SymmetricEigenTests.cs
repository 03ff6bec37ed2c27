using GenMetrics.Numerics;
using static GenMetrics.Tests.Numerics.ReferenceNumerics;

namespace GenMetrics.Tests.Numerics;

public class SymmetricEigenTests
{
    public static TheoryData<int> Sizes()
    {
        var data = new TheoryData<int>();
        for (int n = 1; n <= 70; n++) data.Add(n);
        data.Add(97);
        data.Add(130);
        data.Add(161);   // blocked: one panel, then unblocked
        data.Add(200);
        data.Add(333);   // blocked: several panels
        return data;
    }

    [Theory, MemberData(nameof(Sizes))]
    public void Values_match_jacobi_on_random_symmetric(int n)
    {
        var rng = new Random(1000 + n);
        var s = RandomSymmetric(rng, n);
        var expected = Jacobi(s).Values;
        var a = Flatten(s);
        var actual = SymmetricEigen.Values(a, n);
        Array.Sort(expected);
        Array.Sort(actual);
        double tol = 1e-13 * n * Math.Max(1, Math.Abs(expected[0]) + Math.Abs(expected[^1]));
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= tol, $"n={n} i={i}: {actual[i]} vs {expected[i]}");
    }

    [Theory]
    [InlineData(40, 5)]
    [InlineData(64, 63)]
    [InlineData(100, 1)]
    public void Values_of_rank_deficient_psd_are_near_zero_and_correct(int n, int rank)
    {
        var rng = new Random(n * 7 + rank);
        var s = RandomPsd(rng, n, rank);
        var expected = Jacobi(s).Values;
        var actual = SymmetricEigen.Values(Flatten(s), n);
        Array.Sort(expected);
        Array.Sort(actual);
        double tol = 1e-13 * n * expected[^1];
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= tol, $"i={i}: {actual[i]} vs {expected[i]}");
    }

    [Theory]
    [InlineData(129)]
    [InlineData(250)]
    [InlineData(517)]
    public void Blocked_and_unblocked_reductions_agree(int n)
    {
        var rng = new Random(n);
        var s = Flatten(RandomSymmetric(rng, n));
        var d1 = new double[n];
        var e1 = new double[n];
        var d2 = new double[n];
        var e2 = new double[n];
        SymmetricEigen.Tridiagonalize((double[])s.Clone(), n, d1, e1);
        SymmetricEigen.TridiagonalizeBlocked((double[])s.Clone(), n, d2, e2);
        // Same reflectors in exact arithmetic; rounding differs (GEMM order), scaled by ||A||_2 ~ 2 sqrt(n) and n steps.
        double tol = 1e-14 * n * 2 * Math.Sqrt(n);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(d1[i], d2[i], tol);
            Assert.Equal(Math.Abs(e1[i]), Math.Abs(e2[i]), tol);
        }
    }

    [Fact]
    public void Diagonal_and_already_tridiagonal_inputs()
    {
        var d = new double[] { 3, 0, 0, 0, -1, 0, 0, 0, 2 };
        var v = SymmetricEigen.Values(d, 3);
        Array.Sort(v);
        Assert.Equal(new double[] { -1, 2, 3 }, v);
        var t = new double[] { 2, 1, 0, 1, 2, 1, 0, 1, 2 };
        var w = SymmetricEigen.Values(t, 3);
        Array.Sort(w);
        Assert.Equal(2 - Math.Sqrt(2), w[0], 1e-14);
        Assert.Equal(2, w[1], 1e-14);
        Assert.Equal(2 + Math.Sqrt(2), w[2], 1e-14);
    }
}
