using System.Security.Cryptography;
using GenMetrics.Encoders;
using GenMetrics.Imaging;
using GenMetrics.Protocols;

namespace GenMetrics.Tests.Encoders;

public class TorchvisionPreprocessingTests
{
    public static TheoryData<int> CaseIndices()
    {
        var d = new TheoryData<int>();
        for (var i = 0; i < OnnxFileFixtures.Cases.Count; i++) d.Add(i);
        return d;
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Equals_torchvision_resize_crop_totensor_normalize_bit_for_bit(int index)
    {
        var c = OnnxFileFixtures.Cases[index];
        var image = OnnxFileFixtures.Image(c.Width, c.Height);
        var options = c.Preprocessing();

        var u8 = options.ResizeAndCrop(image);
        Assert.True(c.Uint8Sha256 == Convert.ToHexStringLower(SHA256.HashData(u8)), $"{c}: the resized uint8 image differs from PIL's");

        var x = new float[3 * c.Size * c.Size];
        options.Preprocess(image, x);
        // Sampled values first, so a failure says how far off it is.
        var maxErr = 0.0;
        for (var k = 0; k < c.Bits.Length; k++)
        {
            var i = (int)((long)k * OnnxFileFixtures.Stride % x.Length);
            maxErr = Math.Max(maxErr, Math.Abs(x[i] - BitConverter.UInt32BitsToSingle(c.Bits[k])));
        }
        Assert.True(maxErr == 0, $"{c}: max |error| over the samples {maxErr:G9}");
        Assert.Equal(c.Sum, x.Sum(v => (double)v), 9);
        Assert.Equal(c.FloatSha256, Convert.ToHexStringLower(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()))));
    }

    [Theory]
    [InlineData(300, 200, 224, 336, 224)]   // landscape: height is the short side
    [InlineData(180, 260, 224, 224, 323)]   // portrait: int(224 * 260 / 180) = int(323.55...)
    [InlineData(200, 200, 224, 224, 224)]
    [InlineData(517, 389, 224, 297, 224)]
    public void Shorter_side_goes_to_the_input_size(int w, int h, int s, int ew, int eh) =>
        Assert.Equal((ew, eh), TorchvisionPreprocessing.ResizedSize(w, h, s, keepAspect: true));

    [Theory]
    [InlineData(229, 224, 2)]   // round(2.5) = 2: Python rounds half to even
    [InlineData(231, 224, 4)]   // round(3.5) = 4
    [InlineData(323, 224, 50)]  // round(49.5) = 50
    [InlineData(224, 224, 0)]
    public void Center_crop_offset_is_torchvisions(int side, int crop, int expected) =>
        Assert.Equal(expected, TorchvisionPreprocessing.CropOffset(side, crop));

    [Fact]
    public void Same_size_resample_is_a_copy_and_constant_images_stay_constant()
    {
        var px = Enumerable.Repeat((byte)77, 40 * 30 * 3).ToArray();
        foreach (var f in new[] { PilFilter.Bicubic, PilFilter.Bilinear })
        {
            Assert.All(PilResample8.Resize(f, px, 40, 30, 13, 57), v => Assert.Equal(77, v));
            var copy = PilResample8.Resize(f, px, 40, 30, 40, 30);
            Assert.NotSame(px, copy);
            Assert.Equal(px, copy);
        }
    }
}
