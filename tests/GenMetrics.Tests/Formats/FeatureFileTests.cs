using GenMetrics.Formats;
using GenMetrics.Tests.Support;
using static GenMetrics.Tests.Formats.FormatFixtures;

namespace GenMetrics.Tests.Formats;

public class FeatureFileTests
{
    [Fact]
    public void Reads_valid_features()
    {
        var m = FeatureFile.Read(Path("arrays/features_6x5.npy"));
        Assert.Equal((6, 5), (m.Rows, m.Columns));
    }

    [Theory]
    [InlineData("bad/nan_features.npy", "row 2, column 1 is NaN (features must be finite)")]
    [InlineData("bad/inf_features.npy", "row 1, column 3 is -Inf (features must be finite)")]
    [InlineData("arrays/f4_0x5.npy", "no samples")]
    [InlineData("arrays/f4_5x0.npy", "dimension 0")]
    public void Rejects_non_finite_or_empty_features(string file, string problem)
    {
        var e = Assert.Throws<InputException>(() => FeatureFile.Read(Path(file)));
        Assert.StartsWith(Path(file) + ": ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Finds_the_first_non_finite_value_at_every_position()
    {
        for (int n = 0; n < 70; n++)
        {
            var x = Enumerable.Range(0, n).Select(i => (float)i).ToArray();
            Assert.Equal(-1, FeatureFile.IndexOfNonFinite(x));
            for (int at = 0; at < n; at++)
            {
                var y = (float[])x.Clone();
                y[at] = at % 3 == 0 ? float.NaN : at % 3 == 1 ? float.PositiveInfinity : float.NegativeInfinity;
                if (at + 1 < n) y[n - 1] = float.NaN;
                Assert.Equal(at, FeatureFile.IndexOfNonFinite(y));
            }
        }
    }

    [Fact]
    public void Large_finite_values_are_not_flagged()
    {
        Assert.Equal(-1, FeatureFile.IndexOfNonFinite([float.MaxValue, -float.MaxValue, float.Epsilon, 0f, -0f, 1e30f, -1e30f, 3f, 4f]));
        using var dir = Fixtures.TempDir();
        Npy.Write(dir.File("big.npy"), [float.MaxValue, -float.MaxValue], 1, 2);
        Assert.Equal(2, FeatureFile.Read(dir.File("big.npy")).Columns);
    }
}
