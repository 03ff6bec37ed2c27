using GenMetrics.Imaging;
using GenMetrics.Numerics;
using GenMetrics.Protocols;

namespace GenMetrics.Bench;

/// <summary>
/// Preprocessing time per image for each protocol: one 256 x 256 RGB image to 3 x 299 x 299 on one thread, at each
/// width, and a batch of 64 through PreprocessBatch on all cores. The encoder takes ~80 ms per image, so the target is
/// well under 5 ms. Usage: <c>-- resize</c>.
/// </summary>
internal sealed class ResizeBench : IBench
{
    public string Name => "resize";

    public void Run()
    {
        foreach (var (w, h) in new[] { (256, 256), (32, 32), (512, 384) })
        {
            var rng = new Random(1);
            var images = new RgbImage[64];
            for (var i = 0; i < images.Length; i++)
            {
                var px = new byte[w * h * 3];
                rng.NextBytes(px);
                images[i] = new RgbImage(w, h, px, $"random-{i}");
            }
            foreach (var p in Protocol.All)
            {
                var dst = new float[p.ImageLength];
                foreach (var width in new[] { SimdWidth.Scalar, SimdWidth.V256 })
                {
                    var s = BenchUtil.Time(() => p.Preprocess(images[0], dst, width), 20);
                    Console.WriteLine($"preprocess {p.Name} {w}x{h} one thread {width}: {s * 1e3:F2} ms/image");
                }
                var batch = new float[images.Length * p.ImageLength];
                var b = BenchUtil.Time(() => p.PreprocessBatch(images, batch), 3);
                Console.WriteLine($"preprocess {p.Name} {w}x{h} batch of {images.Length}, all cores: {b * 1e3 / images.Length:F2} ms/image");
            }
        }
    }
}
