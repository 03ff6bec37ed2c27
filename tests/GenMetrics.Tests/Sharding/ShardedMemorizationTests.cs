using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Metrics;
using GenMetrics.Reports;
using GenMetrics.Sharding;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Sharding;

/// <summary>Issue 13, item 2: copies, alpha_precision and ct sharded over their query sides equal the single run exactly.</summary>
public class ShardedMemorizationTests
{
    private const int D = 10;

    /// <summary>
    /// Real, generated and training features with what the metrics look for, spread over every shard: exact and near
    /// copies of training samples, a duplicated training sample (own 1-NN distance 0: an exact copy of it has ratio 0,
    /// a near one +∞), and a generated sample duplicated in another shard (a tie for a real sample's nearest one).
    /// </summary>
    internal static (FeatureMatrix Real, FeatureMatrix Generated, FeatureMatrix Train) Data(int nReal, int nGen, int nTrain)
    {
        var train = SyntheticFeatures.Create(41, nTrain, D).Span.ToArray();
        train.AsSpan(0, D).CopyTo(train.AsSpan(7 * D, D));
        var gen = SyntheticFeatures.Create(42, nGen, D, shift: 0.1f).Span.ToArray();
        for (int c = 0; c < 40; c++)
        {
            int g = (c * 97 + 3) % nGen, t = (c * 31 + 11) % nTrain;
            for (int j = 0; j < D; j++) gen[g * D + j] = train[t * D + j] + (c % 3 == 0 ? 0 : 1e-3f * (j + 1));
        }
        train.AsSpan(0, D).CopyTo(gen.AsSpan((nGen - 2) * D, D));
        for (int j = 0; j < D; j++) gen[(nGen - 1) * D + j] = train[j] + 1e-4f;
        gen.AsSpan(5 * D, D).CopyTo(gen.AsSpan((nGen - 3) * D, D));
        var real = SyntheticFeatures.Create(43, nReal, D).Span.ToArray();
        for (int j = 0; j < D; j++) real[3 * D + j] = gen[5 * D + j] + 1e-2f;
        return (new FeatureMatrix(real, nReal, D, "real.npy"), new FeatureMatrix(gen, nGen, D, "gen.npy"), new FeatureMatrix(train, nTrain, D, "train.npy"));
    }

    internal static EvaluationSet Set(FeatureMatrix real, FeatureMatrix gen, FeatureMatrix? train) => new()
    {
        Real = FeatureSet.FromFeatures(real, "real.npy"),
        Generated = FeatureSet.FromFeatures(gen, "gen.npy"),
        Train = train is null ? null : FeatureSet.FromFeatures(train, "train.npy"),
    };

    private static List<string> Parts(TempDir dir, EvaluationSet set, IReadOnlyList<IMetric> metrics, int shards, string name)
    {
        var parts = new List<string>();
        for (int i = 0; i < shards; i++)
        {
            var path = dir.File($"{name}{i}.npz");
            KnnPart.Compute(set, metrics, new Shard(i, shards)).Write(path);
            parts.Add(path);
        }
        return parts;
    }

    private static EvaluationResult Sharded(TempDir dir, EvaluationSet set, IReadOnlyList<IMetric> metrics, int shards, string name) =>
        ShardMerge.Merge(Parts(dir, set, metrics, shards, name), dir.File($"{name}.json")).Result!;

    public static TheoryData<int, int, int, int> Sizes => new()
    {
        { 1, 900, 1500, 1300 },
        { 2, 900, 1500, 1300 },
        { 3, 1100, 1500, 1300 },
        { 7, 700, 2600, 1100 },   // 2, 6 and 3 blocks over 7 shards: some shards hold no real, generated or training samples, the last none at all
    };

    private static void AssertSameAsSingleRun(EvaluationResult single, EvaluationResult merged)
    {
        // The values bit for bit, the details (the copies list, the curves) as the same JSON, and the same inputs.
        Assert.Equal(single.Metrics, merged.Metrics);
        Assert.Equal(single.Details.Select(x => (x.Key, x.Value.ToJsonString())), merged.Details.Select(x => (x.Key, x.Value.ToJsonString())));
        Assert.Equal(single.Inputs.Select(i => (i.Role, i.Provenance)), merged.Inputs.Select(i => (i.Role, i.Provenance)));
        Assert.Equal(single.Settings.Select(s => s.Key), merged.Settings.Select(s => s.Key));
        foreach (var (name, settings) in single.Settings)
            Assert.Equal(settings, merged.Settings.Single(s => s.Key == name).Value.SkipLast(1));
        Assert.Equal(single.Warnings, merged.Warnings);
    }

