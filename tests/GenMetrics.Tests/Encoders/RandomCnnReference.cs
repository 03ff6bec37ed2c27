namespace GenMetrics.Tests.Encoders;

/// <summary>
/// A plain re-implementation of the random-CNN for the tests: its own SplitMix64 and FNV-1a (written from the
/// formulas, not calling the library) and a naive float64 forward pass (conv 3x3 pad 1, ReLU, max-pool 2, global average pool), layer list copied from the XML docs of RandomCnnGraph.
/// </summary>
internal static class RandomCnnReference
{
    public static readonly (string Name, int In, int Out, bool Pool)[] Layers =
    [
        ("conv1_1", 3, 32, false), ("conv1_2", 32, 32, true),
        ("conv2_1", 32, 64, false), ("conv2_2", 64, 64, true),
        ("conv3_1", 64, 128, false), ("conv3_2", 128, 128, true),
    ];

    /// <summary>Value <paramref name="index"/> of weight tensor <paramref name="name"/>, from the documented formula.</summary>
    public static float Weight(int seed, string name, int fanIn, long index)
    {
        ulong h = 14695981039346656037UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes($"random-cnn/{seed}/{name}")) h = (h ^ b) * 1099511628211UL;
        ulong state = h + (ulong)(index + 1) * 0x9E3779B97F4A7C15UL;
        ulong z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        double u = (z >> 40) / 16777216.0;
        float scale = (float)Math.Sqrt(6.0 / fanIn);
        return (float)((2 * u - 1) * scale);   // 2u − 1 is exact, so this is the float32 product rounded once
    }

    /// <summary>The 128 features of one 3 x 64 x 64 image, in float64.</summary>
    public static double[] Forward(int seed, ReadOnlySpan<float> image)
    {
        int side = 64, channels = 3;
        var x = new double[image.Length];
        for (int i = 0; i < x.Length; i++) x[i] = image[i];
        foreach (var (name, cin, cout, pool) in Layers)
        {
            var w = new double[cout * cin * 9];
            for (int i = 0; i < w.Length; i++) w[i] = Weight(seed, name + ".weight", cin * 9, i);
            var y = new double[cout * side * side];
            for (int o = 0; o < cout; o++)
                for (int r = 0; r < side; r++)
                    for (int c = 0; c < side; c++)
                    {
                        double s = 0;
                        for (int i = 0; i < cin; i++)
                            for (int kr = 0; kr < 3; kr++)
                            {
                                int rr = r + kr - 1;
                                if (rr < 0 || rr >= side) continue;
                                for (int kc = 0; kc < 3; kc++)
                                {
                                    int cc = c + kc - 1;
                                    if (cc < 0 || cc >= side) continue;
                                    s += w[((o * cin + i) * 3 + kr) * 3 + kc] * x[(i * side + rr) * side + cc];
                                }
                            }
                        y[(o * side + r) * side + c] = Math.Max(0, s);
                    }
            x = y;
            channels = cout;
            if (!pool) continue;
            int half = side / 2;
            var p = new double[channels * half * half];
            for (int o = 0; o < channels; o++)
                for (int r = 0; r < half; r++)
                    for (int c = 0; c < half; c++)
                    {
                        double m = double.NegativeInfinity;
                        for (int dr = 0; dr < 2; dr++)
                            for (int dc = 0; dc < 2; dc++) m = Math.Max(m, x[(o * side + 2 * r + dr) * side + 2 * c + dc]);
                        p[(o * half + r) * half + c] = m;
                    }
            x = p;
            side = half;
        }
        var f = new double[channels];
        for (int o = 0; o < channels; o++)
        {
            double s = 0;
            for (int i = 0; i < side * side; i++) s += x[o * side * side + i];
            f[o] = s / (side * side);
        }
        return f;
    }
}
