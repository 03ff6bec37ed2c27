using GenMetrics.Metrics;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Metrics;

public class KidTests
{
    private static readonly FeatureMatrix s_real = SyntheticFeatures.Create(1, 300, 16, name: "real.npy");
    private static readonly FeatureMatrix s_fake = SyntheticFeatures.Create(2, 250, 16, shift: 0.1f, name: "fake.npy");

    [Fact]
    public void Dimension_mismatch_is_an_input_error_naming_both_sets()
    {
        var other = SyntheticFeatures.Create(3, 300, 8, name: "other.npy");
        var e = Assert.Throws<InputException>(() => Kid.Compute(s_real, other, new KidOptions(SubsetSize: 100)));
        Assert.Contains("real.npy", e.Message);
        Assert.Contains("other.npy", e.Message);
    }

    [Fact]
    public void Subset_larger_than_a_set_is_an_input_error_naming_the_set_its_size_and_the_subset_size()
    {
        var e = Assert.Throws<InputException>(() => Kid.Compute(s_real, s_fake, new KidOptions(SubsetSize: 260)));
        Assert.Contains("generated set fake.npy", e.Message);
        Assert.Contains("250", e.Message);
        Assert.Contains("260", e.Message);
        e = Assert.Throws<InputException>(() => Kid.Compute(s_real, s_fake, new KidOptions(SubsetSize: 1000)));
        Assert.Contains("fake.npy", e.Message);
    }

    [Fact]
    public void Clamping_uses_the_smaller_set_size()
    {
        var clamped = Kid.Compute(s_real, s_fake, new KidOptions(Subsets: 5, ClampSubsetSize: true));
        var explicitSize = Kid.Compute(s_real, s_fake, new KidOptions(Subsets: 5, SubsetSize: 250));
        Assert.Equal(250, clamped.SubsetSize);
        Assert.Equal(explicitSize, clamped);
    }

    [Theory]
    [InlineData(0, 100, 3, 2020)]
    [InlineData(10, 1, 3, 2020)]
    [InlineData(10, 100, 0, 2020)]
    [InlineData(10, 100, 3, -5)]
    public void Invalid_options_are_input_errors(int subsets, int size, int degree, int seed) =>
        Assert.Throws<InputException>(() => Kid.Compute(s_real, s_fake, new KidOptions(subsets, size, seed, degree)));

    [Fact]
    public void Strategies_agree_and_results_are_deterministic()
    {
        var o = new KidOptions(Subsets: 7, SubsetSize: 120);
        var a = Kid.SubsetEstimates(s_real, s_fake, o, KidStrategy.PerSubset, out _);
        var b = Kid.SubsetEstimates(s_real, s_fake, o, KidStrategy.Gram, out _);
        for (int i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i], 1e-12);
        Assert.Equal(Kid.Compute(s_real, s_fake, o), Kid.Compute(s_real, s_fake, o));
    }

    [Fact]
    public void Generated_set_is_drawn_first()
    {
        // Swapping the roles changes which RandomState draws each set gets, hence the value (sets differ in N).
        var o = new KidOptions(Subsets: 4, SubsetSize: 100);
        Assert.NotEqual(Kid.Compute(s_real, s_fake, o).Mean, Kid.Compute(s_fake, s_real, o).Mean);
    }

    [Fact]
    public void Matches_a_plain_float64_reference()
    {
        var o = new KidOptions(Subsets: 3, SubsetSize: 50, Seed: 11);
        var ours = Kid.SubsetEstimates(s_real, s_fake, o, KidStrategy.Auto, out _);
        var rng = GenMetrics.Numerics.RandomState.FromSeed(11);
        for (int s = 0; s < 3; s++)
        {
            var x = rng.ChoiceWithoutReplacement(s_fake.Rows, 50);
            var y = rng.ChoiceWithoutReplacement(s_real.Rows, 50);
            double k(FeatureMatrix a, int i, FeatureMatrix b, int j)
            {
                double dot = 0;
                for (int c = 0; c < 16; c++) dot += (double)a.Row(i)[c] * b.Row(j)[c];
                return Math.Pow(dot / 16 + 1, 3);
            }
            double sxx = 0, syy = 0, sxy = 0;
            for (int i = 0; i < 50; i++)
                for (int j = 0; j < 50; j++)
                {
                    if (i != j) { sxx += k(s_fake, x[i], s_fake, x[j]); syy += k(s_real, y[i], s_real, y[j]); }
                    sxy += k(s_fake, x[i], s_real, y[j]);
                }
            double expected = (sxx + syy) / (50 * 49) - 2 * sxy / (50 * 50);
            // Float32 dot products (ε₃₂ ≈ 6e-8 of κ ≈ 1 per entry) averaged over only 2m² = 5000 entries.
            Assert.Equal(expected, ours[s], 1e-8);
        }
    }

    [Fact]
    public void Strategy_choice_follows_cost_and_memory()
    {
        Assert.Equal(KidStrategy.Gram, Kid.ChooseStrategy(5000, 5000, 1000, 100));
        Assert.Equal(KidStrategy.PerSubset, Kid.ChooseStrategy(10000, 10000, 1000, 100));
        Assert.Equal(KidStrategy.PerSubset, Kid.ChooseStrategy(50000, 50000, 1000, 100));
        Assert.Equal(KidStrategy.PerSubset, Kid.ChooseStrategy(2000, 2000, 1000, 1));
        // Small d: a gathered evaluation is not much cheaper than a dot product.
        Assert.Equal(KidStrategy.PerSubset, Kid.ChooseStrategy(4000, 4000, 1000, 100, d: 16));
        Assert.Equal(KidStrategy.Gram, Kid.ChooseStrategy(4000, 3000, 1000, 100, d: 256));
    }
}
