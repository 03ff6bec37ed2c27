using System.Text.Json;
using GenMetrics.Evaluation;
using GenMetrics.Reports;

namespace GenMetrics.PublicApi.Tests;

/// <summary>Options of the outside metric: a typed record whose defaults are "the reference's".</summary>
public sealed record MeanShiftOptions(double Power = 2, bool Normalise = false);

/// <summary>
/// A metric of one's own, added without touching the library: mean_shift = (sum_j |mu_real,j - mu_generated,j|^p)
/// (divided by d when normalised). One file, one registry line (<see cref="MetricRegistry.With"/>), its tests.
/// </summary>
public sealed class MeanShiftMetric(MeanShiftOptions options) : IMetric
{
    private static readonly MeanShiftOptions s_defaults = new();

    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo("mean_shift", "Mean shift", "an outside test metric: sum |mu_r - mu_g|^p over feature dimensions",
            [new MetricKey("mean_shift", KeyDirection.LowerIsBetter, "distance between the feature means")],
            [InputRole.Real, InputRole.Generated]),
        s_defaults, o => new MeanShiftMetric(o.Power > 0 ? o : throw InputException.ForSetting("shift_power", $"{o.Power}: must be positive")),
        MetricParameter<MeanShiftOptions>.Of("shift_power", "mean_shift: the exponent p", s_defaults, o => o.Power, (o, v) => o with { Power = v }),
        MetricParameter<MeanShiftOptions>.Of("shift_normalise", "mean_shift: divide by d", s_defaults, o => o.Normalise, (o, v) => o with { Normalise = v }));

    public MetricInfo Info => Definition.Info;

    public MetricResult Evaluate(EvaluationSet set)
    {
        var real = set.Require(InputRole.Real, Info.Name).Statistics();
        var generated = set.Require(InputRole.Generated, Info.Name).Statistics();
        double sum = 0;
        for (int j = 0; j < real.Dimension; j++) sum += Math.Pow(Math.Abs(real.Mean[j] - generated.Mean[j]), options.Power);
        if (options.Normalise) sum /= real.Dimension;
        return new MetricResult([new("mean_shift", sum)], [Setting.Of("power", options.Power), Setting.Of("normalise", options.Normalise)]);
    }
}

public class OutsideMetricTests
{
    private static FeatureSet Features(int seed, int n, float shift)
    {
        var rng = new Random(seed);
        var data = new float[n * 4];
        for (int i = 0; i < data.Length; i++) data[i] = (float)rng.NextDouble() + (i % 4 == 0 ? shift : 0);
        return FeatureSet.FromFeatures(new FeatureMatrix(data, n, 4, $"set{seed}"));
    }

    [Fact]
    public void A_metric_of_ones_own_joins_the_registry_and_the_result_with_its_keys_settings_and_convention()
    {
        var registry = MetricRegistry.Default.With(MeanShiftMetric.Definition);
        var definitions = registry.Resolve(["fid", "mean_shift"]);
        var metrics = definitions.Select(d => d.Info.Name == "mean_shift"
            ? d.Create(new Dictionary<string, object> { ["shift_power"] = 1.0 })
            : d.Create()).ToList();
        var real = Features(1, 300, 0f);
        var generated = Features(2, 300, 0.5f);

        var result = Evaluator.Evaluate(new EvaluationSet { Real = real, Generated = generated }, metrics);

        double expected = 0;
        for (int j = 0; j < 4; j++) expected += Math.Abs(real.Statistics().Mean[j] - generated.Statistics().Mean[j]);
        Assert.Equal(expected, result["mean_shift"]!.Value, 12);
        Assert.True(result["mean_shift"] > 0.45);            // the shift of 0.5 in one dimension
        Assert.True(result["fid"] > 0.2);                    // the built-in metric ran beside it
        Assert.Equal(KeyDirection.LowerIsBetter, result.KeyInfo("mean_shift")!.Direction);

        using var json = JsonDocument.Parse(ResultJson.Serialize(result));
        var root = json.RootElement;
        Assert.Equal(expected, root.GetProperty("metrics").GetProperty("mean_shift").GetDouble(), 12);
        Assert.Equal(1.0, root.GetProperty("settings").GetProperty("mean_shift").GetProperty("power").GetDouble());
        Assert.False(root.GetProperty("settings").GetProperty("mean_shift").GetProperty("normalise").GetBoolean());
        Assert.Equal("lower", root.GetProperty("directions").GetProperty("mean_shift").GetString());
        Assert.StartsWith("an outside test metric", root.GetProperty("conventions").GetProperty("mean_shift").GetString());
        Assert.Equal("features", root.GetProperty("inputs").GetProperty("real").GetProperty("kind").GetString());
    }

    [Fact]
    public void The_registry_checks_an_outside_metric_as_it_checks_its_own()
    {
        var registry = MetricRegistry.Default.With(MeanShiftMetric.Definition);
        Assert.Contains("mean_shift", registry.Names);
        Assert.DoesNotContain("mean_shift", MetricRegistry.Default.Names);   // the default registry is unchanged

        var e = Assert.Throws<InputException>(() => registry.Get("mean_shfit"));
        Assert.Equal("metrics", e.Setting);
        Assert.Contains($"known: {string.Join(", ", MetricRegistry.Default.Names)}, mean_shift", e.Message);   // the built-in ones, then it

        // Its parameter is validated when the metric is built, before any data is read.
        var bad = Assert.Throws<InputException>(() => MeanShiftMetric.Definition.Create(new Dictionary<string, object> { ["shift_power"] = -1.0 }));
        Assert.Equal("shift_power", bad.Setting);

        // Its roles are checked before any work.
        var missing = Assert.Throws<InputException>(() => Evaluator.CheckRoles([MeanShiftMetric.Definition.Info], [InputRole.Generated]));
        Assert.Contains("mean_shift: needs a real input", missing.Message);
        Assert.Throws<InputException>(() => Evaluator.Evaluate(new EvaluationSet { Generated = Features(3, 50, 0) }, [MeanShiftMetric.Definition.Create()]));

        // A name already taken is refused.
        Assert.Throws<ArgumentException>(() => registry.With(MeanShiftMetric.Definition));
    }
}
