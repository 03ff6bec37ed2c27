using GenMetrics.Imaging;
using GenMetrics.Numerics;

namespace GenMetrics.Tests.Paired;

/// <summary>
/// The seeded synthetic test images of parity/paired_images.py, bit for bit (integer arithmetic and SplitMix64):
/// a spec "HxW:KIND" names one image; see that script for the kinds.
/// </summary>
internal static class PairedImages
{
    public static RgbImage Image(string spec)
    {
        var parts = spec.Split(':');
        var size = parts[0].Split('x');
        int h = int.Parse(size[0]), w = int.Parse(size[1]);
        var args = parts.Skip(2).Select(ulong.Parse).ToArray();
        byte[] px = parts[1] switch
        {
            "scene" => Scene(args[0], h, w),
            "grey" => Grey(Scene(args[0], h, w)),
            "const" => Enumerable.Repeat((byte)args[0], h * w * 3).ToArray(),
            "noisy" => Noisy(Scene(args[0], h, w), args[1]),
            "shift" => Shift(Scene(args[0], h, w), h, w),
            "quant" => Scene(args[0], h, w).Select(v => (byte)((v & 0xE0) | 0x10)).ToArray(),
            _ => throw new ArgumentException(spec),
        };
        return new RgbImage(w, h, px, spec);
    }

    private static byte[] Scene(ulong seed, int h, int w)
    {
        var px = new byte[h * w * 3];
        var rng = new SplitMix64(seed);
        for (int y = 0, i = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++, i++)
                {
                    int bx = x / 24, by = y / 20;
                    int block = (bx * 37 + by * 101 + c * 53) * 97 % 256;
                    int ramp = (x + 2 * y) * 255 / (w + 2 * h);
                    int tex = (int)(rng.NextUInt64() >> 59);
                    int v = (2 * block + ramp) / 3 + ((bx + by) % 3 == 0 ? tex : 0);
                    px[i] = (byte)Math.Clamp(v, 0, 255);
                }
        return px;
    }

    private static byte[] Grey(byte[] px)
    {
        for (int i = 0; i < px.Length; i += 3) px[i + 1] = px[i + 2] = px[i];
        return px;
    }

    private static byte[] Noisy(byte[] px, ulong seed)
    {
        var rng = new SplitMix64(seed);
        for (int i = 0; i < px.Length; i++) px[i] = (byte)Math.Clamp(px[i] + (int)(rng.NextUInt64() >> 60) - 8, 0, 255);
        return px;
    }

    private static byte[] Shift(byte[] px, int h, int w)
    {
        var o = new byte[px.Length];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int from = (Math.Min(y + 1, h - 1) * w + Math.Min(x + 2, w - 1)) * 3;
                for (int c = 0; c < 3; c++) o[(y * w + x) * 3 + c] = px[from + c];
            }
        return o;
    }

    /// <summary>parity/paired_images.py's digest: Σ ((i + 1) mod 1000003)·v over the flat HWC values, mod 2^61 − 1.</summary>
    public static long Digest(RgbImage image)
    {
        long s = 0;
        var px = image.Pixels;
        for (int i = 0; i < px.Length; i++) s += (i + 1L) % 1000003 * px[i];
        return s % ((1L << 61) - 1);
    }
}
