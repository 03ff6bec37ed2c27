using GenMetrics.Imaging;
using GenMetrics.Numerics;

namespace GenMetrics.Encoders;

/// <summary>
/// How torch-fidelity's LPIPS-VGG16 (5e211a9 <c>sample_similarity_lpips.py</c>, <c>SampleSimilarityLPIPS</c>, used by
/// its perceptual path length) prepares uint8 images, in float32 exactly: <c>normalize</c>, (x − m) · s per channel with
/// m = (1 + shift) · 255 / 2 and s = 2 / (scale · 255) (LPIPS' scaling layer folded into uint8 units: shift −0.030,
/// −0.088, −0.188, scale 0.458, 0.448, 0.450), then <c>resize</c> to 64 x 64: area averaging when both sides are
/// larger than 64, else bilinear (align_corners=False); then <see cref="LpipsModel.ScaledDistances"/>.
/// </summary>
internal static class TorchFidelityLpips
{
    /// <summary>torch-fidelity's <c>ppl_sample_similarity_resize</c>.</summary>
    public const int Size = 64;

    private static readonly float[] s_mean = Array.ConvertAll(LpipsGraph.Shift, shift => (1f + shift) * 255f / 2f);
    private static readonly float[] s_invStd = Array.ConvertAll(LpipsGraph.Scale, scale => 2f / (scale * 255f));

    /// <summary>
    /// One uint8 image (<paramref name="channels"/> x <paramref name="height"/> x <paramref name="width"/>; one channel
    /// is used for all three) into <paramref name="destination"/>, 3 x 64 x 64.
    /// </summary>
    public static void Prepare(ReadOnlySpan<byte> image, int channels, int height, int width, Span<float> destination)
    {
        int plane = height * width;
        var scaled = new float[plane];
        for (int c = 0; c < 3; c++)
        {
            var src = image.Slice((channels == 1 ? 0 : c) * plane, plane);
            float mean = s_mean[c], inv = s_invStd[c];
            for (int p = 0; p < plane; p++) scaled[p] = ((float)src[p] - mean) * inv;
            var dst = destination.Slice(c * Size * Size, Size * Size);
            if (width > Size && height > Size) TorchAreaResize.Resize(scaled, width, height, dst, Size, Size);
            else PlaneResizer.Resize(ResizeFilter.TorchBilinear, scaled, width, height, dst, Size, Size, Simd.Best);
        }
    }
}