    [Theory, MemberData(nameof(Sizes))]
    public void Sharded_copies_equal_the_single_run(int shards, int nReal, int nGen, int nTrain)
    {
        using var dir = Fixtures.TempDir();
        var (real, gen, train) = Data(nReal, nGen, nTrain);
        foreach (var withTrain in new[] { true, false })
        {
            var set = Set(real, gen, withTrain ? train : null);
            var metric = new CopiesMetric();
            var merged = Sharded(dir, set, [metric], shards, withTrain ? "t" : "r");
            var single = Evaluator.Evaluate(set, [metric]);
            AssertSameAsSingleRun(single, merged);
            if (!withTrain) continue;
            // The list itself, as the library computes it on the whole sets: 40 planted copies and the two next to the
            // duplicated training sample (ratio 0 listed, +∞ not).
            var r = Copies.Compute(train, gen);
            var items = merged.Details.Single(x => x.Key == "copies").Value["items"]!.AsArray();
            Assert.Equal(r.Matches.Count, items.Count);
            Assert.True(r.Matches.Count >= 40, $"{r.Matches.Count} copies");
            for (int i = 0; i < items.Count; i++)
            {
                Assert.Equal(r.Matches[i].Generated, (int)items[i]!["generated"]!);
                Assert.Equal(r.Matches[i].Train, (int)items[i]!["train"]!);
                Assert.Equal(r.Matches[i].Ratio, (double)items[i]!["ratio"]!);
                Assert.Equal(r.Matches[i].Distance, (double)items[i]!["distance"]!);
            }
            Assert.Equal(r.Fraction, merged["copy_fraction"]);
            Assert.Contains(r.Matches, x => x.Generated == nGen - 2 && x.Ratio == 0);
            Assert.True(double.IsPositiveInfinity(r.Ratios[nGen - 1]));
        }
    }

    [Theory, MemberData(nameof(Sizes))]
    public void Sharded_alpha_precision_equals_the_single_run(int shards, int nReal, int nGen, int nTrain)
    {
        using var dir = Fixtures.TempDir();
        var (real, gen, train) = Data(nReal, nGen, nTrain);
        foreach (var withTrain in new[] { true, false })
        {
            var set = Set(real, gen, withTrain ? train : null);
            var metric = new AlphaPrecisionMetric();
            var merged = Sharded(dir, set, [metric], shards, withTrain ? "t" : "r");
            AssertSameAsSingleRun(Evaluator.Evaluate(set, [metric]), merged);
            var r = AlphaPrecision.Compute(real, gen, withTrain ? train : null);
            Assert.Equal(r.AlphaPrecision, merged["alpha_precision"]);
            Assert.Equal(r.BetaRecall, merged["beta_recall"]);
            Assert.Equal(r.Authenticity, merged["authenticity"]);
            Assert.InRange(r.Authenticity, 0.5, 0.99);   // the planted copies are not authentic
        }
    }

