using System.Text.Json;
using GenMetrics.Evaluation;
using GenMetrics.Metrics;
using GenMetrics.Tests.Support;
using Xunit.Abstractions;

namespace GenMetrics.Tests.ClassAware;

/// <summary>
/// c2st against tests/fixtures/c2st (parity/c2st_parity.py: scikit-learn 1.2's LogisticRegression at its optimum,
/// MLPClassifier with Adam and shuffle=False, roc_auc_score, and the permutation p-value on the same split): every
/// held-out score of both critics within 1e-7 (logistic, bounded by sklearn's remaining gradient) and 1e-9 (MLP), the
/// AUCs, accuracies and p-value exactly; thread-count independence; options and sizes checked.
/// </summary>
public class C2stTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases() => ["shift_d16", "cov_d32", "same_d24", "batches_d8"];

    private static JsonElement Load(string name) => JsonDocument.Parse(File.ReadAllText(Fixtures.Path("c2st", name + ".json"))).RootElement;

    private static FeatureMatrix Features(JsonElement r) =>
        SyntheticFeatures.Create(r.GetProperty("seed").GetUInt64(), r.GetProperty("n").GetInt32(), r.GetProperty("d").GetInt32(),
            r.GetProperty("shift").GetSingle(), r.GetProperty("factor").GetSingle());

    private static C2stOptions Options(JsonElement o) => new(
        Permutations: o.GetProperty("permutations").GetInt32(), Seed: o.GetProperty("seed").GetInt64(), Hidden: o.GetProperty("hidden").GetInt32(),
        Epochs: o.GetProperty("epochs").GetInt32(), BatchSize: o.GetProperty("batch_size").GetInt32(), LearningRate: o.GetProperty("learning_rate").GetDouble(),
        Alpha: o.GetProperty("alpha").GetDouble(), C: o.GetProperty("c").GetDouble());

    [Theory, MemberData(nameof(Cases))]
    public void Critics_scores_aucs_and_p_equal_scikit_learns(string name)
    {
        var f = Load(name);
        var options = Options(f.GetProperty("options"));
        var r = C2st.Compute(Features(f.GetProperty("real")), Features(f.GetProperty("generated")), options);
        Assert.Equal(f.GetProperty("train").GetInt32(), r.Train);
        Assert.Equal(f.GetProperty("test").GetInt32(), r.Test);
        Assert.True(r.LogisticConverged, $"{r.LogisticIterations} iterations");
        foreach (var (critic, scores, score, tolerance) in new[] { ("logistic", r.LogisticScores, r.Logistic, 1e-7), ("mlp", r.MlpScores, r.Mlp, 1e-9) })
        {
            var want = f.GetProperty(critic);
            var refScores = want.GetProperty("scores").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(refScores.Length, scores.Length);
            double worst = 0;
            for (int i = 0; i < scores.Length; i++) worst = Math.Max(worst, Math.Abs(scores[i] - refScores[i]) / Math.Max(1, Math.Abs(refScores[i])));
            output.WriteLine($"{name} {critic}: auc {score.Auc:R} (sklearn {want.GetProperty("auc").GetDouble():R}), accuracy {score.Accuracy} ({want.GetProperty("accuracy").GetDouble()}), worst score difference {worst:e2}");
            Assert.True(worst <= tolerance, $"{critic}: {worst:e2}");
            Assert.Equal(want.GetProperty("auc").GetDouble(), score.Auc);
            Assert.Equal(want.GetProperty("accuracy").GetDouble(), score.Accuracy);
        }
        Assert.Equal(f.GetProperty("c2st_p").GetDouble(), r.P);
        Assert.Equal(f.GetProperty("null_mean").GetDouble(), r.NullMean, 12);
        Assert.Equal(f.GetProperty("c2st_auc").GetDouble(), r.Best.Auc);
    }

    [Fact]
    public void The_metric_reports_the_better_critic_and_details()
    {
        var f = Load("cov_d32");
        var set = new EvaluationSet { Real = FeatureSet.FromFeatures(Features(f.GetProperty("real"))), Generated = FeatureSet.FromFeatures(Features(f.GetProperty("generated"))) };
        var r = Evaluator.Evaluate(set, [new C2stMetric(Options(f.GetProperty("options")))]);
        // The covariance differs, the mean does not: only the MLP sees it.
        Assert.Equal(f.GetProperty("mlp").GetProperty("auc").GetDouble(), r["c2st_auc"]!.Value);
        Assert.Equal(f.GetProperty("mlp").GetProperty("accuracy").GetDouble(), r["c2st_accuracy"]!.Value);
        Assert.Equal(f.GetProperty("c2st_p").GetDouble(), r["c2st_p"]!.Value);
        var details = r.Details.Single().Value;
        Assert.Equal("mlp", details["critic"]!.GetValue<string>());
        Assert.Equal(f.GetProperty("logistic").GetProperty("auc").GetDouble(), details["logistic"]!["auc"]!.GetValue<double>());
        Assert.Equal(500, details["test_samples"]!.GetValue<int>());
        Assert.Empty(r.Warnings);
    }

    [Fact]
    public void C2st_does_not_depend_on_the_thread_count()
    {
        var real = SyntheticFeatures.Create(21, 700, 300);
        var generated = SyntheticFeatures.Create(22, 650, 300, shift: 0.02f);
        var options = new C2stOptions(Epochs: 3, Permutations: 50);
        var many = C2st.Compute(real, generated, options);
        var one = Threads.Single(() => { using var _ = Parallelism.Limit(1); return C2st.Compute(real, generated, options); });
        Assert.Equal(many.LogisticScores, one.LogisticScores);
        Assert.Equal(many.MlpScores, one.MlpScores);
        Assert.Equal(many.P, one.P);
    }

    [Fact]
    public void Options_sizes_and_unbalanced_sets_are_checked()
    {
        Assert.Equal("c2st_permutations", Assert.Throws<InputException>(() => new C2stMetric(new C2stOptions(Permutations: -1))).Setting);
        Assert.Equal("c2st_seed", Assert.Throws<InputException>(() => new C2stMetric(new C2stOptions(Seed: -2))).Setting);
        Assert.Equal("c2st_hidden", Assert.Throws<InputException>(() => new C2stMetric(new C2stOptions(Hidden: 0))).Setting);
        Assert.Equal("c2st_epochs", Assert.Throws<InputException>(() => new C2stMetric(new C2stOptions(Epochs: 0))).Setting);
        static FeatureSet Set(ulong seed, int n, string source) => FeatureSet.FromFeatures(new FeatureMatrix(SyntheticFeatures.Create(seed, n, 6).Span.ToArray(), n, 6, source));
        var few = Assert.Throws<InputException>(() => Evaluator.Evaluate(new EvaluationSet { Real = Set(1, 50, "real.npy"), Generated = Set(2, 3, "fake.npy") }, [new C2stMetric()]));
        Assert.Contains("fake.npy: 3 samples", few.Message);
        // Four of each: some seed leaves a half with one class only; the error names it.
        var tiny = new EvaluationSet { Real = Set(1, 4, "real.npy"), Generated = Set(2, 4, "fake.npy") };
        InputException? split = null;
        for (int seed = 0; seed < 50 && split is null; seed++)
        {
            try { Evaluator.Evaluate(tiny, [new C2stMetric(new C2stOptions(Seed: seed, Epochs: 1, Permutations: 0))]); }
            catch (InputException e) { split = e; }
        }
        Assert.NotNull(split);
        Assert.Contains("c2st's seeded split", split.Message);
        var unbalanced = Evaluator.Evaluate(new EvaluationSet { Real = Set(1, 200, "real.npy"), Generated = Set(2, 100, "fake.npy") },
            [new C2stMetric(new C2stOptions(Epochs: 2, Permutations: 10))]);
        Assert.Contains(unbalanced.Warnings, w => w.Contains("chance level") && w.Contains("200 real and 100 generated"));
        Assert.Contains(unbalanced.Warnings, w => w.Contains("p-value cannot be below 0.091"));
        double chance = unbalanced.Details.Single().Value["chance_accuracy"]!.GetValue<double>();
        Assert.InRange(chance, 0.55, 0.8);
    }
}
