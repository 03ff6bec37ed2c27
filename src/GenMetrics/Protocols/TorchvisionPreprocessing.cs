using System.Globalization;
using GenMetrics.Imaging;

namespace GenMetrics.Protocols;

/// <summary>How <see cref="TorchvisionPreprocessing"/> resizes an image, as torchvision's <c>Resize</c> on a PIL image does.</summary>
public enum TorchvisionResize
{
    /// <summary>PIL <c>Image.BICUBIC</c> on the 8-bit image (torchvision <c>InterpolationMode.BICUBIC</c>; CLIP's choice).</summary>
    Bicubic,

    /// <summary>PIL <c>Image.BILINEAR</c> on the 8-bit image (torchvision's default interpolation).</summary>
    Bilinear,
}

/// <summary>
/// torchvision's classification preprocessing on a PIL image, the input of most exported image models (CLIP, DINOv2,
/// ...): <c>Resize(S, interpolation)</c> (the shorter side to S, the longer to <c>int(S * long / short)</c>), then
/// <c>CenterCrop(S)</c> (offsets <c>int(round((h - S) / 2.0))</c>, Python's round half to even), then <c>ToTensor</c>
/// (<c>x / 255</c> in float32) and <c>Normalize(mean, std)</c> (<c>(x - m) / s</c> in float32). The defaults are the
/// ImageNet recipe at 224; for OpenAI CLIP use <see cref="ClipMean"/> and <see cref="ClipStd"/>.
/// </summary>
/// <remarks>
/// The resize is Pillow's 8-bit resample, reproduced bit for bit: the resized image is uint8, as clean-fid's CLIP-FID
/// and OpenAI CLIP's own transform have it (torchvision hands Pillow the 8-bit RGB image). Not the float path of the
/// <c>clean</c> protocol.
/// </remarks>
public sealed record TorchvisionPreprocessing : IImagePreprocessing
{
    /// <summary>ImageNet's channel means (torchvision's models).</summary>
    public static IReadOnlyList<float> ImageNetMean { get; } = [0.485f, 0.456f, 0.406f];

    /// <summary>ImageNet's channel standard deviations.</summary>
    public static IReadOnlyList<float> ImageNetStd { get; } = [0.229f, 0.224f, 0.225f];

    /// <summary>OpenAI CLIP's channel means (clip/clip.py _transform; clean-fid's CLIP-FID).</summary>
    public static IReadOnlyList<float> ClipMean { get; } = [0.48145466f, 0.4578275f, 0.40821073f];

    /// <summary>OpenAI CLIP's channel standard deviations.</summary>
    public static IReadOnlyList<float> ClipStd { get; } = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>The side S of the square 3 x S x S input (setting <c>input_size</c>).</summary>
    public int Size { get; init; } = 224;

    /// <summary>Per-channel (R, G, B) mean subtracted after scaling to [0, 1] (setting <c>mean</c>).</summary>
    public IReadOnlyList<float> Mean { get; init; } = ImageNetMean;

    /// <summary>Per-channel (R, G, B) standard deviation divided by after subtracting the mean (setting <c>std</c>).</summary>
    public IReadOnlyList<float> Std { get; init; } = ImageNetStd;

    /// <summary>The resampling filter (setting <c>resize</c>).</summary>
    public TorchvisionResize Resize { get; init; } = TorchvisionResize.Bicubic;

    /// <summary>
    /// True: resize the shorter side to <see cref="Size"/> keeping the aspect ratio, then crop the centre
    /// (torchvision <c>Resize(S)</c> + <c>CenterCrop(S)</c>). False: resize straight to S x S (<c>Resize((S, S))</c>)
    /// (setting <c>crop</c>).
    /// </summary>
    public bool CenterCrop { get; init; } = true;

    /// <summary>Every setting: <c>torchvision:size=224;mean=...;std=...;resize=bicubic;crop=center</c>.</summary>
    public string Id => string.Create(CultureInfo.InvariantCulture,
        $"torchvision:size={Size};mean={Floats(Mean)};std={Floats(Std)};resize={Resize.ToString().ToLowerInvariant()};crop={(CenterCrop ? "center" : "none")}");

    /// <inheritdoc/>
    public string Key => Id;

    /// <inheritdoc/>
    public (int Channels, int Height, int Width) InputShape => (3, Size, Size);

    /// <summary>Checks the values (for settings built in code); throws an <see cref="InputException"/> naming the setting.</summary>
    public void Validate()
    {
        if (Size is < 1 or > 8192) throw InputException.ForSetting("input_size", $"{Size}: expected an integer from 1 to 8192");
        CheckTriple("mean", Mean, positive: false);
        CheckTriple("std", Std, positive: true);
        if (!Enum.IsDefined(Resize)) throw InputException.ForSetting("resize", $"{Resize}: expected bicubic or bilinear");
    }

    /// <inheritdoc/>
    public void Preprocess(RgbImage image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        var s = Size;
        var plane = s * s;
        if (destination.Length < 3 * plane)
            throw new ArgumentException($"destination holds {destination.Length} floats; {Id} needs {3 * plane}", nameof(destination));
        var px = ResizeAndCrop(image);
        for (var c = 0; c < 3; c++)
        {
            float m = Mean[c], sd = Std[c];
            var d = destination.Slice(c * plane, plane);
            for (var i = 0; i < plane; i++) d[i] = (px[i * 3 + c] / 255f - m) / sd;
        }
    }

    /// <summary>The 8-bit image after the resize and the crop (HWC, S x S).</summary>
    internal byte[] ResizeAndCrop(RgbImage image)
    {
        var s = Size;
        var (rw, rh) = ResizedSize(image.Width, image.Height, s, CenterCrop);
        var filter = Resize == TorchvisionResize.Bicubic ? PilFilter.Bicubic : PilFilter.Bilinear;
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

    /// <summary>torchvision's <c>_compute_resized_output_size</c> for an int size: the resized (width, height).</summary>
    internal static (int Width, int Height) ResizedSize(int width, int height, int size, bool keepAspect)
    {
        if (!keepAspect) return (size, size);
        var (shortSide, longSide) = width <= height ? (width, height) : (height, width);
        // Python: int(size * long / short), an exact integer product, a correctly rounded division, truncation.
        var newLong = (int)((double)((long)size * longSide) / shortSide);
        return width <= height ? (size, newLong) : (newLong, size);
    }

    /// <summary>torchvision's <c>center_crop</c> offset along one side: <c>int(round((side - crop) / 2.0))</c>.</summary>
    internal static int CropOffset(int side, int crop) => (int)Math.Round((side - crop) / 2.0, MidpointRounding.ToEven);

    private static void CheckTriple(string name, IReadOnlyList<float>? v, bool positive)
    {
        if (v is null || v.Count != 3) throw InputException.ForSetting(name, $"expected three values (R,G,B), got {v?.Count ?? 0}");
        foreach (var x in v)
            if (!float.IsFinite(x) || (positive && x <= 0))
                throw InputException.ForSetting(name, $"{Floats(v)}: {(positive ? "every value must be finite and positive" : "every value must be finite")}");
    }

    internal static string Floats(IReadOnlyList<float> v) => string.Join(",", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture)));
}
