using System.Security.Cryptography;
using System.Text.Json;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Metrics;
using GenMetrics.Numerics;
using GenMetrics.Samples;
using GenMetrics.Tests.Paired;
using GenMetrics.Tests.Samples;
using GenMetrics.Tests.Support;
using Xunit.Abstractions;

namespace GenMetrics.Tests.Metrics;

/// <summary>
/// <c>ppl</c> against torch-fidelity 5e211a9's <c>calculate_ppl</c> on the same tiny generators
/// (parity/make_generator_fixtures.py): the same latents bit for bit, the same LPIPS input bit for bit, distances and
/// ppl_mean / ppl_std within 1e-4 relative (measured 2.4e-6 and 1.2e-5), each distance within 5e-4 (measured 8.4e-5). LPIPS-VGG16 has the seeded random backbone of the LPIPS fixtures and the
/// real linear layers; the metric resolves its files through the weights store (a stand-in backbone file whose SHA-256
/// keys a cached model, as in <see cref="LpipsRegistryTests"/>).
/// </summary>
[Collection("GENMETRICS_HOME")]
public sealed class PplParityTests : IDisposable
{
    private readonly TempDir _home = Fixtures.TempDir();
    private readonly string? _previousHome = Environment.GetEnvironmentVariable("GENMETRICS_HOME");
    private readonly string _backbone;
    private readonly ITestOutputHelper _output;

