using GenMetrics.Internals;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>Which set's rows MiFID's memorisation distance averages over.</summary>
public enum MifidDirection
{
    /// <summary>torchmetrics: for each real (training) row, the nearest generated row.</summary>
    Torchmetrics = 0,

    /// <summary>The Kaggle GAN competition's evaluator: for each generated row, the nearest training row.</summary>
    Kaggle = 1,
}

/// <summary>Settings of <see cref="Mifid"/>; the defaults are torchmetrics'.</summary>
/// <param name="CosineDistanceEps">The memorisation threshold ε (<c>cosine_distance_eps</c>, 0.1; 0 &lt; ε ≤ 1): a distance
/// d ≥ ε is replaced by 1, i.e. no penalty.</param>
/// <param name="Direction">Whose rows the distance averages over (torchmetrics: the real ones).</param>
public sealed record MifidOptions(double CosineDistanceEps = 0.1, MifidDirection Direction = MifidDirection.Torchmetrics);

/// <summary>Memorization-informed FID and its parts.</summary>
/// <param name="Value">FID / (d_thr + 1e-14), or 0 when FID ≤ 1e-8 (<see cref="Mifid.Key"/>).</param>
/// <param name="Fid">The FID of all rows of both sets.</param>
/// <param name="Distance">d: the mean over the averaged set's rows of the smallest cosine distance 1 − |cos| to the
/// other set (<see cref="Mifid.DistanceKey"/>).</param>
/// <param name="ThresholdedDistance">d_thr: d when d &lt; ε, else 1.</param>
internal sealed record MifidResult(double Value, double Fid, double Distance, double ThresholdedDistance);

/// <summary>
/// MiFID, the memorization-informed FID of the Kaggle "Generative Dog Images" competition (Bai et al. 2021), as
/// torchmetrics computes it (<c>image/mifid.py</c>, <c>_compute_cosine_distance</c> and <c>_mifid_compute</c>,
/// Lightning-AI/torchmetrics dab0333).
/// </summary>
/// <remarks>
/// For the cosine term only, rows whose sum is exactly 0 are dropped from both sets (torchmetrics' filter, meant for
/// all-zero rows; a row whose entries cancel is dropped too), and the rest L2-normalised. d = mean over the real rows
/// of min over the generated rows of 1 − |cos| (the other way round for <see cref="MifidDirection.Kaggle"/>);
/// d_thr = d if d &lt; ε else 1; MiFID = FID / (d_thr + 1e-14) when FID &gt; 1e-8, else 0. The FID uses every row
/// (<see cref="Fid"/>: float64 statistics, exact trace; torchmetrics' is <c>eigvals(Σ1 Σ2)</c> on the same float64
/// statistics). torchmetrics works in float64 and casts the result to the features' dtype (float32 for Inception).
/// The cosines come from <see cref="CosineNearest"/>: a float32 GEMM screen with an exact float64 recheck, in tiles, so
/// the N x M cosine matrix torchmetrics builds is never formed, and d is the float64 value (a copy has d ≈ 1e-16 in
/// both; MiFID is then ~FID · 1e14 and its digits are rounding noise in both).
/// </remarks>
internal static class Mifid
{
    /// <summary>The JSON key of MiFID.</summary>
    public const string Key = "mifid";

    /// <summary>The JSON key of the memorisation distance d.</summary>
    public const string DistanceKey = "mifid_distance";

    /// <summary>torchmetrics' <c>10e-15</c>, added to d_thr.</summary>
    public const double Epsilon = 1e-14;

    /// <summary>Computes MiFID of the generated set against the real (training) set.</summary>
    /// <exception cref="InputException">The dimensions differ, a set has fewer than 2 rows, a set has no row with a
    /// non-zero sum, a value is not finite, or ε is outside (0, 1].</exception>
    public static MifidResult Compute(FeatureMatrix real, FeatureMatrix generated, MifidOptions? options = null) =>
        ComputeAt(real, generated, options ?? new MifidOptions(), Simd.Best);

    internal static MifidResult ComputeAt(FeatureMatrix real, FeatureMatrix generated, MifidOptions o, SimdWidth width)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(o);
        if (real.Columns != generated.Columns) Throw.DimMismatch(real.Source, real.Columns, generated.Source, generated.Columns);
        if (!(o.CosineDistanceEps > 0 && o.CosineDistanceEps <= 1))
            Throw.Input($"MiFID cosine distance eps: {o.CosineDistanceEps}, but it must be greater than 0 and at most 1");
        double distance = o.Direction == MifidDirection.Torchmetrics
            ? CosineDistance(real, generated, width)
            : CosineDistance(generated, real, width);
        return FromParts(Fid.Compute(real, generated), distance, o);
    }

    /// <summary>MiFID from the FID and the memorisation distance d: FID / (d_thr + 1e-14), or 0 when FID ≤ 1e-8.</summary>
    internal static MifidResult FromParts(double fid, double distance, MifidOptions o)
    {
        double thresholded = distance < o.CosineDistanceEps ? distance : 1.0;
        double value = fid > 1e-8 ? fid / (thresholded + Epsilon) : 0.0;
        return new MifidResult(value, fid, distance, thresholded);
    }

    /// <summary>
    /// torchmetrics' <c>_compute_cosine_distance</c> before thresholding: the mean over the rows of
    /// <paramref name="over"/> with a non-zero sum of min over the rows of <paramref name="to"/> with a non-zero sum of
    /// 1 − |cos|.
    /// </summary>
    internal static double CosineDistance(FeatureMatrix over, FeatureMatrix to, SimdWidth width)
    {
        var (overRows, overNorms) = NonZeroSumRows(over);
        var (toRows, toNorms) = NonZeroSumRows(to);
        var maxCos = CosineNearest.MaxAbsCosine(width, over.Memory, overRows, overNorms, to.Memory, toRows, toNorms, over.Columns);
        double sum = 0;
        foreach (var c in maxCos) sum += 1.0 - c;
        return sum / maxCos.Length;
    }

    /// <summary>The rows whose float64 sum is not 0 and their float64 norms.</summary>
    private static (int[] Rows, double[] Norms) NonZeroSumRows(FeatureMatrix x)
    {
        if (x.Rows < 2) Throw.TooFewSamples(x.Source, x.Rows, 2, "MiFID (a covariance)");
        if (x.Columns == 0) Throw.Input($"{x.Source}: features have dimension 0");
        var rows = new List<int>(x.Rows);
        var norms = new List<double>(x.Rows);
        for (int i = 0; i < x.Rows; i++)
        {
            var row = x.Row(i);
            double sum = 0, sq = 0;
            foreach (var v in row)
            {
                sum += v;
                sq += (double)v * v;
            }
            if (!double.IsFinite(sq)) Throw.Input($"{x.Source}: row {i} has a non-finite value (NaN or infinity)");
            if (sum == 0) continue;
            rows.Add(i);
            norms.Add(Math.Sqrt(sq));
        }
        if (rows.Count == 0) Throw.Input($"{x.Source}: every row sums to 0, so MiFID's cosine distance has no rows to use");
        return (rows.ToArray(), norms.ToArray());
    }
}
