using GenMetrics.Numerics;

namespace GenMetrics.Tests.Numerics;

public class RadixSortTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(17)]
    [InlineData(1000)]
    [InlineData(50_000)]
    public void Sorts_like_Array_Sort(int n)
    {
        var rng = new Random(n);
        var x = new double[n];
        for (int i = 0; i < n; i++)
            x[i] = (i % 7) switch
            {
                0 => rng.NextDouble() * 1e-300,
                1 => -rng.NextDouble() * 1e300,
                2 => Math.Round(rng.NextDouble() * 10) - 5,       // many duplicates
                3 => i % 2 == 0 ? double.PositiveInfinity : double.NegativeInfinity,
                4 => double.Epsilon * (i % 3 - 1),                 // subnormals and zero
                _ => rng.NextDouble() * 2 - 1,
            };
        var expected = (double[])x.Clone();
        Array.Sort(expected);
        RadixSort.Sort(x, new ulong[2 * n]);
        Assert.Equal(expected, x);
    }

    [Fact]
    public void Negative_zero_sorts_before_positive_zero_and_constant_input_is_kept()
    {
        var x = new[] { 0.0, -0.0, 1.0, -0.0, 0.0 };
        RadixSort.Sort(x, new ulong[10]);
        Assert.Equal(new[] { -0.0, -0.0, 0.0, 0.0, 1.0 }.Select(BitConverter.DoubleToInt64Bits), x.Select(BitConverter.DoubleToInt64Bits));
        var c = Enumerable.Repeat(3.25, 100).ToArray();
        RadixSort.Sort(c, new ulong[200]);
        Assert.All(c, v => Assert.Equal(3.25, v));
    }
}
