using System.Security.Cryptography;
using System.Text.Json;
using GenMetrics.Numerics;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Numerics;

/// <summary>
/// <see cref="TorchGenerator"/> against Debian's torch 1.13.1 (tests/fixtures/torch_rng/draws.json from
/// parity/make_torch_rng_fixtures.py): randperm, float32 randn through both CPU kernels, float64 randn, the serial
/// path's cached normal, and MIND's default draws; bit for bit.
/// </summary>
public class TorchGeneratorTests
{
    private static readonly Lazy<JsonElement> s_fixture = new(() =>
        JsonDocument.Parse(File.ReadAllText(Fixtures.Path("torch_rng", "draws.json"))).RootElement);

    /// <summary>The fixture's ATEN_CPU_CAPABILITY names: "avx2" and "default" (the scalar kernel).</summary>
    private static TorchNormalKernel Kernel(string capability) =>
        capability == "avx2" ? TorchNormalKernel.Avx2 : TorchNormalKernel.Scalar;

    private static JsonElement Capability(string capability) =>
        s_fixture.Value.GetProperty("capabilities").GetProperty(capability);

    public static TheoryData<string, long> KernelsAndSeeds()
    {
        var data = new TheoryData<string, long>();
        foreach (var k in new[] { "avx2", "default" })
            foreach (var c in Capability(k).GetProperty("cases").EnumerateArray())
                data.Add(k, c.GetProperty("seed").GetInt64());
        return data;
    }

    private static JsonElement Case(string k, long seed)
    {
        foreach (var c in Capability(k).GetProperty("cases").EnumerateArray())
            if (c.GetProperty("seed").GetInt64() == seed) return c;
        throw new InvalidOperationException("no case for seed " + seed);
    }

    [Theory, MemberData(nameof(KernelsAndSeeds))]
    public void Randperm_matches_torch(string capability, long seed)
    {
        foreach (var p in Case(capability, seed).GetProperty("randperm").EnumerateObject())
        {
            int n = int.Parse(p.Name);
            AssertInts(p.Value, new TorchGenerator(seed, Kernel(capability)).RandPerm(n), $"seed {seed}, randperm({n})");
        }
    }

    [Theory, MemberData(nameof(KernelsAndSeeds))]
    public void Randn_float32_matches_torch(string capability, long seed)
    {
        foreach (var p in Case(capability, seed).GetProperty("randn32").EnumerateObject())
        {
            int n = int.Parse(p.Name);
            var v = new float[n];
            new TorchGenerator(seed, Kernel(capability)).Randn(v.AsSpan());
            AssertFloats(p.Value, v, $"{capability}, seed {seed}, randn({n})");
        }
    }

    [Theory, MemberData(nameof(KernelsAndSeeds))]
    public void Randn_float64_matches_torch(string capability, long seed)
    {
        foreach (var p in Case(capability, seed).GetProperty("randn64").EnumerateObject())
        {
            int n = int.Parse(p.Name);
            var v = new double[n];
            new TorchGenerator(seed, Kernel(capability)).Randn(v.AsSpan());
            AssertDoubles(p.Value, v, $"seed {seed}, randn({n}, float64)");
        }
    }

    [Theory, MemberData(nameof(KernelsAndSeeds))]
    public void A_sequence_of_calls_on_one_generator_matches_torch(string capability, long seed)
    {
        var g = new TorchGenerator(seed, Kernel(capability));
        int step = 0;
        foreach (var s in Case(capability, seed).GetProperty("sequence").EnumerateArray())
        {
            int n = s.GetProperty("n").GetInt32();
            string what = $"{capability}, seed {seed}, step {step++} {s.GetProperty("op").GetString()}({n})";
            switch (s.GetProperty("op").GetString())
            {
                case "randperm": AssertInts(s, g.RandPerm(n), what); break;
                case "randn32": { var v = new float[n]; g.Randn(v.AsSpan()); AssertFloats(s, v, what); break; }
                default: { var v = new double[n]; g.Randn(v.AsSpan()); AssertDoubles(s, v, what); break; }
            }
        }
    }

    [Theory]
    [InlineData("avx2")]
    [InlineData("default")]
    public void Mind_default_draws_match_torch(string capability)
    {
        var kernel = Kernel(capability);
        var m = Capability(capability).GetProperty("mind_default");
        var g = new TorchGenerator(2020, kernel);
        AssertInts(m.GetProperty("randperm_12000_first_10000"), g.RandPerm(12000)[..10000], "randperm(12000)[:10000]");
        AssertFloats(m.GetProperty("randn_1000_2048"), g.RandnFloat32(1000 * 2048), $"{kernel} randn(1000, 2048)");
    }

