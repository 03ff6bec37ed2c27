using System.Text.Json;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Tests.Support;
using Xunit.Abstractions;

namespace GenMetrics.Tests.ClassAware;

/// <summary>
/// Conditional FID against tests/fixtures/cfid (parity/cfid_parity.py: Michael-Soloveitchik/CFID f23d361's formula
/// transcribed to numpy in float64) within 1e-9 relative, its terms, the pseudo-inverse of a singular C_xx, and
/// row alignment.
/// </summary>
public class CfidParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases() => ["d8", "dx12_dy6", "singular_x", "d64", "same"];

    private static JsonElement Load(string name) => JsonDocument.Parse(File.ReadAllText(Fixtures.Path("cfid", name + ".json"))).RootElement;

    private static EvaluationSet Set(string name) => new()
    {
        Condition = FeatureSet.Load(Fixtures.Path("cfid", name + "_x.npy")),
        Real = FeatureSet.Load(Fixtures.Path("cfid", name + "_y.npy")),
        Generated = FeatureSet.Load(Fixtures.Path("cfid", name + "_yhat.npy")),
    };

    [Theory, MemberData(nameof(Cases))]
    public void Cfid_equals_the_transcribed_formula_within_1e_9(string name)
    {
        var f = Load(name);
        var r = Evaluator.Evaluate(Set(name), "cfid");
        double got = r["cfid"]!.Value, want = f.GetProperty("cfid").GetDouble();
        output.WriteLine($"{name}: cfid {got:R} (numpy {want:R}, float32 {f.GetProperty("cfid_float32").GetDouble():R})");
        Assert.True(Math.Abs(got - want) <= 1e-9 * Math.Abs(want) + 1e-12, $"{got:R} vs {want:R}");
        var details = r.Details.Single().Value;
        foreach (var term in new[] { "mean_term", "cross_term", "conditional_term" })
        {
            double a = details[term]!.GetValue<double>(), b = f.GetProperty(term).GetDouble();
            Assert.True(Math.Abs(a - b) <= 1e-9 * Math.Abs(b) + 1e-12, $"{term}: {a:R} vs {b:R}");
        }
        Assert.Equal(f.GetProperty("condition_rank").GetInt32(), details["condition_rank"]!.GetValue<int>());
        if (name == "singular_x") Assert.Contains(r.Warnings, w => w.StartsWith("cfid: the conditions' covariance has rank 8 < d=10"));
    }

    [Fact]
    public void Cfid_does_not_depend_on_the_thread_count()
    {
        var set = Set("d64");
        double many = Evaluator.Evaluate(set, "cfid")["cfid"]!.Value;
        double one = Threads.Single(() => { using var _ = Parallelism.Limit(1); return Evaluator.Evaluate(set, "cfid")["cfid"]!.Value; });
        Assert.Equal(many, one);
    }

    [Fact]
    public void Rows_must_align_in_count_and_file_names()
    {
        var set = Set("d8");
        var e = Assert.Throws<InputException>(() => Evaluator.Evaluate(new EvaluationSet { Condition = set.Condition!.Select(new GenMetrics.Samples.SampleSelection(599)), Real = set.Real, Generated = set.Generated }, "cfid"));
        Assert.Contains("the three must be row-aligned", e.Message);
        e = Assert.Throws<InputException>(() => Evaluator.Evaluate(new EvaluationSet { Real = set.Real, Generated = set.Generated }, "cfid"));
        Assert.StartsWith("cfid: needs a condition input", e.Message);

        using var dir = Fixtures.TempDir();
        var png = Fixtures.Path("images", "decode", "rgb.png");
        foreach (var (folder, names) in new[] { ("x", new[] { "a.png", "b.png" }), ("y", new[] { "a.png", "b.png" }), ("yhat", new[] { "a.png", "c.png" }) })
        {
            Directory.CreateDirectory(dir.File(folder));
            foreach (var n in names) File.Copy(png, Path.Combine(dir.File(folder), n));
        }
        using var encoder = RandomCnnEncoder.Create();
        var options = new ExtractionOptions { UseCache = false };
        FeatureSet Of(string folder) => FeatureExtractor.Extract(dir.File(folder), encoder, options);
        e = Assert.Throws<InputException>(() => Evaluator.Evaluate(new EvaluationSet { Condition = Of("x"), Real = Of("y"), Generated = Of("yhat") }, "cfid"));
        Assert.Equal($"cfid: row 1 is 'b.png' in the condition set {dir.File("x")} but 'c.png' in the generated set {dir.File("yhat")}: the three sets must hold the same file names", e.Message);
    }
}
