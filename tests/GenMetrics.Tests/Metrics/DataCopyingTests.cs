using GenMetrics.Metrics;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Metrics;

/// <summary>C_T's formula, edge cases and input errors (parity with the references: DataCopyingParityTests).</summary>
public class DataCopyingTests
{
    [Theory]
    [InlineData(4.5, 2, 3, 1.1547005383792517)]          // the reference's Zu formula, evaluated by Python
    [InlineData(123456.5, 1000, 800, -25.23779701093222)]
    [InlineData(0, 20, 30, -5.930983782430279)]
    public void Z_has_the_references_continuity_term(double u, int n, int m, double expected) =>
        Assert.Equal(expected, DataCopying.Z(u, n, m));

    private static (FeatureMatrix Train, FeatureMatrix Test, FeatureMatrix Generated) Sets(int d = 8) =>
        (SyntheticFeatures.Create(1, 300, d, name: "train"), SyntheticFeatures.Create(2, 200, d, name: "test"),
         SyntheticFeatures.Create(3, 250, d, name: "generated"));

    private static int[] Cells(int n, int k, int skip = -1) => Enumerable.Range(0, n).Select(i => i % k == skip ? (i + 1) % k : i % k).ToArray();

    [Fact]
    public void A_cell_without_test_points_is_an_error_naming_it()
    {
        var (t, p, q) = Sets();
        var cells = new DataCopyingCells(Cells(t.Rows, 3), Cells(p.Rows, 3, skip: 2), Cells(q.Rows, 3));
        var e = Assert.Throws<InputException>(() => DataCopying.Compute(t, p, q, new DataCopyingOptions(CellLabels: cells)));
        Assert.Contains("cell 2", e.Message);
        Assert.Contains("0 test", e.Message);
    }

    [Fact]
    public void A_cell_without_training_points_is_an_error_naming_it()
    {
        var (t, p, q) = Sets();
        var cells = new DataCopyingCells(Cells(t.Rows, 3, skip: 1), Cells(p.Rows, 3), Cells(q.Rows, 3));
        var e = Assert.Throws<InputException>(() => DataCopying.Compute(t, p, q, new DataCopyingOptions(CellLabels: cells)));
        Assert.Contains("cell 1 has 0 training", e.Message);
    }

    [Fact]
    public void Too_few_points_and_bad_labels_are_errors_naming_the_input()
    {
        var (t, p, q) = Sets();
        var small = SyntheticFeatures.Create(4, 2, 8, name: "tiny-train");
        Assert.Contains("tiny-train", Assert.Throws<InputException>(() => DataCopying.Compute(small, p, q)).Message);
        var wide = SyntheticFeatures.Create(5, 10, 9, name: "wide");
        Assert.Contains("wide", Assert.Throws<InputException>(() => DataCopying.Compute(t, p, wide)).Message);
        var bad = new DataCopyingCells(Cells(t.Rows, 3), Cells(p.Rows, 4), Cells(q.Rows, 3));
        Assert.Contains("test", Assert.Throws<InputException>(() => DataCopying.Compute(t, p, q, new DataCopyingOptions(CellLabels: bad))).Message);
        var shortLabels = new DataCopyingCells(Cells(t.Rows, 3), Cells(p.Rows, 3), Cells(q.Rows - 1, 3));
        Assert.Contains("generated", Assert.Throws<InputException>(() => DataCopying.Compute(t, p, q, new DataCopyingOptions(CellLabels: shortLabels))).Message);
        // 15 generated points: no cell holds more than 20 of them.
        var few = SyntheticFeatures.Create(6, 15, 8, name: "few");
        Assert.Contains("tau", Assert.Throws<InputException>(() => DataCopying.Compute(t, p, few)).Message);
    }

    [Fact]
    public void A_cell_without_generated_points_has_z_0_and_is_left_out()
    {
        var (t, p, q) = Sets();
        var cells = new DataCopyingCells(Cells(t.Rows, 3), Cells(p.Rows, 3), Cells(q.Rows, 3, skip: 0));
        var r = DataCopying.Compute(t, p, q, new DataCopyingOptions(CellLabels: cells));
        Assert.Null(r.Cells[0].U);
        Assert.Equal(0.0, r.Cells[0].Z);
        Assert.False(r.Cells[0].Kept);
        Assert.True(r.Cells[1].Kept && r.Cells[2].Kept);
        double w1 = (double)r.Cells[1].Test / p.Rows, w2 = (double)r.Cells[2].Test / p.Rows;
        Assert.Equal((w1 * r.Cells[1].Z + w2 * r.Cells[2].Z) / (w1 + w2), r.Ct, 12);
        Assert.Equal(DataCopyingPartition.Labels, r.Partition);
    }

    [Fact]
    public void Renaming_the_cells_changes_nothing_but_their_order()
    {
        var (t, p, q) = Sets();
        int[] Rename(int[] l) => l.Select(c => (c + 1) % 3).ToArray();
        var a = new DataCopyingCells(Cells(t.Rows, 3), Cells(p.Rows, 3), Cells(q.Rows, 3));
        var b = new DataCopyingCells(Rename(a.Train), Rename(a.Test), Rename(a.Generated));
        var ra = DataCopying.Compute(t, p, q, new DataCopyingOptions(CellLabels: a));
        var rb = DataCopying.Compute(t, p, q, new DataCopyingOptions(CellLabels: b));
        Assert.Equal(ra.Ct, rb.Ct, 14);
        Assert.Equal(ra.Cells[0].Z, rb.Cells[1].Z);
    }

    [Fact]
    public void Copies_of_training_points_give_a_large_negative_ct()
    {
        var (t, p, _) = Sets();
        var copies = t.SelectRows(Enumerable.Range(0, 250).ToArray());
        var r = DataCopying.Compute(t, p, copies);
        Assert.True(r.Ct < -10, $"C_T = {r.Ct}");
        Assert.Equal(DataCopyingPartition.KMeans, r.Partition);
        Assert.Equal(3, r.Cells.Count);
        Assert.Equal(8, r.Dimensions);
        // A fresh sample of the training distribution: C_T near 0.
        var fresh = DataCopying.Compute(t, p, SyntheticFeatures.Create(7, 250, 8));
        Assert.True(Math.Abs(fresh.Ct) < 3, $"C_T = {fresh.Ct}");
    }
}
