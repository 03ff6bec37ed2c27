using System.Text.Json;
using GenMetrics.Metrics;
using GenMetrics.Tests.Support;
using Xunit.Abstractions;

namespace GenMetrics.Tests.Metrics;

public class InceptionScoreTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases() => ["n1000", "n1003", "n997_noshuffle_7", "n500_seed5_c10"];

    [Theory, MemberData(nameof(Cases))]
    public void Matches_torch_fidelity(string name)
    {
        var root = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("is", name + ".json"))).RootElement;
        var r = root.GetProperty("logits");
        var f = SyntheticFeatures.Create(r.GetProperty("seed").GetUInt64(), r.GetProperty("n").GetInt32(), r.GetProperty("d").GetInt32(),
            r.GetProperty("shift").GetSingle(), r.GetProperty("factor").GetSingle());
        float scale = root.GetProperty("scale").GetSingle();
        var data = f.Span.ToArray();
        for (int i = 0; i < data.Length; i++) data[i] *= scale;
        var logits = new FeatureMatrix(data, f.Rows, f.Columns, name);
        var o = root.GetProperty("options");
        var options = new IsOptions(o.GetProperty("splits").GetInt32(), o.GetProperty("shuffle").GetBoolean(), o.GetProperty("seed").GetInt32());
        var tf = root.GetProperty("torch_fidelity");
        double mean = tf.GetProperty("mean").GetDouble(), std = tf.GetProperty("std").GetDouble();

        var ours = InceptionScore.Compute(logits, options);
        output.WriteLine($"{name}: ours {ours.Mean:R} ± {ours.Std:R}; torch-fidelity {mean:R} ± {std:R}; " +
                         $"rel {Math.Abs(ours.Mean - mean) / mean:E2}, {Math.Abs(ours.Std - std) / std:E2}");
        // Both sides are float64 from the same float32 logits; only the summation order and exp/log ulps differ.
        Assert.Equal(mean, ours.Mean, 1e-12 * mean);
        Assert.Equal(std, ours.Std, 1e-9 * std + 1e-12 * mean);
    }

    [Fact]
    public void Fewer_samples_than_splits_is_an_input_error()
    {
        var logits = SyntheticFeatures.Create(1, 9, 5, name: "logits.npy");
        var e = Assert.Throws<InputException>(() => InceptionScore.Compute(logits));
        Assert.Contains("logits.npy", e.Message);
        Assert.Contains("9", e.Message);
        Assert.Throws<InputException>(() => InceptionScore.Compute(logits, new IsOptions(Splits: 0)));
        Assert.Throws<InputException>(() => InceptionScore.Compute(logits, new IsOptions(Splits: 3, Seed: -1)));
    }

    [Fact]
    public void Uniform_predictions_score_one_and_confident_distinct_predictions_score_the_class_count()
    {
        var uniform = new FeatureMatrix(new float[20 * 4], 20, 4, "uniform");
        Assert.Equal(1.0, InceptionScore.Compute(uniform, new IsOptions(Splits: 2)).Mean, 1e-12);

        var peaked = new float[40 * 4];
        for (int i = 0; i < 40; i++) peaked[i * 4 + i % 4] = 60f;
        var r = InceptionScore.Compute(new FeatureMatrix(peaked, 40, 4, "peaked"), new IsOptions(Splits: 1));
        Assert.Equal(4.0, r.Mean, 1e-9);
        Assert.Equal(0.0, r.Std);
    }
}
