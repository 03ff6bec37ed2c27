using GenMetrics.Evaluation;
using GenMetrics.Numerics;
using GenMetrics.Samples;

namespace GenMetrics.Tests.Samples;

/// <summary>
/// The ONNX generator source against the torch modules it was exported from and the latents torch-fidelity fed them
/// (parity/make_generator_fixtures.py): same images, same draws.
/// </summary>
public class OnnxGeneratorTests
{
    [Theory]
    [InlineData("tiny_uncond")]
    [InlineData("tiny_cond")]
    public void Images_equal_the_torch_modules_bit_for_bit(string name)
    {
        var probe = GeneratorFixture.Json.GetProperty("probe").GetProperty(name);
        bool conditional = name == "tiny_cond";
        using var g = OnnxGenerator.Open(GeneratorFixture.Model(name), new GeneratorOptions { NumClasses = conditional ? 5 : 0 });
        var shape = probe.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray();
        Assert.Equal((shape[1], shape[2], shape[3]), g.ImageShape);
        var latents = Latents.Sample(new RandomState(3), 6, g.LatentSize, LatentDistribution.Normal);
        long[] labels = conditional ? [0, 1, 2, 3, 4, 2] : [];
        var images = g.Generate(latents, labels, 6);
        Assert.Equal(probe.GetProperty("images_sha256").GetString(), GeneratorFixture.Sha256<byte>(images));
    }

    [Fact]
    public void Samples_draw_torch_fidelitys_latents_and_labels_in_blocks_of_64()
    {
        var m = GeneratorFixture.Json.GetProperty("metrics");
        using var g = OnnxGenerator.Open(GeneratorFixture.Conditional, new GeneratorOptions { NumSamples = 80, NumClasses = 5 });
        using var source = (GeneratorSource)g.Samples();
        Assert.Equal(80, source.Count);
        Assert.Equal(m.GetProperty("latents_sha256").GetString(), GeneratorFixture.Sha256(source.Latents));
        Assert.Equal(m.GetProperty("labels_sha256").GetString(), GeneratorFixture.Sha256<long>(source.Labels!.ToArray()));
        Assert.Equal(m.GetProperty("images_sha256").GetString(), GeneratorFixture.Sha256<byte>(source.Generate(0, 80)));
    }

    [Fact]
    public void Read_gives_the_generated_images_in_order_whatever_the_batch_size()
    {
        using var g = OnnxGenerator.Open(GeneratorFixture.Conditional, new GeneratorOptions { NumSamples = 10, NumClasses = 5, BatchSize = 3 });
        using var source = g.Samples();
        var all = ((GeneratorSource)source).Generate(0, 10);
        var (c, h, w) = g.ImageShape;
        int per = c * h * w, plane = h * w;
        // Read back to front (batches dropped and generated again must match).
        for (int i = 9; i >= 0; i--)
        {
            var image = source.Read(i);
            Assert.Equal((w, h), (image.Width, image.Height));
            for (int p = 0; p < plane; p += 97)
                for (int k = 0; k < 3; k++)
                    Assert.Equal(all[i * per + k * plane + p], image.Pixels[p * 3 + k]);
        }
        using var g64 = OnnxGenerator.Open(GeneratorFixture.Conditional, new GeneratorOptions { NumSamples = 10, NumClasses = 5 });
        Assert.Equal(all, ((GeneratorSource)g64.Samples()).Generate(0, 10));
    }

    [Fact]
    public void Content_hash_and_provenance_describe_the_recipe()
    {
        using var a = OnnxGenerator.Open(GeneratorFixture.Unconditional, new GeneratorOptions { NumSamples = 8 });
        using var b = OnnxGenerator.Open(GeneratorFixture.Unconditional, new GeneratorOptions { NumSamples = 8, Seed = 7 });
        using var sa = a.Samples();
        Assert.Equal(sa.ContentHash(), a.Samples().ContentHash());
        Assert.NotEqual(sa.ContentHash(), b.Samples().ContentHash());
        var settings = a.Settings.ToDictionary(s => s.Name, s => s.Value);
        Assert.Equal(16L, settings["z_dim"]);
        Assert.Equal("normal", settings["z_type"]);
        Assert.Equal(2020L, settings["seed"]);
        Assert.Equal(a.ModelSha256, settings["model_sha256"]);
        Assert.Equal("uint8", settings["output_range"]);
    }

    [Fact]
    public void Truncation_scales_normal_latents_toward_zero()
    {
        using var g = OnnxGenerator.Open(GeneratorFixture.Unconditional, new GeneratorOptions { NumSamples = 4, Truncation = 0.5 });
        using var plain = OnnxGenerator.Open(GeneratorFixture.Unconditional, new GeneratorOptions { NumSamples = 4 });
        var z = Latents.Sample(new RandomState(2020), 4, 16, LatentDistribution.Normal);
        var half = Array.ConvertAll(z, v => 0.5f * v);
        Assert.Equal(plain.Generate(half, [], 4), g.Generate(z, [], 4));
    }

    [Fact]
    public void Explicit_latents_and_labels_come_from_the_file()
    {
        using var dir = Support.Fixtures.TempDir();
        var z = Latents.Sample(new RandomState(5), 6, 12, LatentDistribution.Normal);
        long[] labels = [4, 3, 2, 1, 0, 0];
        var path = dir.File("z.npz");
        GenMetrics.Formats.Npz.Write(path, [new("latents", GenMetrics.Formats.NpyArray.From<float>(z, [6, 12])), new("labels", GenMetrics.Formats.NpyArray.From<long>(labels, [6]))]);
        using var g = OnnxGenerator.Open(GeneratorFixture.Conditional, new GeneratorOptions { NumClasses = 5, LatentsPath = path });
        using var source = (GeneratorSource)g.Samples();
        Assert.Equal(6, source.Count);
        Assert.Equal(g.Generate(z, labels, 6), source.Generate(0, 6));
        Assert.Contains(g.Settings, s => s.Name == "z_dim");
        var p = source.Settings.ToDictionary(s => s.Name, s => s.Value);
        Assert.Equal(path, p["latents"]);
        Assert.True(p.ContainsKey("latents_sha256"));
    }

    [Fact]
    public void Features_of_generator_samples_carry_its_provenance()
    {
        using var g = OnnxGenerator.Open(GeneratorFixture.Unconditional, new GeneratorOptions { NumSamples = 5 });
        using var source = g.Samples();
        using var encoder = GenMetrics.Encoders.EncoderRegistry.Open("random-cnn");
        var set = FeatureExtractor.Extract(source, encoder, new ExtractionOptions { UseCache = false });
        Assert.Equal(5, set.Count);
        Assert.Equal(source.ContentHash(), set.Provenance.ContentSha256);
        Assert.Contains(set.Provenance.Generator!, s => s.Name == "model_sha256" && (string)s.Value == g.ModelSha256);
    }
}
