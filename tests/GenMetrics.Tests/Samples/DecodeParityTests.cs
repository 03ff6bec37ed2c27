using GenMetrics.Formats;
using GenMetrics.Imaging;
using GenMetrics.Tests.Support;
using System.Security.Cryptography;
using System.Text.Json;

namespace GenMetrics.Tests.Samples;

/// <summary>
/// Decoded pixels against PIL's <c>np.asarray(Image.open(f).convert('RGB'))</c> (parity/make_image_fixtures.py:
/// Pillow 9.4, libjpeg-turbo 2.1.5, libwebp 1.2.4). Measured with SkiaSharp 4.155.0: every PNG (RGB, RGBA, grey,
/// grey+alpha, palette with and without tRNS, 1-bit, 16-bit of each colour type, Adam7-interlaced, a gAMA chunk),
/// every JPEG (baseline and progressive, q50..q100, 4:2:0, 4:2:2, 4:4:4, greyscale, CMYK, optimized Huffman tables,
/// an EXIF orientation that neither side applies), BMP (24-bit,
/// palette, grey), WebP (lossless and lossy, with and without alpha) and GIF (palette, transparent index, first frame
/// of an animation, a first frame smaller than the screen) decodes to identical bytes, so the test demands identical
/// hashes (and reports the maximum difference and the share of differing values if one ever differs). TIFF is not
/// decodable by Skia.
/// </summary>
public class DecodeParityTests
{
    private static readonly JsonElement s_manifest =
        JsonDocument.Parse(File.ReadAllText(Fixtures.Path("images", "decode.json"))).RootElement;

    public static TheoryData<string> Decodable()
    {
        var data = new TheoryData<string>();
        foreach (var e in s_manifest.EnumerateObject())
            if (!e.Name.EndsWith(".tif", StringComparison.Ordinal)) data.Add(e.Name);
        return data;
    }

    [Theory, MemberData(nameof(Decodable))]
    public void Decoded_pixels_equal_PIL(string name)
    {
        var expected = s_manifest.GetProperty(name);
        var image = ImageDecoder.Decode(File.ReadAllBytes(Fixtures.Path("images", "decode", name)), name);
        var shape = expected.GetProperty("shape");
        Assert.Equal(shape[0].GetInt32(), image.Height);
        Assert.Equal(shape[1].GetInt32(), image.Width);
        if (Convert.ToHexStringLower(SHA256.HashData(image.Pixels)) == expected.GetProperty("sha256").GetString()) return;
        // Not identical: say by how much, against PIL's decoded array.
        var pil = Npz.ReadArray(Fixtures.Path("images", "decode_pil.npz"), name.Replace('.', '_')).ToBytes();
        int max = 0, differing = 0;
        for (int i = 0; i < pil.Length; i++)
        {
            int d = Math.Abs(pil[i] - image.Pixels[i]);
            max = Math.Max(max, d);
            if (d > 0) differing++;
        }
        Assert.Fail($"{name} ({expected.GetProperty("mode").GetString()}): max |difference| {max}, {differing} of {pil.Length} values differ");
    }

    [Fact]
    public void Tiff_is_not_decodable()
    {
        var e = Assert.Throws<InputException>(() => ImageDecoder.Decode(File.ReadAllBytes(Fixtures.Path("images", "decode", "rgb.tif")), "rgb.tif"));
        Assert.StartsWith("rgb.tif: ", e.Message);
    }

    [Theory]
    [InlineData("truncated.png")]
    [InlineData("truncated.jpg")]
    [InlineData("truncated_grey16.png")]
    [InlineData("garbage.png")]
    [InlineData("empty.jpg")]
    public void Bad_images_are_input_errors_naming_the_file(string name)
    {
        var e = Assert.Throws<InputException>(() => ImageDecoder.Decode(File.ReadAllBytes(Fixtures.Path("images", "bad", name)), name));
        Assert.StartsWith(name + ": ", e.Message);
    }
}
