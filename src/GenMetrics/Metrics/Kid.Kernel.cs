using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GenMetrics.Metrics;

/// <summary>
/// The polynomial kernel k = (γ·dot + c)^degree applied to float32 dot products, summed in float64.
/// Sums are deterministic: fixed vector width, fixed accumulator order.
/// </summary>
internal readonly struct PolyKernel(double gamma, double coef0, int degree)
{
    public double Gamma { get; } = gamma;
    public double Coef0 { get; } = coef0;
    public int Degree { get; } = degree;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(float dot)
    {
        // torch-fidelity: (X @ Y.T * gamma + coef0) ** degree, in that order.
        double t = dot * Gamma + Coef0, p = t;
        for (int k = 1; k < Degree; k++) p *= t;
        return p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<double> Invoke(Vector256<double> dot, Vector256<double> gamma, Vector256<double> coef0)
    {
        var t = dot * gamma + coef0;
        var p = t;
        for (int k = 1; k < Degree; k++) p *= t;
        return p;
    }

    /// <summary>Σ k(dots[j]) over a contiguous run of dot products.</summary>
    public double Sum(ReadOnlySpan<float> dots)
    {
        ref float r = ref MemoryMarshal.GetReference(dots);
        nuint i = 0, n = (nuint)dots.Length;
        var g = Vector256.Create(Gamma);
        var c = Vector256.Create(Coef0);
        var acc0 = Vector256<double>.Zero;
        var acc1 = Vector256<double>.Zero;
        for (; i + 8 <= n; i += 8)
        {
            var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref r, i));
            acc0 += Invoke(lo, g, c);
            acc1 += Invoke(hi, g, c);
        }
        double s = Vector256.Sum(acc0 + acc1);
        for (; i < n; i++) s += Invoke(Unsafe.Add(ref r, i));
        return s;
    }

    /// <summary>Σ k(row[cols[j]]): one row of a dot-product matrix, gathered at the given columns (all &lt; row.Length).</summary>
    public unsafe double SumGathered(ReadOnlySpan<float> row, ReadOnlySpan<int> cols)
    {
        int n = cols.Length, j = 0;
        var g = Vector256.Create(Gamma);
        var c = Vector256.Create(Coef0);
        var acc0 = Vector256<double>.Zero;
        var acc1 = Vector256<double>.Zero;
        fixed (float* r = row)
        fixed (int* ci = cols)
        {
            if (Avx2.IsSupported)
            {
                for (; j + 8 <= n; j += 8)
                {
                    var (lo, hi) = Vector256.Widen(Avx2.GatherVector256(r, Avx.LoadVector256(ci + j), 4));
                    acc0 += Invoke(lo, g, c);
                    acc1 += Invoke(hi, g, c);
                }
            }
            else
            {
                for (; j + 8 <= n; j += 8)
                {
                    var v = Vector256.Create(r[ci[j]], r[ci[j + 1]], r[ci[j + 2]], r[ci[j + 3]],
                                             r[ci[j + 4]], r[ci[j + 5]], r[ci[j + 6]], r[ci[j + 7]]);
                    var (lo, hi) = Vector256.Widen(v);
                    acc0 += Invoke(lo, g, c);
                    acc1 += Invoke(hi, g, c);
                }
            }
            double s = Vector256.Sum(acc0 + acc1);
            for (; j < n; j++) s += Invoke(r[ci[j]]);
            return s;
        }
    }
}