    public PplParityTests(ITestOutputHelper output)
    {
        _output = output;
        Environment.SetEnvironmentVariable("GENMETRICS_HOME", _home.Path);
        _backbone = _home.File("vgg16-random.pth");
        File.WriteAllText(_backbone, "stands for the seeded random VGG16; the model cache answers for it");
        string Sha(string p) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(p)));
        var key = $"{LpipsGraph.Version}-prescaled-Vgg-files-{Sha(_backbone)[..24]}-{Sha(LpipsFixture.LinearPath(LpipsNet.Vgg))[..24]}";
        OnnxModelCache.Store(OnnxModelCache.PathFor(key, _home.Path), LpipsGraph.Build(LpipsFixture.Weights(LpipsNet.Vgg), scalingLayer: false));
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("GENMETRICS_HOME", _previousHome);
        _home.Dispose();
    }

    private static IEnumerable<JsonElement> Cases => GeneratorFixture.Json.GetProperty("ppl").EnumerateArray();

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    private static JsonElement Case(string name) => Cases.First(c => c.GetProperty("name").GetString() == name);

    private static (OnnxGenerator Generator, PplMetric Metric) Open(JsonElement c, string backbone)
    {
        var options = new GeneratorOptions
        {
            NumSamples = c.GetProperty("num_samples").GetInt32(),
            NumClasses = c.GetProperty("num_classes").GetInt32(),
            Distribution = Distribution(c.GetProperty("z_type").GetString()!),
        };
        var g = OnnxGenerator.Open(GeneratorFixture.Model(c.GetProperty("model").GetString()!), options);
        var metric = new PplMetric(new PplOptions(c.GetProperty("epsilon").GetDouble(), Interpolation(c.GetProperty("interp").GetString()!),
            LpipsFixture.LinearPath(LpipsNet.Vgg), backbone));
        return (g, metric);
    }

    [Theory, MemberData(nameof(CaseNames))]
    public void Latents_equal_torch_fidelitys_bit_for_bit(string name)
    {
        var c = Case(name);
        using var g = Open(c, _backbone).Generator;
        var (e0, e1, labels) = Ppl.Latents(g.Options.NumSamples!.Value, g.LatentSize, g.Options.Distribution, g.NumClasses, g.Options.Seed,
            c.GetProperty("epsilon").GetDouble(), Interpolation(c.GetProperty("interp").GetString()!));
        Assert.Equal(c.GetProperty("e0_sha256").GetString(), GeneratorFixture.Sha256<float>(e0));
        Assert.Equal(c.GetProperty("e1_sha256").GetString(), GeneratorFixture.Sha256<float>(e1));
        if (labels is not null) Assert.Equal(c.GetProperty("labels_sha256").GetString(), GeneratorFixture.Sha256<long>(labels));
    }

    [Theory]
    [InlineData("tiny_uncond")]
    [InlineData("tiny_cond")]
    public void Lpips_input_equals_torch_fidelitys_normalize_and_resize_bit_for_bit(string model)
    {
        var probe = GeneratorFixture.Json.GetProperty("probe").GetProperty(model).GetProperty("lpips_input");
        bool conditional = model == "tiny_cond";
        using var g = OnnxGenerator.Open(GeneratorFixture.Model(model), new GeneratorOptions { NumClasses = conditional ? 5 : 0 });
        var z = Latents.Sample(new RandomState(7), 1, g.LatentSize, LatentDistribution.Normal);
        var image = g.Generate(z, conditional ? [4L] : [], 1);
        Assert.Equal(probe.GetProperty("image_sha256").GetString(), GeneratorFixture.Sha256<byte>(image));
        var (c, h, w) = g.ImageShape;
        var x = new float[3 * 64 * 64];
        TorchFidelityLpips.Prepare(image, c, h, w, x);
        var head = probe.GetProperty("head").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        for (int i = 0; i < head.Length; i++) Assert.Equal(head[i], x[i]);
        Assert.Equal(probe.GetProperty("sha256").GetString(), GeneratorFixture.Sha256<float>(x));
    }

    // Through the registry metric and the evaluator once (the conditional case: labels and the area resize); the
    // distance test below checks ppl_mean and ppl_std of every case from the same distances.
    [Fact]
    public void Ppl_through_the_evaluator_equals_torch_fidelitys_calculate_ppl()
    {
        const string name = "tiny_cond";
        var c = Case(name);
        var (g, metric) = Open(c, _backbone);
        using (g)
        {
            var result = Evaluator.Evaluate(new EvaluationSet { Generator = g }, [metric]);
            double mean = result["ppl_mean"]!.Value, std = result["ppl_std"]!.Value;
            double wantMean = c.GetProperty("ppl_mean").GetDouble(), wantStd = c.GetProperty("ppl_std").GetDouble();
            _output.WriteLine($"{name}: ppl_mean {mean:R} vs {wantMean:R} (rel {Math.Abs(mean - wantMean) / wantMean:g3}), ppl_std {std:R} vs {wantStd:R} (rel {Math.Abs(std - wantStd) / wantStd:g3})");
            Assert.True(Math.Abs(mean - wantMean) <= 1e-4 * Math.Abs(wantMean), $"ppl_mean {mean:R}, torch-fidelity {wantMean:R}");
            Assert.True(Math.Abs(std - wantStd) <= 1e-4 * Math.Abs(wantStd), $"ppl_std {std:R}, torch-fidelity {wantStd:R}");
            Assert.Equal(KeyDirection.LowerIsBetter, result.KeyInfo("ppl_mean")!.Direction);
            // The stand-in backbone is not torchvision's file: said; the linear layers are torch-fidelity's (same hash).
            Assert.Contains(result.Warnings, w => w.Contains("does not start with 397923af"));
            Assert.DoesNotContain(result.Warnings, w => w.Contains("linear weights"));
            var generator = result.Inputs.Single(i => i.Role == "generator");
            Assert.Equal(g.ModelSha256, generator.Provenance.ContentSha256);
            Assert.Equal(InputKind.Generator, generator.Provenance.Kind);
        }
    }

    [Theory, MemberData(nameof(CaseNames))]
    public void Every_distance_is_within_5e4_and_the_mean_within_1e4_of_torch_fidelitys(string name)
    {
        var c = Case(name);
        var want = c.GetProperty("distances").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        using var g = Open(c, _backbone).Generator;
        double epsilon = c.GetProperty("epsilon").GetDouble();
        var (e0, e1, labels) = Ppl.Latents(want.Length, g.LatentSize, g.Options.Distribution, g.NumClasses, g.Options.Seed,
            epsilon, Interpolation(c.GetProperty("interp").GetString()!));
        using var model = LpipsModel.CreateScaled(LpipsFixture.Weights(LpipsNet.Vgg), threads: 2);
        var got = Ppl.Distances(g, e0, e1, labels, epsilon, model, 64, null);
        double worst = 0;
        for (int i = 0; i < want.Length; i++) worst = Math.Max(worst, Math.Abs(got[i] - want[i]) / Math.Abs(want[i]));
        _output.WriteLine($"{name}: largest relative difference of a distance {worst:g3}");
        // Measured up to 8.4e-5: a distance is a small difference of two feature maps (images a few pixels apart),
        // divided by epsilon^2, so conv rounding weighs more in it than in the mean (2.4e-6).
        Assert.True(worst <= 5e-4, $"largest relative difference {worst:g3}");
        var summary = Ppl.Summarize(got);
        double wantMean = c.GetProperty("ppl_mean").GetDouble(), wantStd = c.GetProperty("ppl_std").GetDouble();
        _output.WriteLine($"{name}: ppl_mean {summary.Mean:R} vs {wantMean:R} (rel {Math.Abs(summary.Mean - wantMean) / wantMean:g3}), " +
                          $"ppl_std {summary.Std:R} vs {wantStd:R} (rel {Math.Abs(summary.Std - wantStd) / wantStd:g3})");
        Assert.True(Math.Abs(summary.Mean - wantMean) <= 1e-4 * wantMean, $"ppl_mean {summary.Mean:R}, torch-fidelity {wantMean:R}");
        Assert.True(Math.Abs(summary.Std - wantStd) <= 1e-4 * wantStd, $"ppl_std {summary.Std:R}, torch-fidelity {wantStd:R}");
        // Batch size changes nothing beyond float32 rounding.
        var small = Ppl.Distances(g, e0[..(5 * g.LatentSize)], e1[..(5 * g.LatentSize)], labels?[..5], epsilon, model, 2, null);
        for (int i = 0; i < 5; i++) Assert.True(Math.Abs(small[i] - got[i]) <= 1e-5 * Math.Abs(got[i]));
    }

    [Fact]
    public void Percentile_filter_is_numpys_lower_and_higher()
    {
        // 101 values 0..100 shuffled: np.percentile(d, 1, 'lower') = 1, np.percentile(d, 99, 'higher') = 99.
        var d = Enumerable.Range(0, 101).Select(i => (float)((i * 37) % 101)).ToArray();
        var s = Ppl.Summarize(d);
        Assert.Equal((1f, 99f, 99), (s.Lower, s.Upper, s.Kept));
        Assert.Equal(50.0, s.Mean, 12);
        // 100 values: lower index floor(99 * 0.01) = 0, higher ceil(99 * 0.99) = 99: nothing is discarded.
        var e = Enumerable.Range(0, 100).Select(i => (float)i).ToArray();
        Assert.Equal(100, Ppl.Summarize(e).Kept);
        Assert.Equal(Math.Sqrt(e.Select(x => (x - 49.5) * (x - 49.5)).Average()), Ppl.Summarize(e).Std, 12);
    }

    private static LatentDistribution Distribution(string z) => z switch
    {
        "unit" => LatentDistribution.Unit,
        "uniform_0_1" => LatentDistribution.Uniform01,
        _ => LatentDistribution.Normal,
    };

    private static LatentInterpolation Interpolation(string mode) => mode switch
    {
        "slerp_any" => LatentInterpolation.SlerpAny,
        "slerp_unit" => LatentInterpolation.SlerpUnit,
        _ => LatentInterpolation.Lerp,
    };
}
