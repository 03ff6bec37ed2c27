using GenMetrics.Encoders;
using GenMetrics.Imaging;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics.Paired;

/// <summary>
/// LPIPS diversity of one set (the measure of BicycleGAN / MUNIT-style multimodal translation papers): the mean
/// LPIPS over <c>pairs</c> seeded random pairs of distinct samples. Higher means more diverse.
/// </summary>
/// <remarks>
/// The draw, reproducible in Python: <c>rs = numpy.random.RandomState(seed); i = rs.randint(0, n, size=pairs);
/// j = rs.randint(0, n − 1, size=pairs); j += (j &gt;= i)</c> — all i first, then all j; each pair is uniform over the
/// ordered pairs of distinct indices, and pairs may repeat. The mean is taken in float64, in draw order, over the
/// float32 distances (parity/make_lpips_fixtures.py).
/// </remarks>
internal static class LpipsDiversity
{
    public const string Key = "lpips_diversity";
    public const int DefaultPairs = 1000;
    public const uint DefaultSeed = 2020;

    /// <summary>The index pairs (i ≠ j) drawn for a set of <paramref name="n"/> samples.</summary>
    public static (int I, int J)[] DrawPairs(int n, int pairs, uint seed = DefaultSeed)
    {
        if (n < 2) throw new InputException($"LPIPS diversity: the set has {n} sample(s); pairs of distinct samples need at least 2");
        ArgumentOutOfRangeException.ThrowIfLessThan(pairs, 1);
        var rs = new RandomState(seed);
        var result = new (int I, int J)[pairs];
        // randint(0, high) draws Interval(high − 1) per value (legacy masked rejection on 32 bits).
        for (int k = 0; k < pairs; k++) result[k].I = (int)rs.Interval((ulong)(n - 1));
        for (int k = 0; k < pairs; k++)
        {
            int j = (int)rs.Interval((ulong)(n - 2));   // randint(0, 1) draws nothing, as Interval(0)
            result[k].J = j >= result[k].I ? j + 1 : j;
        }
        return result;
    }

    /// <summary>The mean LPIPS over the drawn pairs of <paramref name="set"/> (all images the same size).</summary>
    public static double Compute(IReadOnlyList<RgbImage> set, LpipsModel model, int pairs = DefaultPairs, uint seed = DefaultSeed)
    {
        var drawn = DrawPairs(set.Count, pairs, seed);
        var images = new (RgbImage A, RgbImage B)[drawn.Length];
        for (int k = 0; k < drawn.Length; k++) images[k] = (set[drawn[k].I], set[drawn[k].J]);
        var d = model.Distances(images);
        double sum = 0;
        foreach (var v in d) sum += v;
        return sum / d.Length;
    }
}
