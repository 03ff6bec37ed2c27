using GenMetrics.Numerics;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Numerics;

/// <summary>k-means (sklearn's algorithm; its partitions are checked against sklearn in DataCopyingParityTests) and PCA.</summary>
public class KMeansTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 64)]
    [InlineData(4, 67)]
    [InlineData(5, 3)]
    [InlineData(9, 130)]
    public void Distances_to_all_centres_at_once_are_the_bits_of_one_at_a_time(int k, int d)
    {
        var rng = new Random(k * 100 + d);
        var x = Enumerable.Range(0, d).Select(_ => (float)(rng.NextDouble() * 10 - 5)).ToArray();
        var centers = Enumerable.Range(0, k * d).Select(_ => rng.NextDouble() * 10 - 5).ToArray();
        var all = new double[k];
        KMeans.SquaredDistances(x, centers, k, all);
        for (int c = 0; c < k; c++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(KMeans.SquaredDistance(x, centers.AsSpan(c * d, d))), BitConverter.DoubleToInt64Bits(all[c]));
    }

    [Fact]
    public void Separated_blobs_are_found_and_the_fit_is_deterministic()
    {
        var rng = new Random(3);
        var rows = new float[300][];
        for (int i = 0; i < rows.Length; i++)
            rows[i] = [(float)(rng.NextDouble() + 10 * (i % 3)), (float)(rng.NextDouble() - 10 * (i % 3))];
        var x = FeatureMatrix.FromRows(rows);
        var fit = KMeans.Fit(x, 3, new RandomState(7));
        var truth = Enumerable.Range(0, rows.Length).Select(i => i % 3).ToArray();
        Assert.True(KMeans.SameClustering(fit.Labels, truth, 3) && KMeans.SameClustering(truth, fit.Labels, 3));
        Assert.Equal(fit.Labels, KMeans.Assign(x, fit.Centers, 3));
        var again = KMeans.Fit(x, 3, new RandomState(7));
        Assert.Equal(fit.Labels, again.Labels);
        Assert.Equal(fit.Inertia, again.Inertia);
    }

    [Fact]
    public void One_cell_per_point_has_zero_inertia()
    {
        var x = FeatureMatrix.FromRows([[0f, 0f], [1f, 0f], [0f, 5f], [3f, 3f]]);
        var fit = KMeans.Fit(x, 4, new RandomState(0));
        Assert.Equal(0.0, fit.Inertia);
        Assert.Equal(4, fit.Labels.Distinct().Count());
    }

    [Fact]
    public void Too_few_points_is_an_input_error()
    {
        var x = FeatureMatrix.FromRows([[0f], [1f]], "tiny");
        var e = Assert.Throws<InputException>(() => KMeans.Fit(x, 3, new RandomState(0)));
        Assert.Contains("tiny", e.Message);
    }

    [Fact]
    public void Same_clustering_ignores_cell_names_only()
    {
        Assert.True(KMeans.SameClustering([0, 0, 1, 2], [2, 2, 0, 1], 3));
        Assert.False(KMeans.SameClustering([0, 0, 1, 2], [2, 1, 0, 1], 3));
    }

    [Fact]
    public void Pca_projection_keeps_the_leading_variances()
    {
        var x = SyntheticFeatures.Create(41, 500, 96);
        var pca = Pca.Fit(x, 10);
        var y = pca.Project(x);
        var acc = new CovarianceAccumulator(96);
        acc.Add(x.Span);
        var (_, cov) = acc.Result(1);
        var values = SymmetricEigen.Values(cov, 96);
        Array.Sort(values);
        Array.Reverse(values);
        var accY = new CovarianceAccumulator(10);
        accY.Add(y.Span);
        var (meanY, covY) = accY.Result(1);
        for (int c = 0; c < 10; c++)
        {
            Assert.True(Math.Abs(meanY[c]) < 1e-5, $"component {c} mean {meanY[c]:E2}");
            Assert.True(Math.Abs(covY[c * 10 + c] - values[c]) <= 1e-5 * values[c], $"component {c}: variance {covY[c * 10 + c]} vs eigenvalue {values[c]}");
            for (int e = 0; e < c; e++) Assert.True(Math.Abs(covY[c * 10 + e]) <= 1e-5 * values[0]);
        }
        Assert.Throws<InputException>(() => Pca.Fit(SyntheticFeatures.Create(1, 20, 96), 64));
    }
}
