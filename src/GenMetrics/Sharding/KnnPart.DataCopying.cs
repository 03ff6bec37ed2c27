using System.Globalization;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Internals;
using GenMetrics.Metrics;

namespace GenMetrics.Sharding;

public sealed partial class KnnPart
{
    private const string CtTrainCountsKey = "ct_train_counts", CtKMeansKey = "ct_kmeans", CtTestCellsKey = "ct_test_cells", CtTestKey = "ct_test_distance",
        CtGeneratedCellsKey = "ct_generated_cells", CtGeneratedKey = "ct_generated_distance";

    /// <summary>
    /// ct: the training cells as the single run makes them (PCA and seeded k-means on the whole training set, the same
    /// in every shard), then for the shard's test (real) and generated samples their cells and their distances to the
    /// nearest training sample of the same cell.
    /// </summary>
    private static PartMetric AddDataCopying(Sides s, DataCopyingOptions o, List<KeyValuePair<string, NpyArray>> arrays)
    {
        var (train, test, gen) = (s.Train!, s.Real, s.Generated);
        if (test.Rows < 1) Throw.TooFewSamples(test.Source, test.Rows, 1, "ct");
        if (gen.Rows < 1) Throw.TooFewSamples(gen.Source, gen.Rows, 1, "ct");
        double tau = o.Tau ?? 20.0 / gen.Rows;
        if (!(tau >= 0 && tau < 1)) Throw.Input($"ct: tau = {tau}, but it must be in [0, 1)");
        var cells = DataCopying.Prepare(train, o);
        var (rs, re) = s.RealRows;
        var testSlice = new FeatureMatrix(test.Memory.Slice(rs * s.D, (re - rs) * s.D), re - rs, s.D, test.Source);
        var (testCells, testL) = DataCopying.Points(cells, testSlice, null, s.Width);
        var (genCells, genL) = DataCopying.Points(cells, s.GeneratedSlice, null, s.Width);
        var counts = DataCopying.TrainCounts(cells);
        arrays.Add(new(CtTrainCountsKey, NpyArray.From<int>(counts, [counts.Length])));
        arrays.Add(new(CtKMeansKey, NpyArray.From<double>([cells.KMeans!.Inertia, DataCopying.Dimensions(cells)], [2])));
        arrays.Add(new(CtTestCellsKey, NpyArray.From<int>(testCells, [testCells.Length])));
        arrays.Add(new(CtTestKey, NpyArray.From<double>(testL, [testL.Length])));
        arrays.Add(new(CtGeneratedCellsKey, NpyArray.From<int>(genCells, [genCells.Length])));
        arrays.Add(new(CtGeneratedKey, NpyArray.From<double>(genL, [genL.Length])));
        var inv = CultureInfo.InvariantCulture;
        return new PartMetric("ct", 1)
        {
            Options = $"cells={o.Cells.ToString(inv)};pca={o.PcaDimensions.ToString(inv)};restarts={o.Restarts.ToString(inv)};seed={o.Seed.ToString(inv)};" +
                      $"tau={(o.Tau is { } t ? t.ToString("R", inv) : "auto")}",
        };
    }

    /// <summary>ct from every part: per-sample cells and distances concatenated in row order, then the metric's reduction.</summary>
    private static (MetricInfo Info, MetricResult Result) MergeDataCopying(List<(string Path, PartInfo Info)> infos, PartMetric metric)
    {
        string path0 = infos[0].Path;
        double Whole(string key)
        {
            double v = Option(path0, metric, key);
            return v == Math.Floor(v) && Math.Abs(v) < 1e15 ? v : throw PartFile.Bad(path0, $"ct's setting {key}={v} is not an integer");
        }
        string tauText = OptionText(path0, metric, "tau");
        var o = new DataCopyingOptions((int)Whole("cells"), (int)Whole("pca"), (int)Whole("restarts"), (long)Whole("seed"),
            tauText == "auto" ? null : Option(path0, metric, "tau"));
        int k = o.Cells;
        if (k < 1) throw PartFile.Bad(path0, $"ct with {k} cells");
        var info0 = infos[0].Info;
        int m = info0.Input("generated").Total;
        // Concatenated in shard order from what the parts hold (see MergeNeighbours).
        var testCells = new List<int[]>();
        var testL = new List<double[]>();
        var genCells = new List<int[]>();
        var genL = new List<double[]>();
        int[]? counts = null;
        double[]? kmeans = null;
        foreach (var (path, info) in infos)
        {
            var c = Read(path, CtTrainCountsKey, k, metric.Name).ToInt32();
            var km = Read(path, CtKMeansKey, 2, metric.Name).ToDouble();
            // Every shard made the training cells itself: they must agree to the bit.
            if (counts is null) (counts, kmeans) = (c, km);
            else if (!c.AsSpan().SequenceEqual(counts) || !km.AsSpan().SequenceEqual(kmeans))
                throw new InputException($"{path0} and {path} made different training cells (k-means): were they written by different GenMetrics versions or from different training sets?");
            var r = info.Input("real");
            var g = info.Input("generated");
            testCells.Add(ReadCells(path, CtTestCellsKey, r.Count, k));
            testL.Add(Read(path, CtTestKey, r.Count, metric.Name).ToDouble());
            genCells.Add(ReadCells(path, CtGeneratedCellsKey, g.Count, k));
            genL.Add(Read(path, CtGeneratedKey, g.Count, metric.Name).ToDouble());
        }
        double tau = o.Tau ?? 20.0 / m;
        var result = DataCopying.FromPoints(k, counts!, Concat(testCells), Concat(testL), Concat(genCells), Concat(genL), tau, DataCopyingPartition.KMeans, (int)kmeans![1], kmeans[0]);
        return (DataCopyingMetric.Definition.Info, DataCopyingMetric.ToResult(result, o));

        int[] ReadCells(string path, string key, int length, int k)
        {
            var cells = Read(path, key, length, metric.Name).ToInt32();
            foreach (int c in cells)
                if (c < 0 || c >= k) throw PartFile.Bad(path, $"a cell {c} outside [0, {k}) in '{key}'");
            return cells;
        }
    }
}
