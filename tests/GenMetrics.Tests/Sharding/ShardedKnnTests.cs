using GenMetrics.Evaluation;
using GenMetrics.Metrics;
using GenMetrics.Numerics;
using GenMetrics.Reports;
using GenMetrics.Sharding;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Sharding;

/// <summary>Issue 13, item 2: PRDC and PR sharded over their query sides equal the single run exactly.</summary>
public class ShardedKnnTests
{
    [Theory]
    [InlineData(1300, 17, 5, 0, 1000)]
    [InlineData(700, 8, 3, 1, 513)]
    [InlineData(2100, 4, 9, 2, 33)]
    public void Radii_of_a_slice_equal_the_whole_sets(int n, int d, int k, int start, int count)
    {
        var x = SyntheticFeatures.Create((ulong)n, n, d);
        // Duplicates: distance 0 ties.
        var data = x.Span.ToArray();
        data.AsSpan(0, d).CopyTo(data.AsSpan(5 * d, d));
        var m = new FeatureMatrix(data, n, d);
        var sq = Knn.SquaredNorms(m.Span, n, d, "x");
        var all = Knn.KthSquaredDistances(Simd.Best, m.Memory, n, d, k, sq);
        var some = Knn.KthSquaredDistancesOf(Simd.Best, m.Memory, n, d, k, sq, start, Math.Min(count, n - start));
        Assert.Equal(all.AsSpan(start, some.Length).ToArray(), some);
    }

    public static TheoryData<int, int, int> Sizes => new()
    {
        { 1, 1500, 1300 },
        { 2, 1500, 1300 },
        { 3, 1500, 1300 },
        { 7, 2600, 1100 },   // 6 and 3 blocks over 7 shards: some shards hold no real or no generated samples
        { 4, 600, 2100 },
    };

    private static EvaluationResult Sharded(TempDir dir, EvaluationSet set, IMetric metric, int shards, string name)
    {
        var parts = new List<string>();
        for (int i = 0; i < shards; i++)
        {
            var path = dir.File($"{name}{i}.npz");
            KnnPart.Compute(set, [metric], new Shard(i, shards)).Write(path);
            parts.Add(path);
        }
        return ShardMerge.Merge(parts, dir.File($"{name}.json")).Result!;
    }

    [Theory, MemberData(nameof(Sizes))]
    public void Sharded_prdc_and_pr_equal_the_single_run(int shards, int n, int m)
    {
        using var dir = Fixtures.TempDir();
        var real = SyntheticFeatures.Create(21, n, 10);
        var gen = SyntheticFeatures.Create(22, m, 10, shift: 0.2f);
        var set = new EvaluationSet { Real = FeatureSet.FromFeatures(real, "real.npy"), Generated = FeatureSet.FromFeatures(gen, "gen.npy") };
        var merged = Sharded(dir, set, new PrdcMetric(), shards, "prdc");
        var prdc = Prdc.Compute(real, gen);
        Assert.Equal(prdc.Precision, merged["precision"]);
        Assert.Equal(prdc.Recall, merged["recall"]);
        Assert.Equal(prdc.Density, merged["density"]);
        Assert.Equal(prdc.Coverage, merged["coverage"]);
        // The counts behind them, exactly: the same share of m and n, and density's sum over k m.
        Assert.Equal(Math.Round(prdc.Precision * m), merged["precision"]!.Value * m, 9);
        var prMerged = Sharded(dir, set, new PrMetric(new PrdcOptions(4)), shards, "pr");
        var pr = Prdc.Compute(real, gen, PrdcOptions.TorchFidelity with { K = 4 });
        Assert.Equal(pr.Precision, prMerged["precision"]);
        Assert.Equal(pr.Recall, prMerged["recall"]);
        // The whole result as the single run's: the same values, settings and inputs (generated, then real, whole-set hashes).
        var single = Evaluator.Evaluate(set, "prdc");
        Assert.Equal(single.Metrics, merged.Metrics);
        Assert.Equal(single.Inputs.Select(i => (i.Role, i.Provenance)), merged.Inputs.Select(i => (i.Role, i.Provenance)));
    }

    [Fact]
    public void Prdc_and_pr_in_one_part_are_refused_as_eval_refuses_them()
    {
        var a = SyntheticFeatures.Create(1, 50, 4);
        var set = new EvaluationSet { Real = FeatureSet.FromFeatures(a), Generated = FeatureSet.FromFeatures(a) };
        var e = Assert.Throws<InputException>(() => KnnPart.Compute(set, [new PrdcMetric(), new PrMetric()], new Shard(0, 2)));
        Assert.Contains("both report precision", e.Message);
    }

    [Fact]
    public void Only_knn_metrics_are_sharded()
    {
        var a = SyntheticFeatures.Create(1, 50, 4);
        var set = new EvaluationSet { Real = FeatureSet.FromFeatures(a), Generated = FeatureSet.FromFeatures(a) };
        var e = Assert.Throws<InputException>(() => KnnPart.Compute(set, [new FidMetric()], new Shard(0, 2)));
        Assert.Contains("fid is not computed per shard", e.Message);
    }
}
