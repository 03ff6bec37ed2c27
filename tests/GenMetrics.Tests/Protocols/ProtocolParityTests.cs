using GenMetrics.Formats;
using GenMetrics.Numerics;
using GenMetrics.Protocols;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Protocols;

/// <summary>
/// Each protocol's network input against the reference's (parity/make_protocol_fixtures.py): 512 sampled float32
/// values bit for bit, and the whole tensor through its float64 sum, sum of squares and max |x|.
/// </summary>
public sealed class ProtocolParityTests
{
    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        for (var i = 0; i < ProtocolFixtures.Protocols.Count; i++)
            foreach (var w in new[] { SimdWidth.Scalar, SimdWidth.V256 }) data.Add(i, (int)w);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void Network_input_equals_reference(int index, int width)
    {
        var c = ProtocolFixtures.Protocols[index];
        var protocol = Protocol.Get(c.Protocol);
        var x = new float[protocol.ImageLength];
        protocol.Preprocess(ProtocolInputs.Make(c.Image, c.Width, c.Height), x, (SimdWidth)width);

        for (var k = 0; k < c.Samples.Length; k++)
        {
            var i = (int)((long)k * ProtocolFixtures.SampleStride % x.Length);
            Assert.True(BitConverter.SingleToUInt32Bits(x[i]) == BitConverter.SingleToUInt32Bits(c.Samples[k]),
                $"{c}: at {i}, got {x[i]:R}, reference {c.Samples[k]:R}");
        }
        double sum = 0, sumsq = 0, maxabs = 0;
        foreach (var v in x) { sum += v; sumsq += (double)v * v; maxabs = Math.Max(maxabs, Math.Abs((double)v)); }
        // numpy sums float64 pairwise, we sum in order: agreement to ~1e-12 relative says every value matches.
        Assert.Equal(c.Sum, sum, 1e-9 * Math.Max(1, Math.Abs(c.Sum)) + 1e-9 * x.Length);
        Assert.Equal(c.SumSq, sumsq, 1e-10 * c.SumSq);
        Assert.Equal(c.MaxAbs, maxabs);
    }

    [Theory]
    [InlineData("tf", 28, 28, "full_tf_noise_28x28.npy")]
    [InlineData("clean", 64, 48, "full_clean_noise_64x48.npy")]
    public void Whole_channel_equals_reference_bit_for_bit(string name, int w, int h, string file)
    {
        var reference = Npy.Read(Fixtures.Path("protocols", file)).ToSingle();
        var x = Protocol.Get(name).Preprocess(ProtocolInputs.Make("noise", w, h));
        Assert.Equal(299 * 299, reference.Length);
        for (var i = 0; i < reference.Length; i++)
            Assert.True(BitConverter.SingleToUInt32Bits(x[i]) == BitConverter.SingleToUInt32Bits(reference[i]),
                $"{name} {w}x{h}: at {i}, got {x[i]:R}, reference {reference[i]:R}");
    }
}
