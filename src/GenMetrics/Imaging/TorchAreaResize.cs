namespace GenMetrics.Imaging;

/// <summary>
/// PyTorch's <c>F.interpolate(mode='area')</c> of one float32 plane, i.e. <c>adaptive_avg_pool2d</c> as torch 1.13's
/// CPU kernel computes it (ATen <c>native/cpu/AdaptiveAvgPoolKernel.cpp</c>, <c>AdaptivePooling.h</c>): output cell
/// (i, j) averages rows ⌊i·H/h⌋ .. ⌈(i + 1)·H/h⌉ − 1 and the same for columns (the bounds computed in float32), its
/// float32 sum taken row by row and divided by the rows, then by the columns.
/// </summary>
internal static class TorchAreaResize
{
    public static void Resize(ReadOnlySpan<float> src, int inWidth, int inHeight, Span<float> dst, int outWidth, int outHeight)
    {
        if (src.Length < inWidth * inHeight || dst.Length < outWidth * outHeight) throw new ArgumentException("plane too small");
        for (int oh = 0; oh < outHeight; oh++)
        {
            int ih0 = Start(oh, outHeight, inHeight), ih1 = End(oh, outHeight, inHeight);
            for (int ow = 0; ow < outWidth; ow++)
            {
                int iw0 = Start(ow, outWidth, inWidth), iw1 = End(ow, outWidth, inWidth);
                float sum = 0;
                for (int ih = ih0; ih < ih1; ih++)
                    for (int iw = iw0; iw < iw1; iw++)
                        sum += src[ih * inWidth + iw];
                dst[oh * outWidth + ow] = sum / (ih1 - ih0) / (iw1 - iw0);
            }
        }
    }

    // start_index / end_index: floor and ceil of (float)(a * c) / b.
    private static int Start(int a, int b, int c) => (int)MathF.Floor((float)((long)a * c) / b);

    private static int End(int a, int b, int c) => (int)MathF.Ceiling((float)((long)(a + 1) * c) / b);
}
