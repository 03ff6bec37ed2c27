using GenMetrics.Numerics;

namespace GenMetrics.Tests.Numerics;

/// <summary>NumPy 1.24's linspace, quantile (linear) and sum, against values NumPy printed (repr, so exact).</summary>
public class NumPyTests
{
    [Fact]
    public void Linspace_is_i_times_step_with_the_last_value_exact()
    {
        var a = NumPy.Linspace(0, 1, 30);
        Assert.Equal(30, a.Length);
        Assert.Equal(0.0, a[0]);
        Assert.Equal(0.034482758620689655, a[1]);
        for (int k = 0; k < 29; k++) Assert.Equal(k * (1.0 / 29), a[k]);
        Assert.Equal(1.0, a[29]);
    }

    [Theory]
    [InlineData(0.0, -2.0)]
    [InlineData(0.1, -0.4999999999999998)]
    [InlineData(0.5, 3.5)]
    [InlineData(1.0 / 3, 1.25)]
    [InlineData(0.9999, 8.99925)]
    [InlineData(1.0, 9.0)]
    [InlineData(28.0 / 29, 8.741379310344827)]
    public void Quantile_equals_numpy(double q, double expected)
    {
        var sorted = new[] { 3.5, 1.25, 9.0, -2.0, 7.75, 0.5, 4.0 };
        Array.Sort(sorted);
        Assert.Equal(expected, NumPy.QuantileLinear(sorted, q));
    }

    [Theory]
    [InlineData(0.25, 0.2500000074505806)]
    [InlineData(0.6, 0.6199999928474426)]
    [InlineData(28.0 / 29, 0.8793103222189278)]
    public void Quantile_of_float32_equals_numpy(double q, double expected)
    {
        var sorted = new[] { 0.1f, 0.3f, 0.7f, 0.9f };
        Assert.Equal(expected, NumPy.QuantileLinear(sorted, q));
    }

    [Theory]
    [InlineData(5, 134828386.43214214)]
    [InlineData(30, -29922910.218266364)]
    [InlineData(128, 377547309.5893246)]
    [InlineData(129, 377549423.56463325)]
    [InlineData(300, 240105306.7699823)]
    [InlineData(1000, -290099499.2358515)]
    public void Sum_is_numpys_pairwise_sum(int n, double expected)
    {
        // Exact values of very different magnitudes, so that the order of the additions shows in the result.
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = ((i * 7919) % 1000 - 500 + 0.123456789) * Math.Pow(2, (i * 13 % 41) - 20);
        Assert.Equal(expected, NumPy.Sum(v));
    }
}
