using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Samples;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.ClassAware;

/// <summary>
/// Class labels from every supported form, aligned to the samples after selection and skipped images; and each way
/// they can fail (counts, unknown or unlabelled names, empty classes), with the file named.
/// </summary>
public class ClassLabelsTests
{
    private static string FashionLabels => Path.Combine(Fixtures.RepoRoot, "samples", "fashion-mnist", "t10k-labels-idx1-ubyte.gz");

    private static FeatureSet Rows(int n, string name = "feats.npy") => FeatureSet.FromFeatures(SyntheticFeatures.Create(3, n, 4), name);

    private static byte[] IdxLabels() => Idx.Read(FashionLabels).Data;

    [Fact]
    public void Idx_labels_follow_a_seeded_selection()
    {
        var all = IdxLabels();
        var set = Rows(all.Length);
        var labels = ClassLabels.Load(FashionLabels, set);
        Assert.Equal(all.Length, labels.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString()), labels.Classes);
        var selection = new SampleSelection(100, 7);
        var picked = set.Select(selection);
        var subset = ClassLabels.Load(FashionLabels, picked);
        var idx = selection.Indices(all.Length, "x");
        Assert.Equal(100, subset.Count);
        for (int i = 0; i < idx.Length; i++) Assert.Equal(all[idx[i]].ToString(), subset[i]);
        Assert.Equal(idx, picked.Items!.Indices);   // the rows are these source items (a features file names no rows: ItemNames is null)
        Assert.Null(picked.ItemNames);
    }

    [Fact]
    public void Integer_arrays_in_npy_and_npz_are_labels()
    {
        using var dir = Fixtures.TempDir();
        var values = new long[] { 3, 1, 3, 0, 12, 1 };
        Npz.Write(dir.File("l.npz"), [new("other", NpyArray.From<double>([1.0], [1])), new("labels", NpyArray.From<long>(values, [6]))]);
        Npz.Write(dir.File("col.npz"), [new("y", NpyArray.From<long>(values, [6, 1]))]);
        File.Copy(dir.File("col.npz"), dir.File("col.npy.zip"));
        using (var s = File.Create(dir.File("l.npy"))) NpyArray.From<byte>([3, 1, 3, 0, 12, 1], [6]).WriteTo(s);
        foreach (var file in (string[])["l.npz", "col.npz", "l.npy"])
        {
            var labels = ClassLabels.Load(dir.File(file), Rows(6));
            Assert.Equal(["0", "1", "3", "12"], labels.Classes);
            Assert.Equal(values.Select(v => v.ToString()), Enumerable.Range(0, 6).Select(i => labels[i]));
            Assert.Equal([1, 2, 2, 1], labels.CountPerClass());
        }
    }

    [Fact]
    public void Counts_dtypes_and_shapes_that_do_not_fit_are_named()
    {
        using var dir = Fixtures.TempDir();
        Npy.Write(dir.File("float.npy"), new float[6], 6);
        Npy.Write(dir.File("probs.npy"), new float[12], 6, 2);
        var e = Assert.Throws<InputException>(() => ClassLabels.Load(FashionLabels, Rows(999)));
        Assert.Equal($"{FashionLabels}: 1000 labels, but feats.npy has 999 samples: the counts must match", e.Message);
        e = Assert.Throws<InputException>(() => ClassLabels.Load(dir.File("float.npy"), Rows(6)));
        Assert.Contains("float.npy: labels must be integers, but the array is '<f4'", e.Message);
        e = Assert.Throws<InputException>(() => ClassLabels.Load(dir.File("probs.npy"), Rows(6)));
        Assert.Contains("probs.npy: labels must be a 1-D array (one integer per sample), but the shape is (6, 2); class probabilities are given separately", e.Message);
        var images = Path.Combine(Fixtures.RepoRoot, "samples", "fashion-mnist", "t10k-images-idx3-ubyte.gz");
        e = Assert.Throws<InputException>(() => ClassLabels.Load(images, Rows(6)));
        Assert.Contains("t10k-images-idx3-ubyte.gz: IDX data of shape (1000, 28, 28) are not labels", e.Message);
        e = Assert.Throws<InputException>(() => ClassLabels.Load(dir.File("nope.csv"), Rows(6)));
        Assert.Contains("nope.csv: no such labels file", e.Message);
        var stats = FeatureSet.FromStatistics(GenMetrics.Metrics.Fid.Summarize(SyntheticFeatures.Create(1, 10, 3)), "stats.npz");
        e = Assert.Throws<InputException>(() => ClassLabels.Load(FashionLabels, stats));
        Assert.Contains("stats.npz, which holds statistics", e.Message);
    }

    [Fact]
    public void Csv_rows_are_matched_by_name_in_any_order_with_a_header_quotes_and_prefixes()
    {
        using var dir = Fixtures.TempDir();
        File.WriteAllLines(dir.File("l.csv"), ["file,label", "./3,dog", "\"0\",cat", "2,\"big, red\"", "", "1,cat", "4,dog", "5,cat"]);
        var labels = ClassLabels.Load(dir.File("l.csv"), Rows(6).Select(new SampleSelection(3, 1)));
        var idx = new SampleSelection(3, 1).Indices(6, "x");
        string[] all = ["cat", "cat", "big, red", "dog", "dog", "cat"];
        Assert.Equal(idx.Select(i => all[i]), Enumerable.Range(0, 3).Select(i => labels[i]));
    }

    [Theory]
    [InlineData(new[] { "0,a", "1,a", "2,b", "7,b", "8,a" }, "l.csv: 2 rows with a file name that feats.npy does not hold: '7' (line 4), '8' (line 5) (names are relative paths with '/', as in the source)")]
    [InlineData(new[] { "0,a", "1,a" }, "l.csv: no label for 1 sample of feats.npy: '2'")]
    [InlineData(new[] { "0,a", "1,a", "2,b", "1,b" }, "l.csv: '1' is listed twice with different classes ('a' on line 2, 'b' on line 4)")]
    [InlineData(new[] { "0,a", "1,", "2,b" }, "l.csv: line 2: '1' has an empty class name")]
    [InlineData(new[] { "0,a,x" }, "l.csv: line 1 has 3 field(s); expected two: file,label")]
    [InlineData(new[] { "file,label" }, "l.csv: no file,label rows")]
    public void Bad_csv_rows_are_named(string[] lines, string message)
    {
        using var dir = Fixtures.TempDir();
        File.WriteAllLines(dir.File("l.csv"), lines);
        var e = Assert.Throws<InputException>(() => ClassLabels.Load(dir.File("l.csv"), Rows(3)));
        Assert.Equal(dir.File(message[..message.IndexOf(':')]) + message[message.IndexOf(':')..], e.Message);
    }

    [Fact]
    public void Folders_give_classes_and_follow_skipped_images()
    {
        using var dir = Fixtures.TempDir();
        var good = Fixtures.Path("images", "decode", "rgb.png");
        Directory.CreateDirectory(dir.File("set/cat"));
        Directory.CreateDirectory(dir.File("set/dog"));
        File.Copy(good, dir.File("set/cat/a.png"));
        File.Copy(Fixtures.Path("images", "bad", "truncated.png"), dir.File("set/cat/b.png"));
        File.Copy(good, dir.File("set/dog/c.png"));
        File.Copy(good, dir.File("set/dog/d.png"));
        using var encoder = RandomCnnEncoder.Create();
        var options = new ExtractionOptions { Source = new SampleSourceOptions(Recursive: true, SkipInvalid: true), UseCache = false };
        var set = FeatureExtractor.Extract(dir.File("set"), encoder, options);
        Assert.Equal(["cat/a.png", "dog/c.png", "dog/d.png"], set.ItemNames!);
        var labels = ClassLabels.Load("folders", set);
        Assert.Equal(["cat", "dog", "dog"], Enumerable.Range(0, 3).Select(i => labels[i]));
        File.WriteAllLines(dir.File("l.csv"), ["dog/d.png,2", "cat/a.png,1", "cat/b.png,1", "dog/c.png,2"]);
        labels = ClassLabels.Load(dir.File("l.csv"), set);
        Assert.Equal(["1", "2", "2"], Enumerable.Range(0, 3).Select(i => labels[i]));

        File.Copy(good, dir.File("set/top.png"));
        var withTop = FeatureExtractor.Extract(dir.File("set"), encoder, options);
        var e = Assert.Throws<InputException>(() => ClassLabels.Load("folders", withTop));
        Assert.Contains("'top.png' is not in a sub-folder, so it has no class", e.Message);
        e = Assert.Throws<InputException>(() => ClassLabels.Load("folders", Rows(3)));
        Assert.Contains("folders: feats.npy holds features, not image files in folders", e.Message);
    }

    [Fact]
    public void Class_names_sort_integers_by_value_first()
    {
        var labels = ClassLabels.FromNames(["10", "2", "b", "a", "-1", "2"]);
        Assert.Equal(["-1", "2", "10", "a", "b"], labels.Classes);
        Assert.Equal([1, 2, 1, 1, 1], labels.CountPerClass());
        var e = Assert.Throws<InputException>(() => ClassLabels.FromNames(["a", " "], "mine"));
        Assert.Equal("mine: sample 1 has an empty class name", e.Message);
    }

    [Fact]
    public void Labels_whose_count_differs_from_their_set_are_refused_before_any_metric()
    {
        var set = new EvaluationSet { Real = Rows(6, "real.npy"), Generated = Rows(5, "gen.npy"), RealLabels = ClassLabels.FromNames(["a", "b", "a", "b", "a"], "five.csv") };
        var e = Assert.Throws<InputException>(() => Evaluator.Evaluate(set, "modes"));
        Assert.Equal("five.csv: 5 labels, but the real set real.npy has 6 samples: the counts must match", e.Message);
    }
}