    [Fact]
    public void The_two_float32_kernels_differ_only_by_rounding()
    {
        var a = new TorchGenerator(2020, TorchNormalKernel.Avx2).RandnFloat32(100_000);
        var b = new TorchGenerator(2020, TorchNormalKernel.Scalar).RandnFloat32(100_000);
        int differ = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i]) differ++;
            // Cephes' log of u near 1 (a small radius) is off by up to ~10 ulp of its tiny result.
            Assert.True(Math.Abs(a[i] - b[i]) <= 2e-6 * Math.Max(1, Math.Abs(a[i])), $"{i}: {a[i]} vs {b[i]}");
        }
        Assert.InRange(differ, 1, a.Length / 2);
    }

    [Fact]
    public void Raw_stream_is_mt19937_and_seeds_use_their_low_32_bits()
    {
        var g = new TorchGenerator(5489);
        Assert.Equal(3499211612U, g.Random());
        Assert.Equal(((ulong)581869302U << 32) | 3890346734U, g.Random64());
        Assert.Equal(new TorchGenerator(5).RandPerm(50), new TorchGenerator((1L << 32) + 5).RandPerm(50));
        Assert.Equal(new TorchGenerator(-1).Random(), new TorchGenerator(uint.MaxValue).Random());
    }

    [Fact]
    public void Randperm_refuses_sizes_where_newer_torch_changes_algorithm()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TorchGenerator(0).RandPerm(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TorchGenerator(0).RandPerm(TorchGenerator.RandPermClassicLimit));
    }

    [Fact]
    public void Cephes_log_and_sincos_are_accurate()
    {
        for (float x = 1e-7f; x <= 1f; x *= 1.37f)
            Assert.True(Math.Abs(CephesAvx.Log(x) - Math.Log(x)) <= 2e-7 * Math.Max(1, Math.Abs(Math.Log(x))), $"log {x}");
        Assert.True(float.IsNaN(CephesAvx.Log(0f)));
        Assert.True(float.IsNaN(CephesAvx.Log(-1f)));
        for (float t = 0f; t < 6.3f; t += 0.01f)
        {
            CephesAvx.SinCos(t, out float s, out float c);
            Assert.True(Math.Abs(s - Math.Sin(t)) <= 2e-7 && Math.Abs(c - Math.Cos(t)) <= 2e-7, $"sincos {t}: {s}, {c}");
        }
    }

    private static void AssertInts(JsonElement expected, int[] actual, string what)
    {
        Assert.Equal(expected.GetProperty("n").GetInt32(), actual.Length);
        if (expected.TryGetProperty("values", out var values))
        {
            Assert.Equal(values.EnumerateArray().Select(v => v.GetInt32()).ToArray(), actual);
            return;
        }
        var bytes = new byte[actual.Length * 8];
        for (int i = 0; i < actual.Length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 8), (long)actual[i]);
        Assert.True(expected.GetProperty("sha256").GetString() == Convert.ToHexStringLower(SHA256.HashData(bytes)), what);
    }

    private static void AssertFloats(JsonElement expected, float[] actual, string what)
    {
        Assert.Equal(expected.GetProperty("n").GetInt32(), actual.Length);
        if (expected.TryGetProperty("values", out var values))
        {
            int i = 0;
            foreach (var v in values.EnumerateArray())
            {
                Assert.True(BitConverter.SingleToInt32Bits((float)v.GetDouble()) == BitConverter.SingleToInt32Bits(actual[i]),
                    $"{what}: [{i}] expected {(float)v.GetDouble():R}, got {actual[i]:R}");
                i++;
            }
            return;
        }
        var head = expected.GetProperty("head").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        Assert.True(head.SequenceEqual(actual[..8]), $"{what}: head {string.Join(", ", actual[..8])} vs {string.Join(", ", head)}");
        var bytes = new byte[actual.Length * 4];
        Buffer.BlockCopy(actual, 0, bytes, 0, bytes.Length);
        Assert.True(expected.GetProperty("sha256").GetString() == Convert.ToHexStringLower(SHA256.HashData(bytes)), what + ": SHA-256 differs");
    }

    private static void AssertDoubles(JsonElement expected, double[] actual, string what)
    {
        Assert.Equal(expected.GetProperty("n").GetInt32(), actual.Length);
        if (expected.TryGetProperty("values", out var values))
        {
            int i = 0;
            foreach (var v in values.EnumerateArray())
            {
                Assert.True(BitConverter.DoubleToInt64Bits(v.GetDouble()) == BitConverter.DoubleToInt64Bits(actual[i]),
                    $"{what}: [{i}] expected {v.GetDouble():R}, got {actual[i]:R}");
                i++;
            }
            return;
        }
        var head = expected.GetProperty("head").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.True(head.SequenceEqual(actual[..8]), $"{what}: head differs");
        var bytes = new byte[actual.Length * 8];
        Buffer.BlockCopy(actual, 0, bytes, 0, bytes.Length);
        Assert.True(expected.GetProperty("sha256").GetString() == Convert.ToHexStringLower(SHA256.HashData(bytes)), what + ": SHA-256 differs");
    }
}
