namespace GenMetrics.Tests;

public class FeatureMatrixTests
{
    [Fact]
    public void Rows_are_row_major_slices()
    {
        var m = FeatureMatrix.FromRows([[1f, 2f, 3f], [4f, 5f, 6f]]);
        Assert.Equal(2, m.Rows);
        Assert.Equal(3, m.Columns);
        Assert.Equal([4f, 5f, 6f], m.Row(1).ToArray());
        Assert.Equal([4f, 5f, 6f, 1f, 2f, 3f], m.SelectRows([1, 0]).Span.ToArray());
    }

    [Fact]
    public void Wrong_length_is_rejected_with_the_source_name()
    {
        var e = Assert.Throws<ArgumentException>(() => new FeatureMatrix(new float[5], 2, 3, "a.npy"));
        Assert.Contains("a.npy", e.Message);
    }
}
