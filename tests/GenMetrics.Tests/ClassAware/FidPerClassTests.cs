using GenMetrics.Evaluation;
using GenMetrics.Metrics;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.ClassAware;

/// <summary>fid_per_class: the FID of each class's rows, their mean, and the classes left out with a named warning.</summary>
public class FidPerClassTests
{
    private static (EvaluationSet Set, FeatureMatrix Real, FeatureMatrix Gen, string[] RealLabels, string[] GenLabels) Build(int oneSampleClass = -1)
    {
        var real = SyntheticFeatures.Create(901, 300, 6);
        var gen = SyntheticFeatures.Create(902, 240, 6, shift: 0.1f);
        var rl = Enumerable.Range(0, real.Rows).Select(i => (i % 3).ToString()).ToArray();
        var gl = Enumerable.Range(0, gen.Rows).Select(i => (i % 3).ToString()).ToArray();
        if (oneSampleClass >= 0)
        {
            for (int i = 0; i < gl.Length; i++) if (gl[i] == oneSampleClass.ToString()) gl[i] = "0";
            gl[7] = oneSampleClass.ToString();
        }
        var set = new EvaluationSet
        {
            Real = FeatureSet.FromFeatures(real, "real.npy"),
            Generated = FeatureSet.FromFeatures(gen, "gen.npy"),
            RealLabels = ClassLabels.FromNames(rl, "real.csv"),
            GeneratedLabels = ClassLabels.FromNames(gl, "gen.csv"),
        };
        return (set, real, gen, rl, gl);
    }

    private static FeatureMatrix RowsOf(FeatureMatrix x, string[] labels, string c) =>
        x.SelectRows(Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).ToArray());

    [Fact]
    public void Each_class_is_the_fid_of_its_rows_and_the_key_their_mean()
    {
        var (set, real, gen, rl, gl) = Build();
        var r = Evaluator.Evaluate(set, "fid_per_class");
        var fids = new[] { "0", "1", "2" }.Select(c => Fid.Compute(RowsOf(real, rl, c), RowsOf(gen, gl, c))).ToArray();
        Assert.Equal(fids.Average(), r["fid_per_class"]!.Value, 14);
        var perClass = r.Details.Single().Value["per_class"]!;
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(fids[c], perClass[c.ToString()]!["fid"]!.GetValue<double>());
            Assert.Equal(100, perClass[c.ToString()]!["real_count"]!.GetValue<int>());
        }
        Assert.Empty(r.Warnings);
    }

    [Fact]
    public void A_class_with_one_sample_is_named_and_left_out()
    {
        var (set, real, gen, rl, gl) = Build(oneSampleClass: 2);
        var r = Evaluator.Evaluate(set, "fid_per_class");
        var fids = new[] { "0", "1" }.Select(c => Fid.Compute(RowsOf(real, rl, c), RowsOf(gen, gl, c))).ToArray();
        Assert.Equal(fids.Average(), r["fid_per_class"]!.Value, 14);
        Assert.Contains("fid_per_class: 1 class(es) with fewer than 2 samples on a side are left out of the mean: 2 (real 100, generated 1)", r.Warnings);
        var details = r.Details.Single().Value;
        Assert.Equal(["2"], details["left_out"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Null(details["per_class"]!["2"]!["fid"]);
    }

    [Fact]
    public void Missing_labels_and_no_usable_class_are_errors()
    {
        var (set, _, _, _, _) = Build();
        var e = Assert.Throws<InputException>(() => Evaluator.Evaluate(new EvaluationSet { Real = set.Real, Generated = set.Generated, RealLabels = set.RealLabels }, "fid_per_class"));
        Assert.Equal("fid_per_class: needs class labels of the generated samples (the 'fake_labels' setting)", e.Message);
        e = Assert.Throws<InputException>(() => Evaluator.Evaluate(new EvaluationSet { Real = set.Real, Generated = set.Generated }, "fid_per_class"));
        Assert.StartsWith("fid_per_class: needs a labels input", e.Message);
        var disjoint = new EvaluationSet
        {
            Real = set.Real, Generated = set.Generated, RealLabels = set.RealLabels,
            GeneratedLabels = ClassLabels.FromNames([.. Enumerable.Repeat("z", (int)set.Generated!.Count)], "gen.csv"),
        };
        e = Assert.Throws<InputException>(() => Evaluator.Evaluate(disjoint, "fid_per_class"));
        Assert.Contains("fid_per_class: no class has at least 2 samples on both sides (0 (real 100, generated 0)", e.Message);
    }
}
