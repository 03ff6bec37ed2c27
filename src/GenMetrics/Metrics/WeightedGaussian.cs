using System.Buffers;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>
/// The Gaussian fit of rows under per-row weights that sum to 1: mean sum_i w_i x_i and covariance
/// sum_i w_i (x_i - mu)(x_i - mu)^T (no Bessel correction), in float64, as CAFD fits each class.
/// </summary>
/// <remarks>
/// The mean is summed in blocks of <see cref="GemmF64.Kc"/> rows, block sums added in order; the covariance is the Gram
/// matrix of the centred rows scaled by sqrt(w_i), a block at a time (<see cref="GemmF64"/>, upper triangle): the same
/// bits at any thread count.
/// </remarks>
internal static class WeightedGaussian
{
    public static GaussianStats Fit(FeatureMatrix x, ReadOnlySpan<double> weights, string source)
    {
        int n = x.Rows, d = x.Columns, block = GemmF64.Kc;
        var data = x.Span;
        var mean = new double[d];
        var partial = new double[d];
        for (int b0 = 0; b0 < n; b0 += block)
        {
            Array.Clear(partial);
            for (int i = b0, end = Math.Min(n, b0 + block); i < end; i++)
            {
                double w = weights[i];
                var row = data.Slice(i * d, d);
                for (int j = 0; j < d; j++) partial[j] += w * row[j];
            }
            for (int j = 0; j < d; j++) mean[j] += partial[j];
        }
        var gram = new double[(long)d * d];
        var scaled = ArrayPool<double>.Shared.Rent(block * d);
        try
        {
            for (int b0 = 0; b0 < n; b0 += block)
            {
                int rows = Math.Min(block, n - b0);
                for (int r = 0; r < rows; r++)
                {
                    double s = Math.Sqrt(weights[b0 + r]);
                    var row = data.Slice((b0 + r) * d, d);
                    var dst = scaled.AsSpan(r * d, d);
                    for (int j = 0; j < d; j++) dst[j] = s * (row[j] - mean[j]);
                }
                // gram += Y^T Y (upper triangle): A(i, r) = Y[r, i], B(r, j) = Y[r, j].
                GemmF64.Multiply(d, d, rows, 1.0, scaled, 1, d, scaled, d, 1, gram, d, TileMask.Upper);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scaled);
        }
        for (int i = 0; i < d; i++)
            for (int j = i + 1; j < d; j++) gram[(long)j * d + i] = gram[(long)i * d + j];
        return new GaussianStats(mean, gram, 0, CovarianceEstimator.Biased, source, owned: true);
    }
}
