using GenMetrics.Numerics;

namespace GenMetrics.Imaging;

/// <summary>
/// Resizes one float32 plane (row-major height x width) with one of the reference filters. Kernel maps are built once
/// per (filter, in size, out size) and cached; the passes are separable. <see cref="SimdWidth.Scalar"/> runs the
/// plain loops; any other width runs the Vector256 loops (the same bits: every lane does the scalar's operations).
/// </summary>
internal static partial class PlaneResizer
{
    public static void Resize(ResizeFilter filter, ReadOnlySpan<float> src, int inWidth, int inHeight,
        Span<float> dst, int outWidth, int outHeight, SimdWidth width)
    {
        if (inWidth < 1 || inHeight < 1 || outWidth < 1 || outHeight < 1)
            throw new ArgumentOutOfRangeException(nameof(inWidth), $"sizes must be positive: {inWidth} x {inHeight} -> {outWidth} x {outHeight}");
        if (src.Length < inWidth * inHeight) throw new ArgumentException("source plane too small", nameof(src));
        if (dst.Length < outWidth * outHeight) throw new ArgumentException("destination plane too small", nameof(dst));
        switch (filter)
        {
            case ResizeFilter.Tf1Bilinear:
                Bilinear<Tf1Lerp>(filter, src, inWidth, inHeight, dst, outWidth, outHeight, width);
                break;
            case ResizeFilter.TorchBilinear:
                Bilinear<TorchFmaBlend>(filter, src, inWidth, inHeight, dst, outWidth, outHeight, width);
                break;
            case ResizeFilter.PilBicubic:
                PilBicubic(src, inWidth, inHeight, dst, outWidth, outHeight, width);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(filter), filter, null);
        }
    }
}
