using System.Text.Json;
using GenMetrics.Evaluation;
using GenMetrics.Metrics;
using GenMetrics.Tests.Support;
using Xunit.Abstractions;

namespace GenMetrics.Tests.ClassAware;

/// <summary>
/// CAFD against tests/fixtures/cafd (parity/cafd_parity.py): B1ueber2y/CAFD 729d3c7's calculate_activation_statistics,
/// calculate_CAFD (scipy sqrtm) and calculate_kl on the same features and probabilities, within 1e-9 relative; the
/// per-class values against the exact-trace numbers of the same fits; independence from the thread count.
/// </summary>
public class CafdParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases() => ["d16", "d64", "k4", "onehot_d8", "same_d12"];

    private static JsonElement Load(string name) => JsonDocument.Parse(File.ReadAllText(Fixtures.Path("cafd", name + ".json"))).RootElement;

    private static FeatureSet Features(JsonElement r) => FeatureSet.FromFeatures(SyntheticFeatures.Create(
        r.GetProperty("seed").GetUInt64(), r.GetProperty("n").GetInt32(), r.GetProperty("d").GetInt32(),
        r.GetProperty("shift").GetSingle(), r.GetProperty("factor").GetSingle()));

    internal static EvaluationSet Set(string name)
    {
        var f = Load(name);
        var real = Features(f.GetProperty("real"));
        var generated = Features(f.GetProperty("generated"));
        return new EvaluationSet
        {
            Real = real,
            Generated = generated,
            RealProbabilities = ClassProbabilities.Load(Fixtures.Path("cafd", name + "_real_probs.npy"), real),
            GeneratedProbabilities = ClassProbabilities.Load(Fixtures.Path("cafd", name + "_fake_probs.npy"), generated),
        };
    }

    [Theory, MemberData(nameof(Cases))]
    public void Cafd_equals_the_repository_within_1e_9(string name)
    {
        var f = Load(name);
        var set = Set(name);
        var result = Evaluator.Evaluate(set, "cafd");
        double cafd = result["cafd"]!.Value, kl = result["cafd_kl"]!.Value;
        double refCafd = f.GetProperty("cafd").GetDouble(), refKl = f.GetProperty("cafd_kl").GetDouble();
        output.WriteLine($"{name}: cafd {cafd:R} (repository {refCafd:R}), kl {kl:R} (repository {refKl:R})");
        Assert.True(Math.Abs(cafd - refCafd) <= 1e-9 * Math.Abs(refCafd) + 1e-12, $"cafd {cafd:R} vs {refCafd:R}");
        Assert.True(Math.Abs(kl - refKl) <= 1e-9 * Math.Abs(refKl) + 1e-15, $"kl {kl:R} vs {refKl:R}");
        var details = result.Details.Single(d => d.Key == "cafd").Value["per_class"]!.AsObject();
        var exact = f.GetProperty("per_class_exact_trace").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(exact.Length, details.Count);
        for (int c = 0; c < exact.Length; c++)
        {
            double fd = details[c.ToString()]!["fd"]!.GetValue<double>();
            Assert.True(Math.Abs(fd - exact[c]) <= 1e-9 * Math.Abs(exact[c]) + 1e-12, $"class {c}: {fd:R} vs {exact[c]:R}");
        }
    }

    [Fact]
    public void Cafd_does_not_depend_on_the_thread_count()
    {
        var set = Set("d64");
        double many = Evaluator.Evaluate(set, "cafd")["cafd"]!.Value;
        double one;
        using (Parallelism.Limit(1)) one = Evaluator.Evaluate(set, "cafd")["cafd"]!.Value;
        Assert.Equal(many, one);
    }

    [Fact]
    public void Different_class_counts_and_a_class_without_mass_are_refused()
    {
        var set = Set("d16");
        var k4 = ClassProbabilities.FromValues(new double[set.Generated!.Count * 4].Select((_, i) => i % 4 == 0 ? 1.0 : 0.0).ToArray(), (int)set.Generated.Count, 4, "k4.npy");
        var e = Assert.Throws<InputException>(() => Evaluator.Evaluate(new EvaluationSet { Real = set.Real, Generated = set.Generated, RealProbabilities = set.RealProbabilities, GeneratedProbabilities = k4 }, "cafd"));
        Assert.Contains("has 10 classes, but k4.npy has 4", e.Message);
        var empty = ClassProbabilities.FromValues(new double[set.Generated.Count * 10].Select((_, i) => i % 10 == 0 ? 1.0 : 0.0).ToArray(), (int)set.Generated.Count, 10, "one-class.npy");
        e = Assert.Throws<InputException>(() => Evaluator.Evaluate(new EvaluationSet { Real = set.Real, Generated = set.Generated, RealProbabilities = set.RealProbabilities, GeneratedProbabilities = empty }, "cafd"));
        Assert.Contains("one-class.npy: class 1 has no probability on any sample", e.Message);
    }

    [Fact]
    public void Missing_probabilities_are_named()
    {
        var set = Set("d16");
        var e = Assert.Throws<InputException>(() => Evaluator.Evaluate(new EvaluationSet { Real = set.Real, Generated = set.Generated, RealProbabilities = set.RealProbabilities }, "cafd"));
        Assert.Contains("cafd: needs class probabilities of the generated samples (the 'fake_probs' setting)", e.Message);
    }
}
