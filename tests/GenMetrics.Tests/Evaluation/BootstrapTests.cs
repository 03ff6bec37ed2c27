using System.Text.Json;
using GenMetrics.Evaluation;
using GenMetrics.Metrics;
using GenMetrics.Numerics;
using GenMetrics.Reports;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Evaluation;

/// <summary>
/// Issue 9, item 8: bootstrap intervals. The fixtures (parity/bootstrap_parity.py) follow the documented recipe in
/// NumPy on copied rows; GenMetrics draws the same resamples and computes FID from multiplicity weights.
/// </summary>
public class BootstrapTests
{
    public static TheoryData<string> Cases => new() { "gen_d16", "both_d32", "gen_singular_d64", "gen_d128" };

    private static FeatureSet Set(JsonElement spec, string name) => FeatureSet.FromFeatures(MemorizationFixtures.Synthetic(spec, name));

    [Theory, MemberData(nameof(Cases))]
    public void Replicates_and_intervals_equal_numpy_on_copied_rows(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("bootstrap", name + ".json")));
        var root = doc.RootElement;
        var o = root.GetProperty("options");
        var options = new BootstrapOptions(o.GetProperty("replicates").GetInt32(), o.GetProperty("seed").GetInt64(), o.GetProperty("resample_real").GetBoolean());
        var set = new EvaluationSet { Real = Set(root.GetProperty("real"), "real"), Generated = Set(root.GetProperty("generated"), "generated") };
        bool prdc = root.TryGetProperty("precision", out _);

        // The draws: rng.randint(0, n, n), generated first.
        var rng = new RandomState((uint)options.Seed);
        var ig = new int[set.Generated.Count];
        Bootstrap.Draw(rng, ig);
        var first = root.GetProperty("first_draw");
        Assert.Equal(first.GetProperty("generated").EnumerateArray().Select(x => x.GetInt32()), ig[..10]);
        if (options.ResampleReal)
        {
            var ir = new int[set.Real.Count];
            Bootstrap.Draw(rng, ir);
            Assert.Equal(first.GetProperty("real").EnumerateArray().Select(x => x.GetInt32()), ir[..10]);
        }

        // Every FID replicate (weights, no copies) equals the exact FID of the copied resample.
        var fid = new FidMetric();
        var values = Bootstrap.Replicates(set, fid, options, options.ResampleReal, CancellationToken.None);
        var expected = root.GetProperty("fid").GetProperty("values").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        for (int b = 0; b < expected.Length; b++)
            Assert.True(Math.Abs(values["fid"][b] - expected[b]) <= 1e-9 * expected[b], $"replicate {b}: {values["fid"][b]} vs {expected[b]}");

        IMetric[] metrics = prdc ? [fid, new PrdcMetric()] : [fid];
        var result = Evaluator.Evaluate(set, metrics, options);
        AssertInterval(root.GetProperty("fid").GetProperty("interval"), result.Interval("fid"), 1e-9);
        if (prdc)
        {
            // The general path: prdc on the copied resample (precision and density only; recall and coverage get no interval).
            AssertInterval(root.GetProperty("precision").GetProperty("interval"), result.Interval("precision"), 1e-15);
            AssertInterval(root.GetProperty("density").GetProperty("interval"), result.Interval("density"), 1e-15);
            Assert.Null(result.Interval("recall"));
            Assert.Null(result.Interval("coverage"));
            Assert.Contains(result.Bootstrap!.WithoutInterval, x => x.Key == "coverage");
        }
        Assert.Equal(options.ResampleReal ? [InputRole.Generated, InputRole.Real] : [InputRole.Generated],
            result.Bootstrap!.Resampled.Single(x => x.Key == "fid").Value);
    }

    private static void AssertInterval(JsonElement expected, MetricInterval? actual, double rel)
    {
        Assert.NotNull(actual);
        double lo = expected[0].GetDouble(), hi = expected[1].GetDouble();
        Assert.True(Math.Abs(actual.Lower - lo) <= rel * Math.Abs(lo) + 1e-300, $"lower {actual.Lower} vs {lo}");
        Assert.True(Math.Abs(actual.Upper - hi) <= rel * Math.Abs(hi) + 1e-300, $"upper {actual.Upper} vs {hi}");
    }

    [Fact]
    public void The_weighted_fid_of_a_resample_equals_fid_of_its_copied_rows_on_every_path()
    {
        var real = FeatureSet.FromFeatures(SyntheticFeatures.Create(601, 300, 24));
        var gen = FeatureSet.FromFeatures(SyntheticFeatures.Create(602, 200, 24, shift: 0.1f));
        var rng = new RandomState(5);
        var ig = new int[200];
        var ir = new int[300];
        Bootstrap.Draw(rng, ig);
        Bootstrap.Draw(rng, ir);
        int[] Counts(int[] idx, int n) { var c = new int[n]; foreach (int i in idx) c[i]++; return c; }
        double copied = Fid.Compute(real.Features!, gen.Features!.SelectRows(ig));
        double projected = FidResampling.Prepare(real, gen, resampleReal: false).Replicate(Counts(ig, 200), null);
        double general = Fid.FromStats(real.Statistics(), FidResampling.Weighted(gen.Features!, gen.Statistics().MeanArray, Counts(ig, 200)));
        Assert.Equal(copied, projected, 1e-11 * copied);
        Assert.Equal(copied, general, 1e-11 * copied);
        double both = FidResampling.Prepare(real, gen, resampleReal: true).Replicate(Counts(ig, 200), Counts(ir, 300));
        double bothCopied = Fid.Compute(real.Features!.SelectRows(ir), gen.Features!.SelectRows(ig));
        Assert.Equal(bothCopied, both, 1e-11 * bothCopied);
    }

    [Fact]
    public void Intervals_do_not_depend_on_the_thread_count_and_reach_the_json()
    {
        var set = new EvaluationSet
        {
            Real = FeatureSet.FromFeatures(SyntheticFeatures.Create(611, 300, 16)),
            Generated = FeatureSet.FromFeatures(SyntheticFeatures.Create(612, 250, 16, shift: 0.1f)),
        };
        var metrics = MetricRegistry.Default.Resolve(["fid", "mind", "vendi"]).Select(d => d.Create()).ToList();
        var options = new BootstrapOptions(12);
        EvaluationResult one;
        using (Parallelism.Limit(1)) one = Evaluator.Evaluate(set, metrics, options);
        var all = Evaluator.Evaluate(set, metrics, options);
        Assert.Equal(one.Intervals, all.Intervals);
        Assert.NotNull(all.Interval("mind"));
        Assert.Null(all.Interval("vendi"));

        using var json = JsonDocument.Parse(ResultJson.Serialize(all));
        var root = json.RootElement;
        var ci = root.GetProperty("intervals").GetProperty("fid_ci");
        Assert.Equal(all.Interval("fid")!.Lower, ci[0].GetDouble());
        Assert.Equal(all.Interval("fid")!.Upper, ci[1].GetDouble());
        Assert.Equal(JsonValueKind.Number, root.GetProperty("metrics").GetProperty("fid").ValueKind);   // metrics stay plain numbers
        var b = root.GetProperty("bootstrap");
        Assert.Equal(12, b.GetProperty("replicates").GetInt32());
        Assert.Equal(2020, b.GetProperty("seed").GetInt32());
        Assert.Equal("generated", b.GetProperty("resampled").GetProperty("fid")[0].GetString());
        Assert.StartsWith("repeated samples are less diversity", b.GetProperty("without_interval").GetProperty("vendi").GetString());

        var plain = Evaluator.Evaluate(set, metrics);
        using var plainJson = JsonDocument.Parse(ResultJson.Serialize(plain));
        Assert.Equal(JsonValueKind.Null, plainJson.RootElement.GetProperty("bootstrap").ValueKind);
        Assert.Empty(plainJson.RootElement.GetProperty("intervals").EnumerateObject());
    }

    [Fact]
    public void Bad_options_fail_before_any_work_and_statistics_get_no_interval()
    {
        var real = FeatureSet.FromFeatures(SyntheticFeatures.Create(621, 100, 8));
        var gen = FeatureSet.FromFeatures(SyntheticFeatures.Create(622, 100, 8));
        var set = new EvaluationSet { Real = real, Generated = gen };
        IMetric[] fid = [new FidMetric()];
        Assert.Equal("bootstrap", Assert.Throws<InputException>(() => Evaluator.Evaluate(set, fid, new BootstrapOptions(1))).Setting);
        Assert.Equal("bootstrap_seed", Assert.Throws<InputException>(() => Evaluator.Evaluate(set, fid, new BootstrapOptions(10, -1))).Setting);

        var stats = new EvaluationSet { Real = real, Generated = FeatureSet.FromStatistics(gen.Statistics()) };
        var r = Evaluator.Evaluate(stats, fid, new BootstrapOptions(5));
        Assert.Null(r.Interval("fid"));
        Assert.Contains("statistics", r.Bootstrap!.WithoutInterval.Single().Value);
        // With the real set as statistics, --bootstrap-real resamples the generated set alone.
        var realStats = new EvaluationSet { Real = FeatureSet.FromStatistics(real.Statistics()), Generated = gen };
        var rs = Evaluator.Evaluate(realStats, fid, new BootstrapOptions(5, ResampleReal: true));
        Assert.Equal([InputRole.Generated], rs.Bootstrap!.Resampled.Single().Value);
    }
}
