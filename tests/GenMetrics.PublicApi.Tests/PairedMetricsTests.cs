using GenMetrics.Evaluation;
using GenMetrics.Metrics.Paired;
using GenMetrics.Reports;
using SkiaSharp;

namespace GenMetrics.PublicApi.Tests;

/// <summary>
/// The paired metrics from outside the library: two folders of PNGs paired by file name through
/// <see cref="ImagePairs"/>, run by name through <see cref="Evaluator"/> (the README's "Paired image metrics" usage),
/// options through the registry's parameters, per-pair values written as CSV.
/// </summary>
public class PairedMetricsTests
{
    private static void WritePngs(string folder, int seed, int noise)
    {
        Directory.CreateDirectory(folder);
        for (int i = 0; i < 4; i++)
        {
            var rng = new Random(seed + i);
            using var bitmap = new SKBitmap(new SKImageInfo(40, 32, SKColorType.Rgba8888, SKAlphaType.Opaque));
            for (int y = 0; y < 32; y++)
                for (int x = 0; x < 40; x++)
                    bitmap.SetPixel(x, y, new SKColor((byte)(x * 6 + rng.Next(noise)), (byte)(y * 7 + i * 20), (byte)((x + y) * 3 + rng.Next(noise)), 255));
            using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(folder, $"{i:D2}.png"), png.ToArray());
        }
    }

    [Fact]
    public void Ssim_and_psnr_of_two_folders_through_the_evaluator()
    {
        using var dir = new TempFolder();
        WritePngs(dir.File("restored"), seed: 1, noise: 20);
        WritePngs(dir.File("target"), seed: 1, noise: 1);

        using var pairs = ImagePairs.Open(dir.File("restored"), dir.File("target"));
        var result = Evaluator.Evaluate(new EvaluationSet { Pairs = pairs }, "ssim", "psnr");
        Assert.InRange(result["ssim"]!.Value, 0.1, 0.999);
        Assert.InRange(result["psnr"]!.Value, 15, 60);
        Assert.Equal(["00.png", "01.png", "02.png", "03.png"], pairs.Names);
        Assert.Equal(4, result.ItemValues.Single(x => x.Key == "ssim").Value.Count);
        Assert.Equal(["pairs_a", "pairs_b"], result.Inputs.Select(i => i.Role));
        Assert.DoesNotContain("\"dimension\"", ResultJson.Serialize(result));

        var torchmetrics = PsnrMetric.Definition.Create(new Dictionary<string, object> { ["convention"] = PsnrConvention.Torchmetrics });
        using var same = ImagePairs.Open(dir.File("target"), dir.File("target"));
        var identical = Evaluator.Evaluate(new EvaluationSet { Pairs = same }, [torchmetrics, new SsimMetric()]);
        Assert.Equal(double.PositiveInfinity, identical["psnr"]);
        Assert.Equal(1.0, identical["ssim"]);
        Assert.Contains("\"psnr\": null", ResultJson.Serialize(identical));
        ItemValuesCsv.WriteFile(dir.File("psnr.csv"), identical.ItemValues[0].Value);
        Assert.Equal("name,value\n00.png,inf\n01.png,inf\n02.png,inf\n03.png,inf\n", File.ReadAllText(dir.File("psnr.csv")));
    }
}
