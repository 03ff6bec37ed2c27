namespace GenMetrics.Tests.Support;

/// <summary>
/// Seeded synthetic features, bit-identical to parity/synthetic.py (see its docstring for the recipe), so parity
/// fixtures store only the numbers a reference computed.
/// </summary>
internal static class SyntheticFeatures
{
    public static FeatureMatrix Create(ulong seed, int n, int d, float shift = 0f, float factor = 0.5f, string? name = null)
    {
        var rng = new GenMetrics.Numerics.SplitMix64(seed);
        float U() => rng.NextFloat24();
        float G() { float a = U(), b = U(), c = U(), e = U(); return ((a + b) + c) + e - 2f; }

        var g = new float[n * d];
        for (int i = 0; i < g.Length; i++) g[i] = G();
        var l = new float[n * 8];
        for (int i = 0; i < l.Length; i++) l[i] = G();
        var x = new float[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                x[i * d + j] = (g[i * d + j] + l[i * 8 + j % 8] * factor) + shift;
        return new FeatureMatrix(x, n, d, name ?? $"synthetic(seed={seed}, n={n}, d={d})");
    }
}
