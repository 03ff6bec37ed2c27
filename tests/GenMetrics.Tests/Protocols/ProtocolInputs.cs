using GenMetrics.Imaging;

namespace GenMetrics.Tests.Protocols;

/// <summary>The test images of parity/make_protocol_fixtures.py, computed bit for bit as the script does.</summary>
internal static class ProtocolInputs
{
    public static RgbImage Make(string kind, int width, int height) => kind switch
    {
        "noise" => new RgbImage(width, height, Noise(width * height * 3, (ulong)width * 65536 + (ulong)height), "noise"),
        "gradient" => Gradient(width, height),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>SplitMix64, one byte (the top 8 bits) per step, HWC order.</summary>
    public static byte[] Noise(int n, ulong seed)
    {
        var result = new byte[n];
        var state = seed;
        for (var i = 0; i < n; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            result[i] = (byte)(z >> 56);
        }
        return result;
    }

    /// <summary>r = x * 255 / (w - 1), g = y * 255 / (h - 1), b = (x + y) * 255 / (w + h - 2), integer division.</summary>
    public static RgbImage Gradient(int w, int h)
    {
        var p = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var o = (y * w + x) * 3;
                p[o] = (byte)(x * 255 / (w - 1));
                p[o + 1] = (byte)(y * 255 / (h - 1));
                p[o + 2] = (byte)((x + y) * 255 / (w + h - 2));
            }
        return new RgbImage(w, h, p, "gradient");
    }

    /// <summary>Channel 0 of the noise image as a float32 plane (the bare-kernel fixtures' input).</summary>
    public static float[] NoisePlane(int w, int h)
    {
        var img = Make("noise", w, h);
        var plane = new float[w * h];
        for (var i = 0; i < plane.Length; i++) plane[i] = img.Pixels[3 * i];
        return plane;
    }
}
