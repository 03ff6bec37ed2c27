using GenMetrics.Numerics;
namespace GenMetrics.Encoders;

/// <summary>
/// Deterministic pseudo-random FID InceptionV3 weights that parity/make_inception_fixtures.py reproduces bit for bit
/// in numpy: the parity tests and the benchmark run the real network layout without the real (downloaded) weights.
/// </summary>
/// <remarks>
/// Each tensor has its own SplitMix64 stream, seeded with the 64-bit FNV-1a hash of its UTF-8 key:
/// state += 0x9E3779B97F4A7C15; z = mix(state); u = (z >> 40)·2⁻²⁴ (exact in float32). Then, in float32 arithmetic:
/// conv weight (2u−1)·s with s = float32(√(6/fan_in)) (He-uniform, so activations keep their scale through the ReLUs),
/// bn.weight 1 + 0.1(2u−1), bn.bias 0.1(2u−1), running_mean 0.1(2u−1), running_var 0.5 + u,
/// fc.weight (2u−1)·float32(√(3/2048)), fc.bias 0.1(2u−1). Images: key "images", values 2u−1 (see <see cref="Images"/>).
/// </remarks>
internal static class RandomInceptionWeights
{
    public static Dictionary<string, (int[] Shape, float[] Data)> Create()
    {
        var d = new Dictionary<string, (int[] Shape, float[] Data)>(StringComparer.Ordinal);
        foreach (var (key, shape) in FidInceptionGraph.Tensors()) d[key] = (shape, Tensor(key, shape));
        return d;
    }

    /// <summary>
    /// <paramref name="count"/> images from one stream of 2u−1 values; image 1 is scaled by 0.5 and image 2 is
    /// x² − 0.5, so the images differ in their statistics.
    /// </summary>
    public static float[] Images(int count)
    {
        const int per = 3 * 299 * 299;
        var x = Uniform("images", count * per, 2f, -1f);
        for (int i = per; i < Math.Min(count, 2) * per; i++) x[i] = 0.5f * x[i];
        for (int i = 2 * per; i < Math.Min(count, 3) * per; i++) x[i] = x[i] * x[i] + -0.5f;
        return x;
    }

    internal static float[] Tensor(string key, int[] shape)
    {
        int n = 1;
        foreach (var s in shape) n *= s;
        if (key.EndsWith(".conv.weight", StringComparison.Ordinal) || key == "fc.weight")
        {
            int fanIn = n / shape[0];
            double k = key == "fc.weight" ? 3.0 : 6.0;
            var s = (float)Math.Sqrt(k / fanIn);
            var u = Uniform(key, n, 2f, -1f);
            for (int i = 0; i < n; i++) u[i] *= s;
            return u;
        }
        if (key.EndsWith(".bn.weight", StringComparison.Ordinal)) return Affine(Uniform(key, n, 2f, -1f), 0.1f, 1f);
        if (key.EndsWith(".bn.running_var", StringComparison.Ordinal)) return Uniform(key, n, 1f, 0.5f);
        return Affine(Uniform(key, n, 2f, -1f), 0.1f, 0f);    // bn.bias, bn.running_mean, fc.bias
    }

    // a·u + b per element, in float32 (each step rounded as numpy's float32 ops round).
    private static float[] Uniform(string key, int n, float a, float b)
    {
        var r = new float[n];
        var rng = new SplitMix64(Fnv1a64(key));
        for (int i = 0; i < n; i++) r[i] = a * rng.NextFloat24() + b;
        return r;
    }

    private static float[] Affine(float[] x, float a, float b)
    {
        for (int i = 0; i < x.Length; i++) x[i] = a * x[i] + b;
        return x;
    }

    internal static ulong Fnv1a64(string key)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (var c in System.Text.Encoding.UTF8.GetBytes(key))
        {
            h ^= c;
            h *= 0x100000001B3UL;
        }
        return h;
    }
}
