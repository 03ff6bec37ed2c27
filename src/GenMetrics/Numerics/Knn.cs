using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GenMetrics.Numerics;

/// <summary>How a point is tested against a ball of radius r: strictly inside (d &lt; r) or inside-or-on (d &lt;= r).</summary>
internal enum BallRule
{
    Strict,
    Inclusive,
}

/// <summary>
/// Exact k-nearest-neighbour radii and ball membership between two point sets, in blocks, without an N x M matrix.
/// </summary>
/// <remarks>
/// Distances are screened with the GEMM identity ‖x‖² − 2x·y + ‖y‖² in float32, with a proven error bound
/// (<see cref="ScreenSlack"/>); every decision the bound cannot settle is recomputed from the features in float64.
/// The semantics are those of the float64 computation: the distance compared is f(D²) = sqrt32(fl32(D²)), D² the
/// float64 squared distance: exactly what sklearn's <c>euclidean_distances</c> yields for float32 input (float64
/// chunks, cast to float32, float32 sqrt), and the float32 rounding torch's cdist stores. f is monotone, so the k-th
/// smallest f is f of the k-th smallest D²; f can make nearly equal D² equal, which decides strict ties.
/// Results do not depend on the thread count or the width: set membership and order statistics are exact.
/// </remarks>
internal static partial class Knn
{
    /// <summary>Rows (and columns) of the point-set tiles; fixed, never derived from the thread count.</summary>
    public const int Block = 384;

    private const double U32 = 1.0 / (1 << 24);

    /// <summary>
    /// The screen's error bound, relative to ‖x‖² + ‖y‖²: |screened D² − D²| ≤ ScreenSlack(d) · (‖x‖² + ‖y‖²).
    /// The GEMM's dot product errs by at most γ Σ|x_k y_k| ≤ γ ‖x‖‖y‖ ≤ γ (‖x‖² + ‖y‖²) / 2 (Cauchy–Schwarz), so
    /// 2x·y errs by γ (‖x‖² + ‖y‖²); the float32 rounding of the norms, their sum and the final FMA add at most 6u,
    /// and the bound is widened to γ + 16u so that the float32 bound arithmetic itself stays on the safe side.
    /// </summary>
    public static float ScreenSlack(int d) => (float)(Gemm.ErrorBound(d) + 16 * U32);

    /// <summary>The distance both references compare: the float32 sqrt of the float32-rounded squared distance.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Rounded(double squared) => MathF.Sqrt((float)Math.Max(squared, 0.0));

    /// <summary>The exact decision: is a point at squared distance <paramref name="d2"/> inside the ball of squared radius <paramref name="r2"/>?</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Inside(double d2, double r2, BallRule rule) =>
        rule == BallRule.Strict ? Rounded(d2) < Rounded(r2) : Rounded(d2) <= Rounded(r2);

    /// <summary>
    /// Screening thresholds in squared space: D² &lt; True ⇒ inside; D² &gt; False ⇒ outside; between ⇒ recheck.
    /// f changes by at least one float32 ulp when D² changes by a factor 1 ± 2^-20 (normal range, hence 2^-100).
    /// Returned as float32, rounded toward the safe side.
    /// </summary>
    public static (float True, float False) Thresholds(double r2, BallRule rule)
    {
        const double Rel = 1.0 / (1 << 20), Tiny = 7.888609052210118e-31; // 2^-100
        double t, f;
        if (rule == BallRule.Strict)
        {
            t = r2 >= Tiny ? r2 * (1 - Rel) : -1.0;
            f = r2;
        }
        else
        {
            t = r2;
            f = Math.Max(r2 * (1 + Rel), Tiny);
        }
        float t32 = (float)t, f32 = (float)f;
        if (t32 > t) t32 = MathF.BitDecrement(t32);
        if (f32 < f) f32 = MathF.BitIncrement(f32);
        return (t32, f32);
    }

    /// <summary>Σ x² per row in float64; non-finite features are reported, naming the set.</summary>
    public static double[] SquaredNorms(ReadOnlySpan<float> x, int n, int d, string source)
    {
        var sq = new double[n];
        for (int i = 0; i < n; i++)
        {
            var row = x.Slice(i * d, d);
            double s = SquaredDistance(row, row, zeroSecond: true);
            // Beyond ~1e30 the float32 screen (‖x‖² + ‖y‖² in float32) could overflow.
            if (!double.IsFinite(s)) Internals.Throw.Input($"{source}: row {i} has a non-finite value (NaN or infinity)");
            if (s > 1e30) Internals.Throw.Input($"{source}: row {i} has squared norm {s:G3}, too large for distance computations");
            sq[i] = s;
        }
        return sq;
    }

    /// <summary>
    /// Σ (x_k − y_k)² in float64 (differences of float32 values are exact in float64), in one fixed order on every
    /// machine and width (8 lane sums, combined as ((l0+l4) + (l1+l5)) + ((l2+l6) + (l3+l7)), then the tail), so
    /// rechecks are reproducible. Vector256 of double is accelerated on every AVX2 machine.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y, bool zeroSecond = false)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        nuint i = 0, n = (nuint)x.Length;
        var lo = Vector256<double>.Zero;
        var hi = Vector256<double>.Zero;
        for (; i + 8 <= n; i += 8)
        {
            var vx = Vector256.LoadUnsafe(ref xr, i);
            var dl = Vector256.WidenLower(vx);
            var dh = Vector256.WidenUpper(vx);
            if (!zeroSecond)
            {
                var vy = Vector256.LoadUnsafe(ref yr, i);
                dl -= Vector256.WidenLower(vy);
                dh -= Vector256.WidenUpper(vy);
            }
            lo = Vector256.FusedMultiplyAdd(dl, dl, lo);
            hi = Vector256.FusedMultiplyAdd(dh, dh, hi);
        }
        var t = lo + hi;
        double s = (t.GetElement(0) + t.GetElement(1)) + (t.GetElement(2) + t.GetElement(3));
        for (; i < n; i++)
        {
            double v = (double)Unsafe.Add(ref xr, i) - (zeroSecond ? 0.0 : Unsafe.Add(ref yr, i));
            s = Math.FusedMultiplyAdd(v, v, s);
        }
        return s;
    }

    private static float[] ToFloat(double[] v)
    {
        var r = new float[v.Length];
        for (int i = 0; i < v.Length; i++) r[i] = (float)v[i];
        return r;
    }
}
