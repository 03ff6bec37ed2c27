using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics.Paired;

/// <summary>The sums of one channel's SSIM map and contrast-structure (cs) map over <see cref="Count"/> window positions.</summary>
internal readonly record struct SsimSums(double Ssim, double ContrastStructure, long Count)
{
    public double MeanSsim => Ssim / Count;
    public double MeanContrastStructure => ContrastStructure / Count;
}

/// <summary>
/// SSIM's constants: C1 = (K1·L)², C2 = (K2·L)² with the data range L = 1, and the factor applied to the window
/// (co)variances: 1 for population statistics (piq, torchmetrics), NP / (NP − 1) for skimage's sample covariance.
/// </summary>
internal readonly record struct SsimConstants(double C1, double C2, double CovarianceNorm)
{
    public static SsimConstants For(double k1 = 0.01, double k2 = 0.03, double covarianceNorm = 1.0) =>
        new(k1 * k1, k2 * k2, covarianceNorm);
}

/// <summary>
/// The SSIM and cs maps of one channel pair with 'valid' window positions only (H − K + 1 x W − K + 1), summed.
/// Separable filtering in float64: each input row is filtered horizontally (x, y, x², y², xy) into a ring of the last
/// K filtered rows, and each output row combines the ring vertically, applies the convention's formula
/// (an <see cref="ISsimVariant"/>) and is summed left to right.
/// </summary>
/// <remarks>
/// Every output value goes through the same operations in the same order at every SIMD width (the first tap a
/// product, then fused multiply-adds tap by tap; the formula as plain float64 operations; the row sum in scalar
/// order), so results are bit-identical across <see cref="SimdWidth"/>s. float64 because the window variances
/// E[x²] − μ² cancel: the same references run in float32 move SSIM by up to 1.5e-4 (parity/make_paired_fixtures.py).
/// </remarks>
internal static class SsimMap
{
    public static SsimSums Sums<TVariant>(SimdWidth width, ReadOnlySpan<double> x, ReadOnlySpan<double> y, int height, int rowLength,
        SsimWindow window, SsimConstants k) where TVariant : ISsimVariant
    {
        int size = window.Size;
        if (x.Length < height * rowLength || y.Length < height * rowLength)
            throw new ArgumentException($"SSIM planes: {height} x {rowLength} needs {height * rowLength} values, got {x.Length} and {y.Length}");
        if (height < size || rowLength < size)
            throw new ArgumentException($"SSIM planes: {rowLength} x {height} is smaller than the {size} x {size} window");
        return width switch
        {
            SimdWidth.V512 => Sums<VecF64x8, Vector512<double>, TVariant>(x, y, height, rowLength, window.Taps, k),
            SimdWidth.V256 => Sums<VecF64x4, Vector256<double>, TVariant>(x, y, height, rowLength, window.Taps, k),
            _ => Sums<VecF64x1, double, TVariant>(x, y, height, rowLength, window.Taps, k),
        };
    }

