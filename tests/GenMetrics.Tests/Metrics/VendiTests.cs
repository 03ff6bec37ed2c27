using System.Text.Json;
using GenMetrics.Metrics;
using GenMetrics.Tests.Support;
using Xunit.Abstractions;

namespace GenMetrics.Tests.Metrics;

/// <summary>
/// The Vendi Score against tests/fixtures/vendi (parity/vendi_parity.py): Vendi-Score c791c30's score_dual / score_K
/// on the float64 features (1e-9), and what dgm-eval's float32 compute_vendi_score gives (reported, not asserted).
/// </summary>
public class VendiTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases() =>
        ["dual_d64_n2000", "dual_d2048_n2500", "kernel_d512_n300", "square_d128_n128", "zero_rows_d32_n500", "dual_d8_n40", "repeated_d64_n20x2"];

    private static JsonElement Load(string name) =>
        JsonDocument.Parse(File.ReadAllText(Fixtures.Path("vendi", name + ".json"))).RootElement;

    private static FeatureMatrix Build(JsonElement f)
    {
        var r = f.GetProperty("features");
        int n = r.GetProperty("n").GetInt32(), d = r.GetProperty("d").GetInt32(), repeat = f.GetProperty("repeat").GetInt32();
        var x = SyntheticFeatures.Create(r.GetProperty("seed").GetUInt64(), n, d, r.GetProperty("shift").GetSingle(), r.GetProperty("factor").GetSingle());
        var data = new float[n * d * repeat];
        for (int t = 0; t < repeat; t++) x.Span.CopyTo(data.AsSpan(t * n * d));
        foreach (var z in f.GetProperty("zero_rows").EnumerateArray()) data.AsSpan(z.GetInt32() * d, d).Clear();
        return new FeatureMatrix(data, n * repeat, d, "features");
    }

    private static double Order(JsonElement q) => q.ValueKind == JsonValueKind.String ? double.PositiveInfinity : q.GetDouble();

    [Theory, MemberData(nameof(Cases))]
    public void Matches_Vendi_Score(string name)
    {
        var f = Load(name);
        var x = Build(f);
        foreach (var s in f.GetProperty("scores").EnumerateArray())
        {
            double q = Order(s.GetProperty("q")), reference = s.GetProperty("reference").GetDouble();
            var r = Vendi.Compute(x, new VendiOptions(q));
            double rel = Math.Abs(r.Score - reference) / reference;
            double relF32 = Math.Abs(r.Score - s.GetProperty("dgm_eval_float32").GetDouble()) / reference;
            output.WriteLine($"{name} q={q}: ours {r.Score:R} ({r.Eigenvalues} eigenvalues, dual {r.Dual}), " +
                             $"{s.GetProperty("via").GetString()} {reference:R} (rel {rel:E2}); dgm-eval float32 rel {relF32:E2}");
            Assert.Equal(x.Rows > x.Columns, r.Dual);
            if (name == "repeated_d64_n20x2" && q == 0)
            {
                // K has rank 20; the reference counts 9 of its rounding-noise eigenvalues as positive.
                Assert.Equal(20, r.Eigenvalues);
                Assert.Equal(20.0, r.Score, 1e-12);
                Assert.Equal(29.0, reference, 1e-9);
                continue;
            }
            Assert.True(rel <= 1e-9, $"q={q}: {r.Score:R} vs {reference:R}, rel {rel:E2}");
        }
    }

    [Fact]
    public void Score_X_ignores_q_and_we_do_not()
    {
        var f = Load("dual_d64_n2000");
        var x = Build(f);
        var shannon = Vendi.Compute(x).Score;
        foreach (var s in f.GetProperty("scores").EnumerateArray())
            Assert.Equal(shannon, s.GetProperty("score_x").GetDouble(), 1e-9 * shannon);
        Assert.True(Vendi.Compute(x, new VendiOptions(2)).Score < shannon - 1);
    }

    [Fact]
    public void Pinned_value()
    {
        var r = Vendi.Compute(Build(Load("dual_d64_n2000")));
        Assert.Equal(57.18925814353929, r.Score, 1e-12 * 57.2);
        Assert.Equal(64, r.Eigenvalues);
    }

    [Fact]
    public void Invariant_to_row_order_row_scale_and_thread_count_and_ranges_from_1_to_n()
    {
        var x = SyntheticFeatures.Create(311, 900, 40, shift: 0.2f);
        var o = new VendiOptions(1.5);
        double v = Vendi.Compute(x, o).Score;
        Assert.Equal(v, Threads.Single(() => Vendi.Compute(x, o).Score));
        var order = Enumerable.Range(0, 900).Reverse().ToArray();
        var scaled = x.SelectRows(order).Span.ToArray();
        for (int i = 0; i < scaled.Length; i++) scaled[i] *= 1 << (i / 40 % 4);   // exact: powers of two
        Assert.Equal(v, Vendi.Compute(new FeatureMatrix(scaled, 900, 40), o).Score, 1e-10 * v);

        var same = new FeatureMatrix(Enumerable.Repeat(new[] { 1f, 2f, 3f }, 10).SelectMany(r => r).ToArray(), 10, 3);
        Assert.Equal(1.0, Vendi.Compute(same).Score, 1e-12);
        var basis = new float[5 * 8];
        for (int i = 0; i < 5; i++) basis[i * 8 + i] = 2f;
        foreach (var q in new[] { 0, 0.5, 1, 2, double.PositiveInfinity })
            Assert.Equal(5.0, Vendi.Compute(new FeatureMatrix(basis, 5, 8), new VendiOptions(q)).Score, 1e-12);
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void Invalid_order_is_an_input_error(double q)
    {
        var e = Assert.Throws<InputException>(() => Vendi.Compute(SyntheticFeatures.Create(1, 10, 4), new VendiOptions(q)));
        Assert.Contains("order q", e.Message);
    }

    [Fact]
    public void Empty_zero_and_non_finite_sets_are_input_errors_naming_the_set()
    {
        Assert.Contains("empty.npy", Assert.Throws<InputException>(() =>
            Vendi.Compute(new FeatureMatrix(Array.Empty<float>(), 0, 4, "empty.npy"))).Message);
        Assert.Contains("zeros.npy", Assert.Throws<InputException>(() =>
            Vendi.Compute(new FeatureMatrix(new float[12], 3, 4, "zeros.npy"))).Message);
        var bad = new float[12];
        bad[6] = float.PositiveInfinity;
        var e = Assert.Throws<InputException>(() => Vendi.Compute(new FeatureMatrix(bad, 3, 4, "inf.npy")));
        Assert.Contains("inf.npy", e.Message);
        Assert.Contains("row 1", e.Message);
    }
}
