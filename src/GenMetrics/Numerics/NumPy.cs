using System.Numerics;

namespace GenMetrics.Numerics;

/// <summary>NumPy 1.24's float64 <c>linspace</c>, <c>quantile</c> (method 'linear') and <c>sum</c>, operation for operation.</summary>
internal static class NumPy
{
    /// <summary><c>np.linspace(start, stop, num)</c>: start + i * ((stop − start) / (num − 1)), the last value set to stop.</summary>
    public static double[] Linspace(double start, double stop, int num)
    {
        var y = new double[num];
        if (num == 1) { y[0] = start; return y; }
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) y[i] = i * step + start;
        y[num - 1] = stop;
        return y;
    }

    /// <summary>
    /// <c>np.quantile(a, q)</c> with the default 'linear' method, given a sorted ascending: the virtual index
    /// (n − 1) q, its floor i and fraction g = (n − 1) q − i, then <c>_lerp</c>: a[i] + (a[i+1] − a[i]) g, or
    /// a[i+1] − (a[i+1] − a[i]) (1 − g) when g ≥ 0.5; an index at or beyond n − 1 takes the last value. As NumPy, the
    /// difference a[i+1] − a[i] is taken in the array's type (a float32 subtraction for float32 arrays) and the
    /// interpolation in float64.
    /// </summary>
    public static double QuantileLinear<T>(ReadOnlySpan<T> sorted, double q) where T : IBinaryFloatingPointIeee754<T>
    {
        int n = sorted.Length;
        double virtualIndex = (n - 1) * q;
        if (virtualIndex >= n - 1) return double.CreateTruncating(sorted[n - 1]);
        if (virtualIndex < 0) return double.CreateTruncating(sorted[0]);
        double below = Math.Floor(virtualIndex);
        int i = (int)below;
        double g = virtualIndex - below;
        double a = double.CreateTruncating(sorted[i]), b = double.CreateTruncating(sorted[i + 1]);
        double diff = double.CreateTruncating(sorted[i + 1] - sorted[i]);
        return g >= 0.5 ? b - diff * (1 - g) : a + diff * g;
    }

    /// <summary><c>np.sum</c> of a contiguous float64 array: 0 + numpy's pairwise sum (8 accumulators per block of at most 128).</summary>
    public static double Sum(ReadOnlySpan<double> a) => 0.0 + PairwiseSum(a);

    private static double PairwiseSum(ReadOnlySpan<double> a)
    {
        int n = a.Length;
        if (n < 8)
        {
            double res = 0;
            for (int i = 0; i < n; i++) res += a[i];
            return res;
        }
        if (n <= 128)
        {
            Span<double> r = stackalloc double[8];
            a[..8].CopyTo(r);
            int i = 8;
            for (; i < n - n % 8; i += 8)
                for (int j = 0; j < 8; j++) r[j] += a[i + j];
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) res += a[i];
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return PairwiseSum(a[..n2]) + PairwiseSum(a[n2..]);
    }
}
