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
        data.Add(200);
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
