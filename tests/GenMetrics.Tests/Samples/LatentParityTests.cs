using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using GenMetrics.Numerics;
using GenMetrics.Samples;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Samples;

/// <summary>
/// torch-fidelity's latents bit for bit: <c>sample_random</c> and <c>batch_interp</c> run by
/// parity/make_latent_fixtures.py (torch-fidelity 5e211a9, Debian's torch 1.13.1, numpy 1.24), and the two torch
/// kernels they depend on (float32 row sums, SLEEF acos/sin).
/// </summary>
public class LatentParityTests
{
    private static readonly JsonElement s_json = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("generator", "latents.json"))).RootElement;

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var c in s_json.GetProperty("cases").EnumerateArray()) data.Add(c.GetProperty("z_type").GetString()!, c.GetProperty("size").GetInt32());
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void Latents_and_interpolations_equal_torch_fidelity_bit_for_bit(string zType, int size)
    {
        var c = s_json.GetProperty("cases").EnumerateArray().First(x => x.GetProperty("z_type").GetString() == zType && x.GetProperty("size").GetInt32() == size);
        int rows = s_json.GetProperty("rows").GetInt32();
        var type = zType switch { "normal" => LatentDistribution.Normal, "unit" => LatentDistribution.Unit, _ => LatentDistribution.Uniform01 };
        var rng = new RandomState((uint)s_json.GetProperty("seed").GetInt32());
        var e0 = Latents.Sample(rng, rows, size, type);
        var e1 = Latents.Sample(rng, rows, size, type);
        AssertEqual(c.GetProperty("e0"), e0, "e0");
        AssertEqual(c.GetProperty("e1"), e1, "e1");
        foreach (var interp in c.GetProperty("interp").EnumerateArray())
        {
            var mode = interp.GetProperty("mode").GetString() switch
            {
                "lerp" => LatentInterpolation.Lerp,
                "slerp_any" => LatentInterpolation.SlerpAny,
                _ => LatentInterpolation.SlerpUnit,
            };
            double t = interp.GetProperty("t").GetDouble();
            AssertEqual(interp, Latents.Interpolate(e0, e1, size, t, mode), $"{mode} t={t}");
        }
    }

    [Fact]
    public void Row_sums_equal_torch_for_every_length()
    {
        foreach (var s in s_json.GetProperty("sums").EnumerateArray())
        {
            int n = s.GetProperty("n").GetInt32();
            var x = Symmetric((ulong)s.GetProperty("seed").GetInt32(), 2 * n);
            var sums = new float[2];
            TorchRowSum.SumRows(x, 2, n, sums);
            var want = s.GetProperty("bits").EnumerateArray().Select(b => b.GetUInt32()).ToArray();
            Assert.True(want[0] == Bits(sums[0]) && want[1] == Bits(sums[1]),
                $"n={n}: torch {BitConverter.UInt32BitsToSingle(want[0]):R}, {BitConverter.UInt32BitsToSingle(want[1]):R}; ours {sums[0]:R}, {sums[1]:R}");
        }
    }

    [Fact]
    public void Acos_equals_torch_sleef_bit_for_bit()
    {
        var a = s_json.GetProperty("acos");
        var inputs = Symmetric(11, 1000).Concat(Specials(a)).ToArray();
        AssertBits(a.GetProperty("bits"), inputs, SleefFloat.Acos, "acos");
    }

    [Fact]
    public void Sin_equals_torch_sleef_bit_for_bit()
    {
        var s = s_json.GetProperty("sin");
        var u = Uniforms(12, 1000).Select(v => 3.2f * v);
        var wide = Symmetric(13, 100).Select(v => 124f * v);
        var inputs = u.Concat(wide).Concat(Specials(s)).ToArray();
        AssertBits(s.GetProperty("bits"), inputs, SleefFloat.Sin, "sin");
    }

    [Fact]
    public void Labels_are_numpy_randint()
    {
        // RandomState(2020).randint(0, 10, 8) and randint(0, 1, 3) (which draws nothing): numpy 1.24.
        var rng = new RandomState(2020);
        Assert.Equal([0L, 8, 3, 6, 3, 3, 7, 8], Latents.Labels(rng, 8, 10));
        Assert.Equal([0L, 0, 0], Latents.Labels(rng, 3, 1));
    }

    private static IEnumerable<float> Specials(JsonElement e) => e.GetProperty("specials").EnumerateArray().Select(v => (float)v.GetDouble());

    private static void AssertBits(JsonElement want, float[] inputs, Func<float, float> f, string what)
    {
        var bits = want.EnumerateArray().Select(b => b.GetUInt32()).ToArray();
        Assert.Equal(bits.Length, inputs.Length);
        for (int i = 0; i < inputs.Length; i++)
        {
            var got = f(inputs[i]);
            Assert.True(bits[i] == Bits(got), $"{what}({inputs[i]:R}): torch {BitConverter.UInt32BitsToSingle(bits[i]):R}, ours {got:R}");
        }
    }

    private static void AssertEqual(JsonElement want, float[] got, string what)
    {
        if (want.TryGetProperty("bits", out var bits))
        {
            var w = bits.EnumerateArray().Select(b => b.GetUInt32()).ToArray();
            Assert.Equal(w.Length, got.Length);
            for (int i = 0; i < w.Length; i++)
                Assert.True(w[i] == Bits(got[i]), $"{what}[{i}]: torch {BitConverter.UInt32BitsToSingle(w[i]):R}, ours {got[i]:R}");
        }
        var sha = Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(got.AsSpan())));
        Assert.True(want.GetProperty("sha256").GetString() == sha, $"{what}: SHA-256 of the float32 bytes differs from torch-fidelity's");
    }

    private static uint Bits(float f) => BitConverter.SingleToUInt32Bits(f);

    private static float[] Uniforms(ulong seed, int n)
    {
        var rng = new SplitMix64(seed);
        var u = new float[n];
        for (int i = 0; i < n; i++) u[i] = rng.NextFloat24();
        return u;
    }

    // synthetic.py's 2u - 1 in float32 (no fused multiply-add).
    private static float[] Symmetric(ulong seed, int n) => [.. Uniforms(seed, n).Select(u => 2f * u + -1f)];
}
