using GenMetrics.Imaging;

namespace GenMetrics.Encoders;

/// <summary>
/// The input of an <see cref="OnnxFileEncoder"/>, as torchvision computes it on a PIL image:
/// <c>Resize(S, interpolation)</c> (the shorter side to S, the longer to <c>int(S * long / short)</c>), then
/// <c>CenterCrop(S)</c> (offsets <c>int(round((h - S) / 2.0))</c>, Python's round half to even), then
/// <c>ToTensor</c> (<c>x / 255</c> in float32) and <c>Normalize(mean, std)</c> (<c>(x - m) / s</c> in float32).
/// </summary>
/// <remarks>
/// The resize is Pillow's 8-bit resample, reproduced bit for bit (<see cref="PilResample8"/>): the resized image is
/// uint8, as clean-fid's CLIP-FID and OpenAI CLIP's own transform have it. Not the float path of the <c>clean</c>
/// protocol: torchvision hands Pillow the 8-bit RGB image, so the rounding to uint8 is part of the reference.
/// </remarks>
internal static class OnnxFilePreprocessor
{
    /// <summary>torchvision's <c>_compute_resized_output_size</c> for an int size: the resized (width, height).</summary>
    public static (int Width, int Height) ResizedSize(int width, int height, int size, bool keepAspect)
    {
        if (!keepAspect) return (size, size);
        var (shortSide, longSide) = width <= height ? (width, height) : (height, width);
        // Python: int(size * long / short), an exact integer product, a correctly rounded division, truncation.
        var newLong = (int)((double)((long)size * longSide) / shortSide);
        return width <= height ? (size, newLong) : (newLong, size);
    }

    /// <summary>torchvision's <c>center_crop</c> offset along one side: <c>int(round((side - crop) / 2.0))</c>.</summary>
    public static int CropOffset(int side, int crop) => (int)Math.Round((side - crop) / 2.0, MidpointRounding.ToEven);

    /// <summary>The 8-bit image after the resize and the crop (HWC, S x S).</summary>
    public static byte[] ResizeAndCrop(RgbImage image, OnnxEncoderOptions options)
    {
        var s = options.InputSize;
        var (rw, rh) = ResizedSize(image.Width, image.Height, s, options.CenterCrop);
        var filter = options.Resize == OnnxResize.Bicubic ? PilFilter.Bicubic : PilFilter.Bilinear;
        var resized = rw == image.Width && rh == image.Height
            ? image.Pixels
            : PilResample8.Resize(filter, image.Pixels, image.Width, image.Height, rw, rh);
        if (rw == s && rh == s) return resized;
        int top = CropOffset(rh, s), left = CropOffset(rw, s);
        var cropped = new byte[s * s * 3];
        for (var y = 0; y < s; y++)
            resized.AsSpan(((top + y) * rw + left) * 3, s * 3).CopyTo(cropped.AsSpan(y * s * 3, s * 3));
        return cropped;
    }

    /// <summary>Writes the 3 x S x S float32 network input (CHW) for <paramref name="image"/> into <paramref name="destination"/>.</summary>
    public static void Preprocess(RgbImage image, OnnxEncoderOptions options, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        var s = options.InputSize;
        var plane = s * s;
        if (destination.Length < 3 * plane)
            throw new ArgumentException($"destination holds {destination.Length} floats; onnx input needs {3 * plane}", nameof(destination));
        var px = ResizeAndCrop(image, options);
        for (var c = 0; c < 3; c++)
        {
            float m = options.Mean[c], sd = options.Std[c];
            var d = destination.Slice(c * plane, plane);
            for (var i = 0; i < plane; i++) d[i] = (px[i * 3 + c] / 255f - m) / sd;
        }
    }
}