    private const int Maps = 5;   // x, y, x², y², xy

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SsimSums Sums<TOps, TVec, TVariant>(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int h, int w, double[] taps,
        SsimConstants k)
        where TOps : IVecF64<TVec> where TVec : struct where TVariant : ISsimVariant
    {
        int size = taps.Length, ho = h - size + 1, wo = w - size + 1;
        int ringLength = Maps * size * wo;
        var scratch = ArrayPool<double>.Shared.Rent(3 * w + ringLength + 2 * wo);
        try
        {
            var span = scratch.AsSpan();
            var xx = span.Slice(0, w);
            var yy = span.Slice(w, w);
            var xy = span.Slice(2 * w, w);
            var ring = span.Slice(3 * w, ringLength);
            var ssimRow = span.Slice(3 * w + ringLength, wo);
            var csRow = span.Slice(3 * w + ringLength + wo, wo);
            Span<int> slots = stackalloc int[size];
            double ssimSum = 0, csSum = 0;
            for (int r = 0; r < h; r++)
            {
                var xr = x.Slice(r * w, w);
                var yr = y.Slice(r * w, w);
                Products<TOps, TVec>(xr, yr, xx, yy, xy);
                int q = r % size;
                Horizontal<TOps, TVec>(xr, taps, Slot(ring, 0, q, size, wo));
                Horizontal<TOps, TVec>(yr, taps, Slot(ring, 1, q, size, wo));
                Horizontal<TOps, TVec>(xx, taps, Slot(ring, 2, q, size, wo));
                Horizontal<TOps, TVec>(yy, taps, Slot(ring, 3, q, size, wo));
                Horizontal<TOps, TVec>(xy, taps, Slot(ring, 4, q, size, wo));
                if (r < size - 1) continue;
                // Output row o = r − size + 1 combines input rows o .. r; tap t reads ring slot (o + t) mod size.
                int o = r - size + 1;
                for (int t = 0; t < size; t++) slots[t] = (o + t) % size * wo;
                int bulk = wo - wo % TOps.Count;
                Vertical<TOps, TVec, TVariant>(ring, size * wo, slots, taps, k, ssimRow, csRow, 0, bulk);
                Vertical<VecF64x1, double, TVariant>(ring, size * wo, slots, taps, k, ssimRow, csRow, bulk, wo);
                ssimSum += SumInOrder(ssimRow);
                csSum += SumInOrder(csRow);
            }
            return new SsimSums(ssimSum, csSum, (long)ho * wo);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
    }

    private static Span<double> Slot(Span<double> ring, int map, int slot, int size, int wo) => ring.Slice((map * size + slot) * wo, wo);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Products<TOps, TVec>(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> xx, Span<double> yy, Span<double> xy)
        where TOps : IVecF64<TVec> where TVec : struct
    {
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double yr = ref MemoryMarshal.GetReference(y);
        ref double xxr = ref MemoryMarshal.GetReference(xx);
        ref double yyr = ref MemoryMarshal.GetReference(yy);
        ref double xyr = ref MemoryMarshal.GetReference(xy);
        nuint i = 0, n = (nuint)x.Length, lanes = (nuint)TOps.Count;
        for (; i + lanes <= n; i += lanes)
        {
            var a = TOps.Load(ref Unsafe.Add(ref xr, i));
            var b = TOps.Load(ref Unsafe.Add(ref yr, i));
            TOps.Store(TOps.Mul(a, a), ref Unsafe.Add(ref xxr, i));
            TOps.Store(TOps.Mul(b, b), ref Unsafe.Add(ref yyr, i));
            TOps.Store(TOps.Mul(a, b), ref Unsafe.Add(ref xyr, i));
        }
        for (; i < n; i++)
        {
            double a = Unsafe.Add(ref xr, i), b = Unsafe.Add(ref yr, i);
            Unsafe.Add(ref xxr, i) = a * a;
            Unsafe.Add(ref yyr, i) = b * b;
            Unsafe.Add(ref xyr, i) = a * b;
        }
    }

    /// <summary>dst[c] = Σ_t taps[t]·src[c + t] for c &lt; dst.Length: the first tap a product, the rest fused, in tap order.</summary>
    private static void Horizontal<TOps, TVec>(ReadOnlySpan<double> src, double[] taps, Span<double> dst)
        where TOps : IVecF64<TVec> where TVec : struct
    {
        int bulk = dst.Length - dst.Length % TOps.Count;
        Horizontal<TOps, TVec>(src, taps, dst, 0, bulk);
        Horizontal<VecF64x1, double>(src, taps, dst, bulk, dst.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Horizontal<TOps, TVec>(ReadOnlySpan<double> src, double[] taps, Span<double> dst, int from, int to)
        where TOps : IVecF64<TVec> where TVec : struct
    {
        ref double s = ref MemoryMarshal.GetReference(src);
        ref double d = ref MemoryMarshal.GetReference(dst);
        ref double tr = ref MemoryMarshal.GetArrayDataReference(taps);
        int size = taps.Length, lanes = TOps.Count;
        var t0 = TOps.Broadcast(tr);
        for (int c = from; c < to; c += lanes)
        {
            ref double at = ref Unsafe.Add(ref s, c);
            var acc = TOps.Mul(t0, TOps.Load(ref at));
            for (int t = 1; t < size; t++)
                acc = TOps.Fma(TOps.Broadcast(Unsafe.Add(ref tr, t)), TOps.Load(ref Unsafe.Add(ref at, t)), acc);
            TOps.Store(acc, ref Unsafe.Add(ref d, c));
        }
    }

    /// <summary>
    /// Columns [from, to) of one output row: the five window sums (vertical pass over the ring, tap order) and the
    /// convention's SSIM and cs values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Vertical<TOps, TVec, TVariant>(Span<double> ring, int mapStride, ReadOnlySpan<int> slots, double[] taps,
        SsimConstants k, Span<double> ssimRow, Span<double> csRow, int from, int to)
        where TOps : IVecF64<TVec> where TVec : struct where TVariant : ISsimVariant
    {
        ref double rr = ref MemoryMarshal.GetReference(ring);
        ref double tr = ref MemoryMarshal.GetArrayDataReference(taps);
        ref int sr = ref MemoryMarshal.GetReference(slots);
        ref double ssimR = ref MemoryMarshal.GetReference(ssimRow);
        ref double csR = ref MemoryMarshal.GetReference(csRow);
        int size = taps.Length, lanes = TOps.Count;
        var c1 = TOps.Broadcast(k.C1);
        var c2 = TOps.Broadcast(k.C2);
        var norm = TOps.Broadcast(k.CovarianceNorm);
        var two = TOps.Broadcast(2.0);
        var zero = TOps.Broadcast(0.0);
        ref double m0 = ref rr;
        ref double m1 = ref Unsafe.Add(ref rr, mapStride);
        ref double m2 = ref Unsafe.Add(ref rr, 2 * mapStride);
        ref double m3 = ref Unsafe.Add(ref rr, 3 * mapStride);
        ref double m4 = ref Unsafe.Add(ref rr, 4 * mapStride);
        for (int c = from; c < to; c += lanes)
        {
            int at = sr + c;
            var t0 = TOps.Broadcast(tr);
            var mx = TOps.Mul(t0, TOps.Load(ref Unsafe.Add(ref m0, at)));
            var my = TOps.Mul(t0, TOps.Load(ref Unsafe.Add(ref m1, at)));
            var exx = TOps.Mul(t0, TOps.Load(ref Unsafe.Add(ref m2, at)));
            var eyy = TOps.Mul(t0, TOps.Load(ref Unsafe.Add(ref m3, at)));
            var exy = TOps.Mul(t0, TOps.Load(ref Unsafe.Add(ref m4, at)));
            for (int t = 1; t < size; t++)
            {
                at = Unsafe.Add(ref sr, t) + c;
                var w = TOps.Broadcast(Unsafe.Add(ref tr, t));
                mx = TOps.Fma(w, TOps.Load(ref Unsafe.Add(ref m0, at)), mx);
                my = TOps.Fma(w, TOps.Load(ref Unsafe.Add(ref m1, at)), my);
                exx = TOps.Fma(w, TOps.Load(ref Unsafe.Add(ref m2, at)), exx);
                eyy = TOps.Fma(w, TOps.Load(ref Unsafe.Add(ref m3, at)), eyy);
                exy = TOps.Fma(w, TOps.Load(ref Unsafe.Add(ref m4, at)), exy);
            }
            var mxx = TOps.Mul(mx, mx);
            var myy = TOps.Mul(my, my);
            var mxy = TOps.Mul(mx, my);
            var vx = TOps.Mul(norm, TOps.Sub(exx, mxx));
            var vy = TOps.Mul(norm, TOps.Sub(eyy, myy));
            var vxy = TOps.Mul(norm, TOps.Sub(exy, mxy));
            if (TVariant.ClampVariances)
            {
                vx = TOps.Max(vx, zero);
                vy = TOps.Max(vy, zero);
            }
            var a1 = TOps.Add(TOps.Mul(two, mxy), c1);
            var b1 = TOps.Add(TOps.Add(mxx, myy), c1);
            var a2 = TOps.Add(TOps.Mul(two, vxy), c2);
            var b2 = TOps.Add(TOps.Add(vx, vy), c2);
            var cs = TOps.Div(a2, b2);
            var ssim = TVariant.ProductForm ? TOps.Div(TOps.Mul(a1, a2), TOps.Mul(b1, b2)) : TOps.Mul(TOps.Div(a1, b1), cs);
            TOps.Store(ssim, ref Unsafe.Add(ref ssimR, c));
            TOps.Store(cs, ref Unsafe.Add(ref csR, c));
        }
    }

    private static double SumInOrder(ReadOnlySpan<double> row)
    {
        double s = 0;
        foreach (var v in row) s += v;
        return s;
    }
}
