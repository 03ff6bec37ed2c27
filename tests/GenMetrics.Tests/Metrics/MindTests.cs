using System.Text.Json;
using GenMetrics.Metrics;
using GenMetrics.Numerics;
using GenMetrics.Tests.Support;
using Xunit.Abstractions;

namespace GenMetrics.Tests.Metrics;

/// <summary>
/// MIND against tests/fixtures/mind (parity/mind_parity.py): torch-fidelity 5e211a9's float32 output and the same
/// draws evaluated in float64; plus properties and bad input.
/// </summary>
public class MindTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases() =>
        ["equal_d64", "gen_larger_d2048", "real_larger_d128_seed7_m200", "tail_d17_m100", "serial_randn_d3_m5", "scalar_kernel_d64"];

    private static JsonElement Load(string name) =>
        JsonDocument.Parse(File.ReadAllText(Fixtures.Path("mind", name + ".json"))).RootElement;

    internal static FeatureMatrix Build(JsonElement r, string name) => SyntheticFeatures.Create(
        r.GetProperty("seed").GetUInt64(), r.GetProperty("n").GetInt32(), r.GetProperty("d").GetInt32(),
        r.GetProperty("shift").GetSingle(), r.GetProperty("factor").GetSingle(), name);

    private static MindResult Run(JsonElement f)
    {
        var o = f.GetProperty("options");
        var kernel = f.GetProperty("capability").GetString() == "avx2" ? TorchNormalKernel.Avx2 : TorchNormalKernel.Scalar;
        return Mind.Compute(Build(f.GetProperty("real"), "real"), Build(f.GetProperty("generated"), "generated"),
            new MindOptions(o.GetProperty("projections").GetInt32(), o.GetProperty("seed").GetInt64()) { Kernel = kernel });
    }

    /// <summary>
    /// The float64 evaluation of the same draws differs from ours only in summation order (1e-9 allowed; measured
    /// ≤ 1.5e-15). torch-fidelity projects, sorts and averages in float32: 1e-6 allowed (measured 2e-9 .. 1.2e-7).
    /// </summary>
    [Theory, MemberData(nameof(Cases))]
    public void Matches_torch_fidelity_and_the_float64_evaluation(string name)
    {
        var f = Load(name);
        var r = Run(f);
        double f64 = f.GetProperty("float64").GetDouble(), tf = f.GetProperty("torch_fidelity").GetDouble();
        double rel64 = Math.Abs(r.Value - f64) / f64, relTf = Math.Abs(r.Value - tf) / tf;
        output.WriteLine($"{name}: ours {r.Value:R}, float64 {f64:R} (rel {rel64:E2}), torch-fidelity {tf:R} (rel {relTf:E2})");
        Assert.True(rel64 <= 1e-9, $"vs float64: rel {rel64:E2}");
        Assert.True(relTf <= 1e-6, $"vs torch-fidelity: rel {relTf:E2}");
        var g = f.GetProperty("generated").GetProperty("n").GetInt32();
        Assert.Equal(Math.Min(g, f.GetProperty("real").GetProperty("n").GetInt32()), r.SampleSize);
    }

    [Fact]
    public void Pinned_value()
    {
        // Pinned so that a change of the draws or of the fixture is noticed.
        var r = Run(Load("equal_d64"));
        Assert.Equal(1.3305975476748095, r.Value, 1e-13);
        Assert.Equal(1000, r.Projections);
    }

    private static readonly FeatureMatrix s_a = SyntheticFeatures.Create(201, 700, 24, name: "a.npy");
    private static readonly FeatureMatrix s_b = SyntheticFeatures.Create(202, 500, 24, shift: 0.2f, name: "b.npy");

    [Fact]
    public void Symmetric_zero_on_identical_sets_and_independent_of_the_thread_count()
    {
        var o = new MindOptions(Projections: 77);
        var ab = Mind.Compute(s_a, s_b, o);
        Assert.Equal(ab.Value, Mind.Compute(s_b, s_a, o).Value);
        Assert.Equal(ab.Value, Threads.Single(() => Mind.Compute(s_a, s_b, o)).Value);
        Assert.Equal(0.0, Mind.Compute(s_a, s_a, o).Value);
        Assert.Equal(500, ab.SampleSize);
    }

    [Fact]
    public void A_shift_of_every_coordinate_by_mu_gives_about_three_d_mu_squared()
    {
        // torch-fidelity's closed-form check: E_u[(u·μ1)²] = μ², so MIND → 3 d μ² for a pure shift.
        var x = SyntheticFeatures.Create(203, 2000, 16, factor: 0f);
        var y = SyntheticFeatures.Create(204, 2000, 16, shift: 1f, factor: 0f);
        var r = Mind.Compute(x, y, new MindOptions(Projections: 2000));
        Assert.InRange(r.Value, 0.9 * 48, 1.1 * 48);
    }

    [Fact]
    public void Bad_input_is_an_input_error_naming_the_input()
    {
        var other = SyntheticFeatures.Create(205, 50, 8, name: "other.npy");
        var e = Assert.Throws<InputException>(() => Mind.Compute(s_a, other));
        Assert.Contains("other.npy", e.Message);
        var empty = new FeatureMatrix(Array.Empty<float>(), 0, 24, "empty.npy");
        e = Assert.Throws<InputException>(() => Mind.Compute(empty, s_b));
        Assert.Contains("empty.npy", e.Message);
        e = Assert.Throws<InputException>(() => Mind.Compute(s_a, s_b, new MindOptions(Projections: 0)));
        Assert.Contains("projections", e.Message);
        var data = s_b.Span.ToArray();
        data[3 * 24 + 5] = float.NaN;
        e = Assert.Throws<InputException>(() => Mind.Compute(s_a, new FeatureMatrix(data, 500, 24, "nan.npy")));
        Assert.Contains("nan.npy", e.Message);
        Assert.Contains("row 3", e.Message);
    }
}
