using System.Text.Json;
using System.Text.Json.Nodes;
using GenMetrics.Evaluation;
using GenMetrics.Metrics;
using GenMetrics.Numerics;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.ClassAware;

/// <summary>
/// Mode counting against tests/fixtures/modes (parity/modes_parity.py): the kNN vote equals scikit-learn's
/// KNeighborsClassifier prediction sample for sample (ties included), k-means modes equal sklearn KMeans', and the
/// histogram, dropped classes and KL equal the numpy transcription; plus the rules around them.
/// </summary>
public class ModesTests
{
    private static JsonElement Load(string name) => JsonDocument.Parse(File.ReadAllText(Fixtures.Path("modes", name + ".json"))).RootElement;

    private static FeatureSet Features(JsonElement r) => FeatureSet.FromFeatures(SyntheticFeatures.Create(
        r.GetProperty("seed").GetUInt64(), r.GetProperty("n").GetInt32(), r.GetProperty("d").GetInt32(),
        r.GetProperty("shift").GetSingle(), r.GetProperty("factor").GetSingle()));

    private static int[] Ints(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetInt32())];

    [Theory, InlineData("knn10"), InlineData("knn4_ties")]
    public void Knn_vote_equals_sklearn_sample_for_sample_and_the_histogram_equals_numpy(string name)
    {
        var f = Load(name);
        var real = Features(f.GetProperty("real"));
        var generated = Features(f.GetProperty("generated"));
        var labels = ClassLabels.Load(Fixtures.Path("modes", name + "_real_labels.npy"), real);
        int k = f.GetProperty("mode_k").GetInt32();
        var codes = labels.Codes.ToArray();
        var predicted = ModeCounting.KnnVote(real.Features!, codes, labels.Classes.Count, generated.Features!, k);
        Assert.True(f.GetProperty("ties").GetInt32() > 50);   // the tie rule is exercised
        Assert.Equal(Ints(f.GetProperty("predicted")), predicted.Select(c => int.Parse(labels.Classes[c])));
        var options = new ModesOptions(K: k, Threshold: f.GetProperty("threshold").GetDouble());
        var result = Evaluator.Evaluate(new EvaluationSet { Real = real, Generated = generated, RealLabels = labels }, [new ModesMetric(options)]);
        Check(f, result, labels.Classes);
    }

    [Fact]
    public void Kmeans_modes_equal_sklearn()
    {
        var f = Load("kmeans5");
        var real = Features(f.GetProperty("real"));
        var generated = Features(f.GetProperty("generated"));
        var options = new ModesOptions(Modes: f.GetProperty("modes").GetInt32(), Seed: f.GetProperty("mode_seed").GetInt64(), Threshold: f.GetProperty("threshold").GetDouble());
        var fit = KMeans.Fit(real.Features!, options.Modes, RandomState.FromSeed(options.Seed), options.Restarts);
        Assert.Equal(Ints(f.GetProperty("real_modes")), fit.Labels);
        Assert.Equal(Ints(f.GetProperty("predicted")), KMeans.Assign(generated.Features!, fit.Centers, fit.K));
        var result = Evaluator.Evaluate(new EvaluationSet { Real = real, Generated = generated }, [new ModesMetric(options)]);
        Check(f, result, ["0", "1", "2", "3", "4"]);
        Assert.Equal("k-means modes of the real features", result.Details.Single().Value["assignment"]!.GetValue<string>());
    }

    private static void Check(JsonElement f, GenMetrics.Reports.EvaluationResult result, IReadOnlyList<string> classes)
    {
        Assert.Equal(f.GetProperty("modes_total").GetInt32(), result["modes_total"]);
        Assert.Equal(f.GetProperty("modes_covered").GetInt32(), result["modes_covered"]);
        double kl = f.GetProperty("mode_kl").GetDouble();
        Assert.True(Math.Abs(result["mode_kl"]!.Value - kl) <= 1e-12 * kl, $"{result["mode_kl"]:R} vs {kl:R}");
        var details = result.Details.Single(d => d.Key == "modes").Value;
        Assert.Equal(Ints(f.GetProperty("dropped")).Select(c => classes[c]), details["dropped"]!.AsArray().Select(x => x!.GetValue<string>()));
        var perClass = details["per_class"]!.AsObject();
        var rc = Ints(f.GetProperty("real_counts"));
        var gc = Ints(f.GetProperty("generated_counts"));
        for (int c = 0; c < classes.Count; c++)
        {
            var o = perClass[classes[c]]!;
            Assert.Equal(rc[c], o["real_count"]!.GetValue<int>());
            Assert.Equal(gc[c], o["generated_count"]!.GetValue<int>());
        }
    }

    [Fact]
    public void Dropped_classes_are_named_sorted_in_words_and_the_kl_floors_missing_shares()
    {
        // Real: classes 2, 10 and x, 4 samples each; generated: only class 2, plus one class the real set lacks.
        var rows = Enumerable.Range(0, 12).Select(i => new[] { (float)(i / 4), (float)(i % 4) }).ToArray();
        var real = FeatureSet.FromFeatures(FeatureMatrix.FromRows(rows), "real");
        var generated = FeatureSet.FromFeatures(FeatureMatrix.FromRows(rows[..5]), "gen");
        var set = new EvaluationSet
        {
            Real = real,
            Generated = generated,
            RealLabels = ClassLabels.FromNames([.. Enumerable.Range(0, 12).Select(i => (string[])["2", "10", "x"] is var n ? n[i / 4] : "")]),
            GeneratedLabels = ClassLabels.FromNames(["2", "2", "2", "2", "y"]),
        };
        var r = Evaluator.Evaluate(set, "modes");
        Assert.Equal(3, r["modes_total"]);
        Assert.Equal(1, r["modes_covered"]);
        double expected = 2 * (1.0 / 3) * Math.Log((1.0 / 3) / 1e-12) + (1.0 / 3) * Math.Log((1.0 / 3) / 0.8);
        Assert.Equal(expected, r["mode_kl"]!.Value, 12);
        var details = r.Details.Single().Value;
        Assert.Equal(["10", "x"], details["dropped"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Contains("modes: the generated set misses 2 of 3 classes (generated share below 0.25 x the real share): 10, x", r.Warnings);
        Assert.Contains(r.Warnings, w => w.StartsWith("modes: 1 generated samples have classes the real set does not have (y)"));
        var two = details["per_class"]!["2"]!;
        Assert.Equal(0.8 / (1.0 / 3), two["ratio"]!.GetValue<double>(), 12);
        Assert.NotNull(two["fid"]);
        Assert.Null(details["per_class"]!["10"]!["fid"]);   // no generated sample of class 10
    }

    [Fact]
    public void Vote_ties_go_to_the_first_class_and_equal_distances_to_the_lower_index()
    {
        // Query at 0: neighbours at distance 1 (class b, index 0), 1 (class a, index 1), 2 (class a), 2 (class b).
        var real = FeatureMatrix.FromRows([[1f], [-1f], [2f], [-2f]]);
        int[] codes = [1, 0, 0, 1];
        var q = FeatureMatrix.FromRows([[0f]]);
        Assert.Equal(0, ModeCounting.KnnVote(real, codes, 2, q, 2)[0]);   // one vote each: the first class (a)
        Assert.Equal(1, ModeCounting.KnnVote(real, codes, 2, q, 1)[0]);   // equal distance: index 0 (b) is nearer
        Assert.Equal(0, ModeCounting.KnnVote(real, codes, 2, q, 3)[0]);   // a, b, and a at distance 2 (index 2 before 3)
    }

    [Fact]
    public void The_vote_does_not_depend_on_the_thread_count()
    {
        var f = Load("knn10");
        var real = Features(f.GetProperty("real")).Features!;
        var generated = Features(f.GetProperty("generated")).Features!;
        var codes = Enumerable.Range(0, real.Rows).Select(i => i % 7).ToArray();
        var many = ModeCounting.KnnVote(real, codes, 7, generated, 10);
        var one = Threads.Single(() => { using var _ = Parallelism.Limit(1); return ModeCounting.KnnVote(real, codes, 7, generated, 10); });
        Assert.Equal(many, one);
    }

    [Fact]
    public void Generated_labels_need_real_labels_and_options_are_checked()
    {
        var real = FeatureSet.FromFeatures(SyntheticFeatures.Create(1, 20, 3), "real.npy");
        var gen = FeatureSet.FromFeatures(SyntheticFeatures.Create(2, 20, 3), "gen.npy");
        var e = Assert.Throws<InputException>(() => Evaluator.Evaluate(new EvaluationSet { Real = real, Generated = gen, GeneratedLabels = ClassLabels.FromNames([.. Enumerable.Repeat("a", 20)], "g.csv") }, "modes"));
        Assert.Contains("modes: the generated samples have labels (g.csv) but the real ones have none", e.Message);
        e = Assert.Throws<InputException>(() => Evaluator.Evaluate(new EvaluationSet { Real = real, Generated = gen, RealLabels = ClassLabels.FromNames([.. Enumerable.Repeat("a", 20)]) }, [new ModesMetric(new ModesOptions(K: 21))]));
        Assert.Contains("real.npy: 20 samples, but a vote of the 21 nearest real samples (the 'mode_k' setting) needs at least 21", e.Message);
        Assert.Equal("mode_k", Assert.Throws<InputException>(() => new ModesMetric(new ModesOptions(K: 0))).Setting);
        Assert.Equal("mode_threshold", Assert.Throws<InputException>(() => new ModesMetric(new ModesOptions(Threshold: 1.5))).Setting);
        Assert.Equal("modes", Assert.Throws<InputException>(() => new ModesMetric(new ModesOptions(Modes: 0))).Setting);
    }
}
