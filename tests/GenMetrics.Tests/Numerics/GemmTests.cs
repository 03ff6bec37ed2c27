using GenMetrics.Numerics;

namespace GenMetrics.Tests.Numerics;

public class GemmTests
{
    public static TheoryData<int, int> WidthsBySizes()
    {
        var data = new TheoryData<int, int>();
        foreach (var w in new[] { SimdWidth.Scalar, SimdWidth.V256, SimdWidth.V512 })
            for (int s = 0; s <= 130; s += s < 40 ? 1 : 7) data.Add((int)w, s);
        return data;
    }

    private static float[] Random(int seed, int count)
    {
        var rng = new Random(seed);
        var x = new float[count];
        for (int i = 0; i < count; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    private static void AssertClose(float[] a, int m, float[] b, int n, int k, float[] c, int ldc)
    {
        double gamma = Gemm.ErrorBound(k);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double exact = 0, abs = 0;
                for (int p = 0; p < k; p++) { exact += (double)a[i * k + p] * b[j * k + p]; abs += Math.Abs((double)a[i * k + p] * b[j * k + p]); }
                double err = Math.Abs(c[i * ldc + j] - exact);
                Assert.True(err <= gamma * abs + 1e-30, $"C[{i},{j}] = {c[i * ldc + j]}, exact {exact}, err {err} > {gamma * abs}");
            }
    }

    [Theory, MemberData(nameof(WidthsBySizes))]
    public void Product_is_within_the_stated_bound(int width, int s)
    {
        var w = (SimdWidth)width;
        // Odd shapes around the micro-tile (6 x 2 vectors) and slice (KC = 256) edges.
        int m = s, n = (s * 7 + 3) % 131, k = s == 0 ? 5 : (s * 13 + 1) % 300;
        var a = Random(s, m * k);
        var b = Random(s + 1000, n * k);
        int ldc = n + 3;
        var c = new float[Math.Max(0, m * ldc)];
        Array.Fill(c, float.NaN);
        Gemm.MultiplyABt(w, a, m, b, n, k, c, ldc);
        AssertClose(a, m, b, n, k, c, ldc);
        for (int i = 0; i < m; i++) for (int j = n; j < ldc; j++) Assert.True(float.IsNaN(c[i * ldc + j]), "wrote outside C");
    }

    [Fact]
    public void Zero_inner_dimension_gives_zeros()
    {
        var c = new float[12];
        Array.Fill(c, 7f);
        Gemm.MultiplyABt(SimdWidth.V256, [], 3, [], 4, 0, c, 4);
        Assert.All(c, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Every_width_and_thread_count_gives_identical_bits()
    {
        int m = 397, n = 611, k = 777;   // several tiles, slices and edges
        var a = Random(1, m * k);
        var b = Random(2, n * k);
        var c512 = new float[m * n];
        var c256 = new float[m * n];
        var cScalar = new float[m * n];
        Gemm.MultiplyABt(SimdWidth.V512, a, m, b, n, k, c512, n);
        Gemm.MultiplyABt(SimdWidth.V256, a, m, b, n, k, c256, n);
        // One tile at a time on this thread: the serial order of the same fixed tiles.
        for (int i0 = 0; i0 < m; i0 += 50)
            Gemm.MultiplyABt(SimdWidth.Scalar, a.AsSpan(i0 * k), Math.Min(50, m - i0), b, n, k, cScalar.AsSpan(i0 * n), n);
        Assert.Equal(c512, c256);
        Assert.Equal(c512, cScalar);
        AssertClose(a, 20, b, n, k, c512, n);
    }

    [Theory]
    [InlineData(512, 1)]
    [InlineData(512, 517)]
    [InlineData(256, 1100)]
    [InlineData(0, 70)]
    public void Symmetric_product_equals_the_general_one(int width, int m)
    {
        var w = (SimdWidth)width;
        int k = 300;
        var a = Random(m, m * k);
        var full = new float[m * m];
        var sym = new float[m * m];
        Gemm.MultiplyABt(w, a, m, a, m, k, full, m);
        Gemm.MultiplyAAt(w, a, m, k, sym, m);
        Assert.Equal(full, sym);
    }
}
