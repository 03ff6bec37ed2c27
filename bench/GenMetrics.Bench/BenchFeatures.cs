namespace GenMetrics.Bench;

/// <summary>
/// Seeded float32 features for benchmarks: the parity/synthetic.py recipe (SplitMix64 uniforms, sums of four,
/// plus a shared 8-dimensional latent), so covariances are SPD-ish with a few large directions.
/// </summary>
internal static class BenchFeatures
{
    public static FeatureMatrix Create(ulong seed, int n, int d, float shift = 0f, float factor = 0.5f)
    {
        ulong state = seed;
        float U()
        {
            state += 0x9E3779B97F4A7C15UL;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (float)(z >> 40) * (1f / 16777216f);
        }
        float G() { float a = U(), b = U(), c = U(), e = U(); return ((a + b) + c) + e - 2f; }
        var x = new float[(long)n * d];
        var l = new float[8];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < 8; j++) l[j] = G();
            for (int j = 0; j < d; j++) x[(long)i * d + j] = (G() + l[j % 8] * factor) + shift;
        }
        return new FeatureMatrix(x, n, d, $"bench(seed={seed}, n={n}, d={d})");
    }

    /// <summary>An integer from the environment, or the default.</summary>
    public static int Env(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var v) && v > 0 ? v : fallback;
}
