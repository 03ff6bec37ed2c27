using GenMetrics.Metrics;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Metrics;

public class FidPropertyTests
{
    private static double Scale(GaussianStats a, GaussianStats b)
    {
        int d = a.Dimension;
        double t = 0;
        for (int i = 0; i < d; i++) t += a.Covariance[i * d + i] + b.Covariance[i * d + i];
        return t;
    }

    [Theory]
    [InlineData(500, 64)]
    [InlineData(40, 64)]    // singular covariance
    [InlineData(3, 10)]
    public void Distance_to_itself_is_zero(int n, int d)
    {
        var s = Fid.Summarize(SyntheticFeatures.Create(1, n, d, shift: 2f));
        double fid = Fid.FromStats(s, s);
        Assert.True(Math.Abs(fid) <= 1e-9 * Scale(s, s), $"FD(X, X) = {fid}");
    }

    [Theory]
    [InlineData(500, 64)]
    [InlineData(40, 64)]
    public void Distance_is_symmetric(int n, int d)
    {
        var a = Fid.Summarize(SyntheticFeatures.Create(2, n, d));
        var b = Fid.Summarize(SyntheticFeatures.Create(3, n, d, shift: 0.3f, factor: 0.9f));
        double ab = Fid.FromStats(a, b), ba = Fid.FromStats(b, a);
        Assert.True(Math.Abs(ab - ba) <= 1e-10 * Scale(a, b), $"{ab} vs {ba}");
        Assert.True(ab > 0);
    }

    [Theory]
    [InlineData(500, 64)]
    [InlineData(40, 64)]
    public void Invariant_to_translating_both_sets(int n, int d)
    {
        var a = Fid.Summarize(SyntheticFeatures.Create(4, n, d));
        var b = Fid.Summarize(SyntheticFeatures.Create(5, n, d, shift: 0.2f));
        var c = new double[d];
        for (int i = 0; i < d; i++) c[i] = 10 * Math.Sin(i + 1);
        double before = Fid.FromStats(a, b);
        double after = Fid.FromStats(Translate(a, c), Translate(b, c));
        // |c| ~ 10 against mean differences ~ 0.2: rounding of mu + c costs ~1e-15 * 10 per component.
        Assert.True(Math.Abs(before - after) <= 1e-11 * Scale(a, b), $"{before} vs {after}");
    }

    [Theory]
    [InlineData(500, 64)]
    [InlineData(40, 64)]
    public void Invariant_to_an_orthogonal_rotation(int n, int d)
    {
        var a = Fid.Summarize(SyntheticFeatures.Create(6, n, d));
        var b = Fid.Summarize(SyntheticFeatures.Create(7, n, d, shift: 0.1f, factor: 0.8f));
        var q = Orthogonal(d, new Random(d));
        double before = Fid.FromStats(a, b);
        double after = Fid.FromStats(Rotate(a, q), Rotate(b, q));
        Assert.True(Math.Abs(before - after) <= 1e-9 * Scale(a, b), $"{before} vs {after}");
    }

    [Fact]
    public void Fewer_samples_than_dimensions_stays_finite_and_positive()
    {
        var fid = Fid.Compute(SyntheticFeatures.Create(8, 20, 100), SyntheticFeatures.Create(9, 25, 100, shift: 0.5f));
        Assert.True(double.IsFinite(fid) && fid > 0, fid.ToString());
    }

    [Fact]
    public void Dimension_mismatch_names_both_inputs()
    {
        var ex = Assert.Throws<InputException>(() => Fid.Compute(
            SyntheticFeatures.Create(1, 10, 8, name: "real.npy"), SyntheticFeatures.Create(1, 10, 9, name: "fake.npy")));
        Assert.Contains("real.npy", ex.Message);
        Assert.Contains("fake.npy", ex.Message);
    }

    [Fact]
    public void One_sample_is_rejected()
    {
        var ex = Assert.Throws<InputException>(() => Fid.Summarize(SyntheticFeatures.Create(1, 1, 8, name: "one.npy")));
        Assert.Contains("one.npy", ex.Message);
    }

    [Fact]
    public void Biased_estimator_divides_by_n()
    {
        var x = SyntheticFeatures.Create(10, 50, 6);
        var u = Fid.Summarize(x);
        var b = Fid.Summarize(x, new FidOptions(CovarianceEstimator.Biased));
        for (int i = 0; i < 36; i++) Assert.Equal(u.Covariance[i] * 49 / 50, b.Covariance[i], 1e-15);
        Assert.Equal(CovarianceEstimator.Biased, b.Estimator);
    }

    private static GaussianStats Translate(GaussianStats s, double[] c)
    {
        var m = new double[s.Dimension];
        for (int i = 0; i < m.Length; i++) m[i] = s.Mean[i] + c[i];
        return new GaussianStats(m, s.Covariance, s.Count);
    }

    private static GaussianStats Rotate(GaussianStats s, double[,] q)
    {
        int d = s.Dimension;
        var m = new double[d];
        var qs = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
            {
                m[i] += q[i, j] * s.Mean[j];
                double t = 0;
                for (int k = 0; k < d; k++) t += q[i, k] * s.Covariance[k * d + j];
                qs[i, j] = t;
            }
        var cov = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
            {
                double t = 0;
                for (int k = 0; k < d; k++) t += qs[i, k] * q[j, k];
                cov[i * d + j] = t;
            }
        for (int i = 0; i < d; i++)
            for (int j = 0; j < i; j++) cov[i * d + j] = cov[j * d + i] = 0.5 * (cov[i * d + j] + cov[j * d + i]);
        return new GaussianStats(m, cov, s.Count);
    }

    /// <summary>A product of d random Householder reflections.</summary>
    private static double[,] Orthogonal(int d, Random rng)
    {
        var q = new double[d, d];
        for (int i = 0; i < d; i++) q[i, i] = 1;
        var v = new double[d];
        for (int r = 0; r < d; r++)
        {
            double nn = 0;
            for (int i = 0; i < d; i++) { v[i] = rng.NextDouble() - 0.5; nn += v[i] * v[i]; }
            for (int i = 0; i < d; i++)   // Q = Q (I - 2 v v^T / v^T v)
            {
                double t = 0;
                for (int k = 0; k < d; k++) t += q[i, k] * v[k];
                t *= 2 / nn;
                for (int k = 0; k < d; k++) q[i, k] -= t * v[k];
            }
        }
        return q;
    }
}

public class FidInputTests
{
    [Fact]
    public void Non_finite_features_are_rejected_with_the_source_name()
    {
        var x = SyntheticFeatures.Create(1, 10, 4);
        var data = x.Span.ToArray();
        data[5] = float.NaN;
        var bad = new FeatureMatrix(data, 10, 4, "nan.npy");
        var ex = Assert.Throws<InputException>(() => Fid.Compute(bad, x));
        Assert.Contains("nan.npy", ex.Message);
    }
}
