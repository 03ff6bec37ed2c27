using GenMetrics.Numerics;

namespace GenMetrics.Samples;

/// <summary>How a generator's latent vectors are drawn: torch-fidelity's noise sources (its <c>z_type</c>).</summary>
public enum LatentDistribution
{
    /// <summary><c>normal</c>: <c>rng.randn(n, z)</c>, rounded to float32 (torch-fidelity's default).</summary>
    Normal,

    /// <summary><c>unit</c>: <c>rng.rand(n, z)</c> in float32, each row divided by its norm (the positive orthant of the unit sphere).</summary>
    Unit,

    /// <summary><c>uniform_0_1</c>: <c>rng.rand(n, z)</c>, rounded to float32.</summary>
    Uniform01,
}

/// <summary>How perceptual path length moves from one latent to the next: torch-fidelity's interpolations.</summary>
public enum LatentInterpolation
{
    /// <summary><c>lerp</c>: a + (b − a)·t (torch-fidelity's default).</summary>
    Lerp,

    /// <summary><c>slerp_any</c>: spherical interpolation of vectors of any length (lerp where a vector is zero or the two are collinear).</summary>
    SlerpAny,

    /// <summary><c>slerp_unit</c>: <c>slerp_any</c>, then normalised to unit length.</summary>
    SlerpUnit,
}

/// <summary>
/// torch-fidelity's latents (5e211a9 <c>noise.py</c>, <c>utils.sample_random</c>, <c>utils.batch_interp</c>), bit for bit:
/// draws from NumPy's legacy <see cref="RandomState"/> (float64, then rounded to float32 as <c>.float()</c> does) and the
/// float32 arithmetic of its torch functions, reductions and <c>acos</c>/<c>sin</c> included as torch 1.13's AVX2 CPU
/// kernels compute them (<see cref="TorchRowSum"/>, <see cref="SleefFloat"/>). Latents are row-major n x z float32.
/// </summary>
internal static class Latents
{
    /// <summary>noise.py's eps of <c>batch_normalize_last_dim</c> and of the slerps.</summary>
    public const float Eps = 1e-7f;

    /// <summary>torch-fidelity's name of a noise source: <c>normal</c>, <c>unit</c>, <c>uniform_0_1</c>.</summary>
    public static string Name(LatentDistribution type) => type switch
    {
        LatentDistribution.Unit => "unit",
        LatentDistribution.Uniform01 => "uniform_0_1",
        _ => "normal",
    };

    /// <summary>torch-fidelity's name of an interpolation: <c>lerp</c>, <c>slerp_any</c>, <c>slerp_unit</c>.</summary>
    public static string Name(LatentInterpolation mode) => mode switch
    {
        LatentInterpolation.SlerpAny => "slerp_any",
        LatentInterpolation.SlerpUnit => "slerp_unit",
        _ => "lerp",
    };

    /// <summary><c>sample_random(rng, (rows, size), type)</c>.</summary>
    public static float[] Sample(RandomState rng, int rows, int size, LatentDistribution type)
    {
        var z = new float[checked(rows * size)];
        Sample(rng, z, size, type);
        return z;
    }

