using System.Text.Json;
using GenMetrics.Metrics;
using GenMetrics.Numerics;
using GenMetrics.Tests.Support;
using Xunit.Abstractions;

namespace GenMetrics.Tests.Metrics;

/// <summary>
/// C_T against dgm-eval's compute_CTscore (seeded KMeans, full-SVD PCA) and casey-meehan/data-copying's C_T on the same
/// cells (parity/make_memorization_fixtures_2.py). On the reference's own cells the statistic is float64 arithmetic on
/// exact ranks: equal within 1e-12. The k-means partition is checked against sklearn's labels.
/// </summary>
public class DataCopyingParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases() => new() { "d8_copying", "d32_fresh", "d64_copying", "d128_pca" };

    public static TheoryData<string, int> CasesByWidth() => new()
    {
        { "d8_copying", 512 }, { "d8_copying", 0 }, { "d32_fresh", 256 }, { "d64_copying", 512 }, { "d64_copying", 256 }, { "d128_pca", 512 },
    };

    [Theory, MemberData(nameof(CasesByWidth))]
    public void Equals_the_reference_on_its_cells(string name, int width)
    {
        using var doc = MemorizationFixtures.Load("ct", name);
        var root = doc.RootElement;
        var (train, test, generated) = (MemorizationFixtures.Set(root, "train"), MemorizationFixtures.Set(root, "test"), MemorizationFixtures.Set(root, "generated"));
        var labels = root.GetProperty("labels");
        var cells = new DataCopyingCells(MemorizationFixtures.Labels(labels.GetProperty("train")),
            MemorizationFixtures.Labels(labels.GetProperty("test")), MemorizationFixtures.Labels(labels.GetProperty("generated")));
        var r = DataCopying.ComputeAt(train, test, generated, new DataCopyingOptions(CellLabels: cells), (SimdWidth)width);
        double expected = root.GetProperty("ct").GetDouble();
        var z = MemorizationFixtures.Doubles(root.GetProperty("z"));
        output.WriteLine($"{name}: C_T {r.Ct:R} vs {expected:R}, rel {Math.Abs(r.Ct - expected) / Math.Abs(expected):E2}");
        for (int c = 0; c < z.Length; c++) output.WriteLine($"  cell {c}: Z {r.Cells[c].Z:R} vs {z[c]:R}");
        Assert.Equal(root.GetProperty("tau").GetDouble(), r.Tau);
        // Measured: 0 relative error in every case, the PCA one included (there our float64 projection, rounded to
        // float32, differs from sklearn's float32 one in the last bits, which could reorder two nearly equal distances).
        AssertRel(expected, r.Ct, name.EndsWith("pca") ? 1e-4 : 1e-12);
        for (int c = 0; c < z.Length; c++) AssertRel(z[c], r.Cells[c].Z, name.EndsWith("pca") ? 1e-4 : 1e-12);
    }

    [Theory, MemberData(nameof(Cases))]
    public void KMeans_cells_equal_sklearns_and_give_the_same_ct(string name)
    {
        using var doc = MemorizationFixtures.Load("ct", name);
        var root = doc.RootElement;
        var (train, test, generated) = (MemorizationFixtures.Set(root, "train"), MemorizationFixtures.Set(root, "test"), MemorizationFixtures.Set(root, "generated"));
        var ours = DataCopying.Compute(train, test, generated);
        double expected = root.GetProperty("ct").GetDouble();
        output.WriteLine($"{name}: C_T {ours.Ct:R} vs {expected:R}, inertia {ours.KMeansInertia:R} vs sklearn's float32 {root.GetProperty("inertia").GetDouble():R}");

        // The partition, up to renaming the cells: compare the training labels from a k-means fit on the same space.
        var space = train;
        if (root.GetProperty("pca").ValueKind != JsonValueKind.Null) space = Pca.Fit(train, 64).Project(train);
        var fit = KMeans.Fit(space, 3, new RandomState(2020));
        var sk = MemorizationFixtures.Labels(root.GetProperty("labels").GetProperty("train"));
        Assert.True(KMeans.SameClustering(fit.Labels, sk, 3) && KMeans.SameClustering(sk, fit.Labels, 3), "the k-means partition differs from sklearn's");
        AssertRel(expected, ours.Ct, name.EndsWith("pca") ? 1e-4 : 1e-12);
    }

    private static void AssertRel(double expected, double actual, double rel) =>
        Assert.True(Math.Abs(actual - expected) <= rel * Math.Abs(expected), $"expected {expected:R}, got {actual:R} (rel {Math.Abs(actual - expected) / Math.Abs(expected):E2} > {rel:E0})");
}
