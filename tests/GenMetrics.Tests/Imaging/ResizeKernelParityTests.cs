using GenMetrics.Imaging;
using GenMetrics.Numerics;
using GenMetrics.Tests.Protocols;

namespace GenMetrics.Tests.Imaging;

/// <summary>The bare kernels against the references' own output (torch-fidelity, torch, Pillow) at odd sizes.</summary>
public sealed class ResizeKernelParityTests
{
    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        for (var i = 0; i < ProtocolFixtures.Kernels.Count; i++)
            foreach (var w in new[] { SimdWidth.Scalar, SimdWidth.V256 }) data.Add(i, (int)w);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void Kernel_equals_reference_bit_for_bit(int index, int width)
    {
        var c = ProtocolFixtures.Kernels[index];
        var filter = c.Filter switch
        {
            "tf1-bilinear" => ResizeFilter.Tf1Bilinear,
            "torch-bilinear" => ResizeFilter.TorchBilinear,
            "pil-bicubic" => ResizeFilter.PilBicubic,
            _ => throw new InvalidOperationException(c.Filter),
        };
        var src = ProtocolInputs.NoisePlane(c.InWidth, c.InHeight);
        var dst = new float[c.OutWidth * c.OutHeight];
        PlaneResizer.Resize(filter, src, c.InWidth, c.InHeight, dst, c.OutWidth, c.OutHeight, (SimdWidth)width);
        for (var i = 0; i < dst.Length; i++)
            Assert.True(BitConverter.SingleToUInt32Bits(dst[i]) == BitConverter.SingleToUInt32Bits(c.Values[i]),
                $"{c}: at {i}, got {dst[i]:R}, reference {c.Values[i]:R}");
    }

    [Theory]
    [InlineData(ResizeFilter.Tf1Bilinear)]
    [InlineData(ResizeFilter.TorchBilinear)]
    [InlineData(ResizeFilter.PilBicubic)]
    public void Same_size_is_the_identity(ResizeFilter filter)
    {
        foreach (var (w, h) in new[] { (299, 299), (7, 5), (1, 1) })
        {
            var src = ProtocolInputs.NoisePlane(w, h);
            var dst = new float[w * h];
            PlaneResizer.Resize(filter, src, w, h, dst, w, h, SimdWidth.V256);
            Assert.Equal(src, dst);
        }
    }

    [Fact]
    public void Pil_weights_are_normalised_and_bounded()
    {
        foreach (var (i, o) in new[] { (512, 299), (28, 299), (300, 299), (1, 5) })
        {
            var map = PilBicubicKernelMap.Create(i, o);
            for (var x = 0; x < o; x++)
            {
                Assert.InRange(map.Start[x], 0, i - 1);
                Assert.InRange(map.Start[x] + map.Count[x], 1, i);
                Assert.InRange(map.Count[x], 1, map.KSize);
                var s = 0.0;
                for (var j = 0; j < map.Count[x]; j++) s += map.Weights[x * map.KSize + j];
                Assert.Equal(1.0, s, 1e-12);
            }
        }
    }
}
