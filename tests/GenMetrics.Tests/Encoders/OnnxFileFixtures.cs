using System.Globalization;
using System.Text.Json;
using GenMetrics.Encoders;
using GenMetrics.Imaging;
using GenMetrics.Protocols;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Encoders;

/// <summary>tests/fixtures/onnxenc/preprocess.json, written by parity/make_onnx_encoder_fixtures.py (torchvision 0.14, PIL 9.4).</summary>
internal static class OnnxFileFixtures
{
    public sealed record Case(int Width, int Height, int Size, string Resize, string Crop, string Norm,
        string Uint8Sha256, string FloatSha256, double Sum, uint[] Bits)
    {
        public TorchvisionPreprocessing Preprocessing() => new()
        {
            Size = Size,
            Resize = Resize == "bicubic" ? TorchvisionResize.Bicubic : TorchvisionResize.Bilinear,
            CenterCrop = Crop == "center",
            Mean = Norm == "clip" ? TorchvisionPreprocessing.ClipMean : TorchvisionPreprocessing.ImageNetMean,
            Std = Norm == "clip" ? TorchvisionPreprocessing.ClipStd : TorchvisionPreprocessing.ImageNetStd,
        };

        public override string ToString() => $"{Width}x{Height} -> {Size} {Resize} crop={Crop} {Norm}";
    }

    public const int Stride = 1000003;

    private static readonly Lazy<Case[]> s_cases = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("onnxenc", "preprocess.json")));
        return [.. doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new Case(
            c.GetProperty("width").GetInt32(), c.GetProperty("height").GetInt32(), c.GetProperty("size").GetInt32(),
            c.GetProperty("resize").GetString()!, c.GetProperty("crop").GetString()!, c.GetProperty("norm").GetString()!,
            c.GetProperty("uint8_sha256").GetString()!, c.GetProperty("float_sha256").GetString()!,
            double.Parse(c.GetProperty("sum").GetString()!, CultureInfo.InvariantCulture),
            [.. c.GetProperty("bits").EnumerateArray().Select(b => b.GetUInt32())]))];
    });

    public static IReadOnlyList<Case> Cases => s_cases.Value;

    /// <summary>The script's formula image: v[y, x, c] = (3x² + 7y + xy + 85c + ((131x + 71y) ^ xy) % 64) % 256.</summary>
    public static RgbImage Image(int width, int height)
    {
        var px = new byte[width * height * 3];
        for (long y = 0; y < height; y++)
            for (long x = 0; x < width; x++)
                for (long c = 0; c < 3; c++)
                    px[(y * width + x) * 3 + c] = (byte)((x * x * 3 + y * 7 + x * y + c * 85 + ((x * 131 + y * 71) ^ (x * y)) % 64) % 256);
        return new RgbImage(width, height, px, $"formula {width}x{height}");
    }
}
