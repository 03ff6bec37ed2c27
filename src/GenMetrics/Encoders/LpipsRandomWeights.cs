namespace GenMetrics.Encoders;

/// <summary>
/// Deterministic pseudo-random LPIPS backbone weights in torchvision's key layout (features only), which
/// parity/make_lpips_fixtures.py reproduces bit for bit in numpy and writes with torch.save: the LPIPS parity tests
/// and the benchmark run the real architectures without the real (downloaded) ImageNet weights.
/// </summary>
/// <remarks>
/// Each tensor has its own SplitMix64 stream seeded with the 64-bit FNV-1a hash of "lpips/{net}/{key}" (net = alex,
/// vgg, squeeze), u = (z &gt;&gt; 40)·2⁻²⁴; in float32: weights (2u − 1)·float32(√(6 / fan_in)) (He-uniform, so
/// activations keep their scale through the ReLUs), biases 0.1·(2u − 1).
/// </remarks>
internal static class LpipsRandomWeights
{
    public static Dictionary<string, (int[] Shape, float[] Data)> Create(LpipsNet net)
    {
        var d = new Dictionary<string, (int[] Shape, float[] Data)>(StringComparer.Ordinal);
        foreach (var (key, shape) in LpipsBackbone.Tensors(net)) d[key] = (shape, Tensor(net, key, shape));
        return d;
    }

    public static string SeedKey(LpipsNet net, string key) => $"lpips/{net.ToString().ToLowerInvariant()}/{key}";

    internal static float[] Tensor(LpipsNet net, string key, int[] shape)
    {
        int n = 1;
        foreach (var s in shape) n *= s;
        var rng = new Numerics.SplitMix64(RandomInceptionWeights.Fnv1a64(SeedKey(net, key)));
        var r = new float[n];
        if (shape.Length > 1)
        {
            var scale = (float)Math.Sqrt(6.0 / (n / shape[0]));
            for (int i = 0; i < n; i++) r[i] = (2f * rng.NextFloat24() + -1f) * scale;
        }
        else
        {
            for (int i = 0; i < n; i++) r[i] = 0.1f * (2f * rng.NextFloat24() + -1f);
        }
        return r;
    }
}
