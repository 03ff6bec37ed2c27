using GenMetrics.Numerics;
namespace GenMetrics.Encoders;

/// <summary>
/// The seeded weights of <see cref="RandomCnnGraph"/>, generated in-process and identical bit for bit on every
/// machine for a given seed (integer arithmetic, then two correctly rounded float32 operations per value).
/// </summary>
/// <remarks>
/// Each tensor has its own SplitMix64 stream whose state starts at the 64-bit FNV-1a hash of the UTF-8 string
/// <c>"random-cnn/{seed}/{name}"</c> (seed in invariant decimal). Per value: state += 0x9E3779B97F4A7C15;
/// z = mix(state); u = (z >> 40)·2⁻²⁴, so 2u − 1 is exact in float32; w = (2u − 1)·s rounded to float32, with
/// s = float32(√(6/fan_in)) computed in float64 and rounded once (He-uniform: variance 2/fan_in keeps activations
/// at scale through the ReLUs); fan_in = in channels x 9. There are no biases.
/// </remarks>
internal static class RandomCnnWeights
{
    public static float[] Tensor(int seed, string name, int[] shape)
    {
        int n = 1;
        foreach (var d in shape) n *= d;
        int fanIn = n / shape[0];
        var s = (float)Math.Sqrt(6.0 / fanIn);
        var r = new float[n];
        var rng = new SplitMix64(RandomInceptionWeights.Fnv1a64(StreamKey(seed, name)));
        for (int i = 0; i < n; i++) r[i] = (2f * rng.NextFloat24() - 1f) * s;
        return r;
    }

    public static string StreamKey(int seed, string name) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"random-cnn/{seed}/{name}");

    /// <summary>Every tensor of the network for <paramref name="seed"/>, in layer order.</summary>
    public static Dictionary<string, (int[] Shape, float[] Data)> Create(int seed)
    {
        var d = new Dictionary<string, (int[] Shape, float[] Data)>(StringComparer.Ordinal);
        foreach (var (name, shape) in RandomCnnGraph.Tensors()) d[name] = (shape, Tensor(seed, name, shape));
        return d;
    }
}