    /// <summary>Fills <paramref name="z"/> (whole rows of <paramref name="size"/>) as <c>sample_random</c> does.</summary>
    public static void Sample(RandomState rng, Span<float> z, int size, LatentDistribution type)
    {
        switch (type)
        {
            case LatentDistribution.Normal:
                for (int i = 0; i < z.Length; i++) z[i] = (float)rng.NextGaussian();
                break;
            case LatentDistribution.Uniform01:
                for (int i = 0; i < z.Length; i++) z[i] = (float)rng.NextDouble();
                break;
            case LatentDistribution.Unit:
                for (int i = 0; i < z.Length; i++) z[i] = (float)rng.NextDouble();
                NormalizeRows(z, size);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, null);
        }
    }

    /// <summary><c>randint(0, classes, count)</c>: the class labels of a conditional generator (no draw when there is one class).</summary>
    public static long[] Labels(RandomState rng, int count, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        var labels = new long[count];
        for (int i = 0; i < count; i++) labels[i] = (long)rng.Interval((ulong)(classes - 1));
        return labels;
    }

    /// <summary><c>batch_normalize_last_dim(v, eps)</c>: v / clamp_min(sqrt(sum(v²)), eps) per row, in float32.</summary>
    public static void NormalizeRows(Span<float> v, int size, float eps = Eps)
    {
        var squares = new float[size];
        for (int r = 0; r < v.Length / size; r++)
        {
            var row = v.Slice(r * size, size);
            for (int k = 0; k < size; k++) squares[k] = row[k] * row[k];
            float norm = ClampMin(MathF.Sqrt(TorchRowSum.Sum(squares)), eps);
            for (int k = 0; k < size; k++) row[k] /= norm;
        }
    }

    /// <summary><c>batch_interp(a, b, t, mode)</c> for row-major n x <paramref name="size"/> latents.</summary>
    public static float[] Interpolate(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int size, double t, LatentInterpolation mode)
    {
        if (a.Length != b.Length || a.Length % size != 0) throw new ArgumentException("latents of different shapes");
        return mode switch
        {
            LatentInterpolation.Lerp => Lerp(a, b, t),
            LatentInterpolation.SlerpAny => SlerpAny(a, b, size, t),
            LatentInterpolation.SlerpUnit => SlerpUnit(a, b, size, t),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
        };
    }

    // batch_lerp: a + (b - a) * t, t a Python float that torch rounds to float32; no fused multiply-add.
    private static float[] Lerp(ReadOnlySpan<float> a, ReadOnlySpan<float> b, double t)
    {
        float tf = (float)t;
        var r = new float[a.Length];
        for (int i = 0; i < r.Length; i++) r[i] = a[i] + (b[i] - a[i]) * tf;
        return r;
    }

    private static float[] SlerpUnit(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int size, double t)
    {
        var r = SlerpAny(a, b, size, t);
        NormalizeRows(r, size);
        return r;
    }

    // batch_slerp_any(a, b, t, eps=1e-7): Python scalars (1 - t, t, 1 ± eps) meet float32 tensors as float32.
    private static float[] SlerpAny(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int size, double t)
    {
        int rows = a.Length / size;
        var a1 = a.ToArray();
        var b1 = b.ToArray();
        NormalizeRows(a1, size);
        NormalizeRows(b1, size);
        var product = new float[size];
        float oneMinusT = (float)(1 - t), tf = (float)t, upper = (float)(1 - 1e-7), lower = (float)(-1 + 1e-7);
        var r = new float[a.Length];
        for (int row = 0; row < rows; row++)
        {
            int o = row * size;
            for (int k = 0; k < size; k++) product[k] = a1[o + k] * b1[o + k];
            float d = TorchRowSum.Sum(product);
            bool zero = Norm(a1.AsSpan(o, size)) < Eps || Norm(b1.AsSpan(o, size)) < Eps;
            bool collinear = d > upper || d < lower;
            if (zero || collinear)
            {
                for (int k = 0; k < size; k++) r[o + k] = a[o + k] + (b[o + k] - a[o + k]) * tf;
                continue;
            }
            float omega = SleefFloat.Acos(d);
            float denom = ClampMin(SleefFloat.Sin(omega), Eps);
            float coefA = SleefFloat.Sin(oneMinusT * omega) / denom;
            float coefB = SleefFloat.Sin(tf * omega) / denom;
            for (int k = 0; k < size; k++) r[o + k] = coefA * a[o + k] + coefB * b[o + k];
        }
        return r;
    }

    // Only compared with eps (torch's vector norm in float32): whether a normalised row is (nearly) zero.
    private static double Norm(ReadOnlySpan<float> v)
    {
        double s = 0;
        foreach (var x in v) s += (double)x * x;
        return Math.Sqrt(s);
    }

    // torch's clamp_min: NaN stays NaN.
    private static float ClampMin(float x, float min) => x < min ? min : x;
}
