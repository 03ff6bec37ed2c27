using GenMetrics.Numerics;
namespace GenMetrics.Samples;

/// <summary>The failure a synthetic "generated" set imitates.</summary>
public enum SyntheticFailure
{
    /// <summary>A fresh sample of the real distribution: every metric should look good.</summary>
    Faithful,
    /// <summary>Only half of the real modes are produced (mode collapse across modes).</summary>
    ModeDropped,
    /// <summary>A faithful sample with 15% of points replaced by far-off outliers (unrealistic samples).</summary>
    Outliers,
    /// <summary>Every mode is produced, but each is squeezed to 35% of its spread (low diversity within modes).</summary>
    LowDiversity,
}

/// <summary>
/// Seeded synthetic feature sets that show which metric catches which failure. The real distribution is a mixture of
/// ten Gaussian modes in 64 dimensions (spread 1/3, centres drawn once from N(0, I)); each generated set is drawn
/// from a distorted copy of it. Identical on every machine for a given seed (SplitMix64 + Box–Muller in float64).
/// </summary>
public static class SyntheticSets
{
    /// <summary>The feature dimension of the synthetic sets.</summary>
    public const int Dimension = 64;

    /// <summary>The number of mixture modes of the real distribution.</summary>
    public const int Modes = 10;

    /// <summary>A sample of the real distribution.</summary>
    public static FeatureMatrix Real(int n = 2000, ulong seed = 1) =>
        Draw(n, seed, 1000 + seed, modes: Modes, spread: 1.0, outlierFraction: 0, "real");

    /// <summary>A generated set that imitates <paramref name="failure"/>.</summary>
    public static FeatureMatrix Generated(SyntheticFailure failure, int n = 2000, ulong seed = 1) => failure switch
    {
        SyntheticFailure.Faithful => Draw(n, seed, 2000 + seed, Modes, 1.0, 0, "faithful"),
        SyntheticFailure.ModeDropped => Draw(n, seed, 3000 + seed, Modes / 2, 1.0, 0, "mode-dropped"),
        SyntheticFailure.Outliers => Draw(n, seed, 4000 + seed, Modes, 1.0, 0.15, "outliers"),
        SyntheticFailure.LowDiversity => Draw(n, seed, 5000 + seed, Modes, 0.35, 0, "low-diversity"),
        _ => throw new ArgumentOutOfRangeException(nameof(failure)),
    };

    // The spread of one mode relative to the spread of the mode centres (1).
    private const double ModeSpread = 1.0 / 3.0;

    private static FeatureMatrix Draw(int n, ulong centreSeed, ulong sampleSeed, int modes, double spread, double outlierFraction, string name)
    {
        var centres = new Normal(centreSeed);
        var c = new double[Modes * Dimension];
        for (int i = 0; i < c.Length; i++) c[i] = centres.Next();

        var rng = new Normal(sampleSeed);
        var x = new float[n * Dimension];
        int outliers = (int)Math.Round(n * outlierFraction);
        for (int i = 0; i < n; i++)
        {
            var row = x.AsSpan(i * Dimension, Dimension);
            if (i >= n - outliers)
            {
                // Far from every mode: a broad Gaussian around the mixture's centre of mass, 8x the mode spread.
                for (int j = 0; j < Dimension; j++) row[j] = (float)(8.0 * ModeSpread * rng.Next());
                continue;
            }
            int m = i % modes;
            for (int j = 0; j < Dimension; j++) row[j] = (float)(c[m * Dimension + j] + spread * ModeSpread * rng.Next());
        }
        return new FeatureMatrix(x, n, Dimension, $"synthetic:{name}");
    }

    /// <summary>Standard normal numbers from SplitMix64 uniforms through the Box–Muller transform.</summary>
    private sealed class Normal(ulong seed)
    {
        private SplitMix64 _rng = new(seed);
        private double _spare = double.NaN;

        public double Next()
        {
            if (!double.IsNaN(_spare)) { var s = _spare; _spare = double.NaN; return s; }
            double u1 = 1.0 - Uniform(), u2 = Uniform();   // u1 in (0, 1]: log is finite
            double r = Math.Sqrt(-2.0 * Math.Log(u1)), t = 2.0 * Math.PI * u2;
            _spare = r * Math.Sin(t);
            return r * Math.Cos(t);
        }

        private double Uniform() => _rng.NextDouble53();
    }
}