    [Theory, MemberData(nameof(Sizes))]
    public void Sharded_ct_equals_the_single_run(int shards, int nReal, int nGen, int nTrain)
    {
        using var dir = Fixtures.TempDir();
        var (real, gen, train) = Data(nReal, nGen, nTrain);
        var set = Set(real, gen, train);
        // The defaults (3 cells, no PCA at d = 10), and 4 cells in a 4-dimensional PCA with 2 restarts and a given tau.
        foreach (var o in new[] { new DataCopyingOptions(), new DataCopyingOptions(Cells: 4, PcaDimensions: 4, Restarts: 2, Seed: 7, Tau: 0.05) })
        {
            var metric = new DataCopyingMetric(o);
            var merged = Sharded(dir, set, [metric], shards, $"ct{o.Cells}_");
            AssertSameAsSingleRun(Evaluator.Evaluate(set, [metric]), merged);
            var r = DataCopying.Compute(train, real, gen, o);
            Assert.Equal(r.Ct, merged["ct"]);
            Assert.Equal(o.Cells, r.Cells.Count(c => c.U is not null));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void Prdc_copies_alpha_precision_and_ct_in_one_part_equal_the_single_run(int shards)
    {
        using var dir = Fixtures.TempDir();
        var (real, gen, train) = Data(1100, 1600, 1200);
        var set = Set(real, gen, train);
        IMetric[] metrics = [new PrdcMetric(), new CopiesMetric(new CopiesOptions(0.3)), new AlphaPrecisionMetric(new AlphaPrecisionOptions(Steps: 17)), new DataCopyingMetric()];
        var merged = Sharded(dir, set, metrics, shards, "all");
        AssertSameAsSingleRun(Evaluator.Evaluate(set, metrics), merged);
        Assert.Equal(new[] { "prdc", "copies", "alpha_precision", "ct" }, merged.MetricInfos.Select(i => i.Name));
    }

    [Fact]
    public void Metrics_that_cannot_be_sharded_name_themselves()
    {
        var (real, gen, train) = Data(60, 50, 70);
        var set = Set(real, gen, train);
        var e = Assert.Throws<InputException>(() => KnnPart.Compute(set, [new AlphaPrecisionMetric(new AlphaPrecisionOptions(Authenticity: AuthenticityRule.MainBranch))], new Shard(0, 2)));
        Assert.Contains("alpha_precision with authenticity_rule main-branch is not computed per shard", e.Message);
        e = Assert.Throws<InputException>(() => KnnPart.Compute(set, [new AlphaPrecisionMetric(new AlphaPrecisionOptions(Center: new double[D]))], new Shard(0, 2)));
        Assert.Contains("alpha_precision with a given centre is not computed per shard", e.Message);
        e = Assert.Throws<InputException>(() => KnnPart.Compute(set, [new DataCopyingMetric(new DataCopyingOptions(CellLabels: new DataCopyingCells([0], [0], [0])))], new Shard(0, 2)));
        Assert.Contains("ct with cells from a file (ct_cell_labels) is not computed per shard", e.Message);
        e = Assert.Throws<InputException>(() => KnnPart.Compute(set, [new CopiesMetric(), new KidMetric()], new Shard(0, 2)));
        Assert.Contains("kid is not computed per shard: shards of an evaluation compute prdc, pr, copies, alpha_precision and ct", e.Message);
    }

    [Fact]
    public void Bad_merges_of_memorization_parts_name_the_parts()
    {
        using var dir = Fixtures.TempDir();
        var (real, gen, train) = Data(600, 1100, 900);
        var set = Set(real, gen, train);
        var copies = Parts(dir, set, [new CopiesMetric()], 2, "c");
        var copies3 = Parts(dir, set, [new CopiesMetric(new CopiesOptions(0.3))], 2, "c3_");
        var alpha = Parts(dir, set, [new AlphaPrecisionMetric()], 2, "a");
        var ct3 = Parts(dir, set, [new DataCopyingMetric()], 2, "ct3_");
        var ct4 = Parts(dir, set, [new DataCopyingMetric(new DataCopyingOptions(Cells: 4))], 2, "ct4_");
        InputException Merge(params string[] parts) => Assert.Throws<InputException>(() => ShardMerge.Merge(parts, dir.File("out.json")));

        // Parts of different metrics, or of one metric with different settings.
        Assert.Contains($"{copies[0]} computed copies (k = 1, copy_ratio=0.5) but {alpha[1]} computed alpha_precision (k = 1, steps=30)", Merge(copies[0], alpha[1]).Message);
        Assert.Contains($"{copies[0]} computed copies (k = 1, copy_ratio=0.5) but {copies3[1]} computed copies (k = 1, copy_ratio=0.3)", Merge(copies[0], copies3[1]).Message);
        Assert.Contains($"{ct3[0]} computed ct (k = 1, cells=3, pca=64, restarts=10, seed=2020, tau=auto) but {ct4[1]} computed ct (k = 1, cells=4, pca=64, restarts=10, seed=2020, tau=auto)",
            Merge(ct3[0], ct4[1]).Message);
        // A missing shard.
        Assert.Contains($"shard 1/2 is missing (given: 0/2 {copies[0]})", Merge(copies[0]).Message);
        // A part from another training set of the same name and size.
        var other = SyntheticFeatures.Create(77, train.Rows, D, name: "train.npy");
        var otherParts = Parts(dir, Set(real, gen, other), [new CopiesMetric()], 2, "o");
        Assert.Contains($"{copies[0]} and {otherParts[1]} come from different train sources: {copies[0]} from train.npy (900 samples), {otherParts[1]} from train.npy (900 samples) (same name, but the files differ)",
            Merge(copies[0], otherParts[1]).Message);
        // A part without the training set, against one with it.
        var noTrain = Parts(dir, Set(real, gen, null), [new CopiesMetric()], 2, "n");
        Assert.Contains($"{copies[0]} and {noTrain[1]} have different inputs", Merge(copies[0], noTrain[1]).Message);
        // A part that lacks one of the metric's arrays.
        var cut = dir.File("cut1.npz");
        Npz.Write(cut, Npz.ListArrays(alpha[1]).Where(k => k != "alpha_precision_nearest_d2").Select(k => new KeyValuePair<string, NpyArray>(k, Npz.ReadArray(alpha[1], k))).ToList());
        Assert.Contains($"{cut}: not a valid GenMetrics part (no array 'alpha_precision_nearest_d2', which alpha_precision needs)", Merge(alpha[0], cut).Message);
        Assert.False(File.Exists(dir.File("out.json")));
    }
}
