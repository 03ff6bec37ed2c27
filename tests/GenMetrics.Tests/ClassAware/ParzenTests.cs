using System.Text.Json;
using GenMetrics.Evaluation;
using GenMetrics.Metrics;
using GenMetrics.Tests.Support;
using Xunit.Abstractions;

namespace GenMetrics.Tests.ClassAware;

/// <summary>
/// parzen_ll against tests/fixtures/parzen (parity/parzen_parity.py: goodfeli/adversarial's parzen_ll.py transcribed
/// to numpy): the chosen sigma, the validation curve, the mean and standard error within 1e-9; the caveat; threads.
/// </summary>
public class ParzenTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases() => ["d8", "d32", "fixed_d16"];

    private static JsonElement Load(string name) => JsonDocument.Parse(File.ReadAllText(Fixtures.Path("parzen", name + ".json"))).RootElement;

    private static FeatureSet Features(JsonElement r, float scale)
    {
        var f = SyntheticFeatures.Create(r.GetProperty("seed").GetUInt64(), r.GetProperty("n").GetInt32(), r.GetProperty("d").GetInt32(),
            r.GetProperty("shift").GetSingle(), r.GetProperty("factor").GetSingle());
        var x = f.Span.ToArray();
        for (int i = 0; i < x.Length; i++) x[i] *= scale;
        return FeatureSet.FromFeatures(new FeatureMatrix(x, f.Rows, f.Columns, f.Source));
    }

    private static (EvaluationSet Set, ParzenOptions Options) Build(JsonElement f)
    {
        float scale = f.GetProperty("scale").GetSingle();
        var set = new EvaluationSet { Real = Features(f.GetProperty("real"), scale), Generated = Features(f.GetProperty("generated"), scale) };
        var options = new ParzenOptions(Sigma: f.TryGetProperty("fixed_sigma", out var s) ? s.GetDouble() : 0,
            Validation: Math.Max(1, f.GetProperty("validation").GetInt32()), Seed: f.GetProperty("seed").GetInt64());
        return (set, options);
    }

    [Theory, MemberData(nameof(Cases))]
    public void Parzen_equals_the_transcribed_script_within_1e_9(string name)
    {
        var f = Load(name);
        var (set, options) = Build(f);
        var r = Evaluator.Evaluate(set, [new ParzenMetric(options)]);
        double ll = r["parzen_ll"]!.Value, se = r["parzen_ll_se"]!.Value;
        double refLl = f.GetProperty("parzen_ll").GetDouble(), refSe = f.GetProperty("parzen_ll_se").GetDouble();
        output.WriteLine($"{name}: ll {ll:R} (numpy {refLl:R}), se {se:R} (numpy {refSe:R})");
        Assert.True(Math.Abs(ll - refLl) <= 1e-9 * Math.Abs(refLl), $"{ll:R} vs {refLl:R}");
        Assert.True(Math.Abs(se - refSe) <= 1e-9 * refSe, $"{se:R} vs {refSe:R}");
        var details = r.Details.Single().Value;
        Assert.Equal(f.GetProperty("sigma").GetDouble(), details["sigma"]!.GetValue<double>(), 15);
        if (f.TryGetProperty("validation_ll", out var curve))
        {
            var got = details["validation_ll"]!.AsArray().Select(x => x!["ll"]!.GetValue<double>()).ToArray();
            var want = curve.EnumerateArray().Select(x => x.GetDouble()).ToArray();
            for (int i = 0; i < want.Length; i++) Assert.True(Math.Abs(got[i] - want[i]) <= 1e-9 * Math.Abs(want[i]), $"sigma {i}: {got[i]:R} vs {want[i]:R}");
        }
        Assert.Contains(ParzenMetric.Caveat, r.Warnings);
    }

    [Fact]
    public void Parzen_does_not_depend_on_the_thread_count()
    {
        var (set, options) = Build(Load("d32"));
        double many = Evaluator.Evaluate(set, [new ParzenMetric(options)])["parzen_ll"]!.Value;
        double one = Threads.Single(() => { using var _ = Parallelism.Limit(1); return Evaluator.Evaluate(set, [new ParzenMetric(options)])["parzen_ll"]!.Value; });
        Assert.Equal(many, one);
    }

    [Fact]
    public void Options_are_checked_and_a_sigma_at_the_end_is_warned_about()
    {
        Assert.Equal("parzen_sigma", Assert.Throws<InputException>(() => new ParzenMetric(new ParzenOptions(Sigma: -1))).Setting);
        Assert.Equal("parzen_validation", Assert.Throws<InputException>(() => new ParzenMetric(new ParzenOptions(Validation: 0))).Setting);
        static FeatureSet Wide(ulong seed)
        {
            var f = SyntheticFeatures.Create(seed, 100, 4);
            return FeatureSet.FromFeatures(new FeatureMatrix(f.Span.ToArray().Select(v => 8 * v).ToArray(), f.Rows, f.Columns));
        }
        var tiny = new EvaluationSet { Real = Wide(1), Generated = Wide(2) };
        var r = Evaluator.Evaluate(tiny, [new ParzenMetric(new ParzenOptions(Validation: 30))]);
        Assert.Equal(30, r.Details.Single().Value["validation_samples"]!.GetValue<int>());
        Assert.Equal(70, r.Details.Single().Value["test_samples"]!.GetValue<int>());
        Assert.Contains(r.Warnings, w => w.StartsWith("parzen_ll: the chosen sigma"));   // spread-out data: the best candidate is the largest, 1
    }
}
