using GenMetrics.Metrics;
using GenMetrics.Numerics;
using GenMetrics.Tests.Support;
using Xunit.Abstractions;

namespace GenMetrics.Tests.Metrics;

/// <summary>The copies list against its brute-force NumPy definition (parity/make_memorization_fixtures_2.py) and its edge cases.</summary>
public class CopiesTests(ITestOutputHelper output)
{
    [Fact]
    public void Equals_the_brute_force_definition()
    {
        using var doc = MemorizationFixtures.Load("copies", "d32_copying");
        var root = doc.RootElement;
        var train = MemorizationFixtures.Set(root, "train");
        var generated = MemorizationFixtures.Set(root, "generated");
        var r = Copies.Compute(train, generated, new CopiesOptions(root.GetProperty("threshold").GetDouble()));
        Assert.Equal(root.GetProperty("nearest_train").EnumerateArray().Select(v => v.GetInt32()).ToArray(), r.NearestTrain);
        Assert.Equal(root.GetProperty("fraction").GetDouble(), r.Fraction);
        var matches = root.GetProperty("matches").EnumerateArray().ToArray();
        Assert.Equal(matches.Length, r.Matches.Count);
        double worst = 0;
        for (int i = 0; i < matches.Length; i++)
        {
            var e = matches[i].EnumerateArray().ToArray();
            Assert.Equal(e[0].GetInt32(), r.Matches[i].Generated);
            Assert.Equal(e[1].GetInt32(), r.Matches[i].Train);
            worst = Math.Max(worst, Math.Abs(r.Matches[i].Ratio - e[2].GetDouble()) / e[2].GetDouble());
            worst = Math.Max(worst, Math.Abs(r.Matches[i].Distance - e[3].GetDouble()) / e[3].GetDouble());
        }
        double sum = r.Ratios.Sum(), expected = root.GetProperty("ratios_sum").GetDouble();
        worst = Math.Max(worst, Math.Abs(sum - expected) / expected);
        output.WriteLine($"{matches.Length} copies listed; worst relative error of ratios and distances {worst:E2}");
        Assert.True(worst <= 1e-12, $"relative error {worst:E2}");
    }

    [Fact]
    public void Exact_copies_have_ratio_0_and_points_near_duplicated_training_points_infinity()
    {
        var train = FeatureMatrix.FromRows([[0f, 0f], [0f, 0f], [10f, 0f], [0f, 10f]], "train");
        var generated = FeatureMatrix.FromRows([[0f, 0f], [0.5f, 0f], [10f, 1f], [6f, 5f]], "generated");
        var r = Copies.Compute(train, generated);
        Assert.Equal([0.0, double.PositiveInfinity, 0.1, Math.Sqrt(41) / 10], r.Ratios);
        Assert.Equal([0, 0, 2, 2], r.NearestTrain);   // the lowest index among the duplicates
        Assert.Equal([0, 2], r.Matches.Select(m => m.Generated));
        Assert.Equal(0.5, r.Fraction);
    }

    [Fact]
    public void Authentic_points_are_those_with_ratio_above_1()
    {
        var train = SyntheticFeatures.Create(1, 300, 16);
        var generated = SyntheticFeatures.Create(2, 200, 16);
        var t = TrainingNeighbours.Of(train, generated, Simd.Best);
        var copies = Copies.FromNeighbours(t, new CopiesOptions());
        Assert.Equal(copies.Ratios.Count(v => v > 1) / 200.0, AlphaPrecision.Authenticity(t));
    }

    [Fact]
    public void Bad_input_is_an_error()
    {
        var train = SyntheticFeatures.Create(1, 1, 4, name: "one-train");
        Assert.Contains("one-train", Assert.Throws<InputException>(() => Copies.Compute(train, SyntheticFeatures.Create(2, 5, 4))).Message);
        Assert.Throws<InputException>(() => Copies.Compute(SyntheticFeatures.Create(1, 5, 4), SyntheticFeatures.Create(2, 5, 4), new CopiesOptions(double.NaN)));
    }
}
