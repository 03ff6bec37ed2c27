using System.Globalization;

namespace GenMetrics.Encoders;

/// <summary>How <see cref="OnnxFileEncoder"/> resizes an image, as torchvision's <c>Resize</c> on a PIL image does.</summary>
internal enum OnnxResize
{
    /// <summary>PIL <c>Image.BICUBIC</c> on the 8-bit image (torchvision <c>InterpolationMode.BICUBIC</c>; CLIP's choice).</summary>
    Bicubic,

    /// <summary>PIL <c>Image.BILINEAR</c> on the 8-bit image (torchvision's default interpolation).</summary>
    Bilinear,
}

/// <summary>
/// A user's ONNX image model and the preprocessing it was trained with (<c>--encoder onnx:PATH</c> with
/// <c>--input-size</c>, <c>--mean</c>, <c>--std</c>, <c>--resize</c>, <c>--crop</c>, <c>--output</c>). The defaults
/// are torchvision's ImageNet recipe at 224: <c>Resize(224, BICUBIC)</c>, <c>CenterCrop(224)</c>, <c>ToTensor</c>,
/// <c>Normalize(ImageNet mean, std)</c>. For OpenAI CLIP pass <see cref="ClipMean"/> and <see cref="ClipStd"/>.
/// </summary>
/// <param name="Path">The .onnx file.</param>
internal sealed record OnnxEncoderOptions(string Path)
{
    /// <summary>The prefix of the encoder name on the command line.</summary>
    public const string Prefix = "onnx:";

    /// <summary>ImageNet's channel means (torchvision's models).</summary>
    public static IReadOnlyList<float> ImageNetMean { get; } = [0.485f, 0.456f, 0.406f];

    /// <summary>ImageNet's channel standard deviations.</summary>
    public static IReadOnlyList<float> ImageNetStd { get; } = [0.229f, 0.224f, 0.225f];

    /// <summary>OpenAI CLIP's channel means (clip/clip.py _transform; clean-fid's CLIP-FID).</summary>
    public static IReadOnlyList<float> ClipMean { get; } = [0.48145466f, 0.4578275f, 0.40821073f];

    /// <summary>OpenAI CLIP's channel standard deviations.</summary>
    public static IReadOnlyList<float> ClipStd { get; } = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>The side S of the square N x 3 x S x S input.</summary>
    public int InputSize { get; init; } = 224;

    /// <summary>Per-channel (R, G, B) mean subtracted after scaling to [0, 1].</summary>
    public IReadOnlyList<float> Mean { get; init; } = ImageNetMean;

    /// <summary>Per-channel (R, G, B) standard deviation divided by after subtracting the mean.</summary>
    public IReadOnlyList<float> Std { get; init; } = ImageNetStd;

    /// <summary>The resampling filter.</summary>
    public OnnxResize Resize { get; init; } = OnnxResize.Bicubic;

    /// <summary>
    /// True: resize the shorter side to <see cref="InputSize"/> keeping the aspect ratio, then crop the centre
    /// (torchvision <c>Resize(S)</c> + <c>CenterCrop(S)</c>). False: resize straight to S x S (<c>Resize((S, S))</c>).
    /// </summary>
    public bool CenterCrop { get; init; } = true;

    /// <summary>The output to take features from; null takes the model's first output.</summary>
    public string? Output { get; init; }

    /// <summary>Every setting that changes the features, for cache keys and the JSON record (not the path).</summary>
    public string Settings => string.Create(CultureInfo.InvariantCulture,
        $"size={InputSize};mean={Floats(Mean)};std={Floats(Std)};resize={Resize.ToString().ToLowerInvariant()};crop={(CenterCrop ? "center" : "none")};output={Output ?? ""}");

    /// <summary>
    /// Reads <c>onnx:PATH</c> and the option values as the command line gives them (null = not given, the default).
    /// Throws <see cref="InputException"/> naming the option on a malformed value.
    /// </summary>
    public static OnnxEncoderOptions Parse(string spec, string? inputSize = null, string? mean = null, string? std = null,
        string? resize = null, string? crop = null, string? output = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || spec.Length == Prefix.Length)
            throw new InputException($"--encoder '{spec}': expected onnx:PATH (the path of an .onnx image model)");
        var o = new OnnxEncoderOptions(spec[Prefix.Length..]);
        if (inputSize != null) o = o with { InputSize = ParseSize(inputSize) };
        if (mean != null) o = o with { Mean = ParseTriple("--mean", mean, positive: false) };
        if (std != null) o = o with { Std = ParseTriple("--std", std, positive: true) };
        if (resize != null) o = o with { Resize = ParseResize(resize) };
        if (crop != null) o = o with { CenterCrop = ParseCrop(crop) };
        if (output != null)
        {
            if (string.IsNullOrWhiteSpace(output)) throw new InputException("--output: expected the name of a model output, got an empty value");
            o = o with { Output = output };
        }
        o.Validate();
        return o;
    }

    /// <summary>Checks the values (also for options built in code); throws <see cref="InputException"/>.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path)) throw new InputException("onnx encoder: the model path is empty");
        if (InputSize is < 1 or > 8192) throw new InputException($"--input-size {InputSize}: expected an integer from 1 to 8192");
        CheckTriple("--mean", Mean, positive: false);
        CheckTriple("--std", Std, positive: true);
        if (!Enum.IsDefined(Resize)) throw new InputException($"--resize {Resize}: expected bicubic or bilinear");
    }

    private static int ParseSize(string s) =>
        int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v is >= 1 and <= 8192
            ? v
            : throw new InputException($"--input-size '{s}': expected an integer from 1 to 8192");

    private static float[] ParseTriple(string name, string s, bool positive)
    {
        var parts = s.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 3)
            throw new InputException($"{name} '{s}': expected three comma-separated numbers (R,G,B), got {parts.Length}");
        var v = new float[3];
        for (var i = 0; i < 3; i++)
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]))
                throw new InputException($"{name} '{s}': '{parts[i]}' is not a number");
        CheckTriple(name, v, positive);
        return v;
    }

    private static void CheckTriple(string name, IReadOnlyList<float> v, bool positive)
    {
        if (v is null || v.Count != 3) throw new InputException($"{name}: expected three values (R,G,B), got {v?.Count ?? 0}");
        foreach (var x in v)
            if (!float.IsFinite(x) || (positive && x <= 0))
                throw new InputException($"{name} {Floats(v)}: {(positive ? "every value must be finite and positive" : "every value must be finite")}");
    }

    private static OnnxResize ParseResize(string s) => s.Trim().ToLowerInvariant() switch
    {
        "bicubic" => OnnxResize.Bicubic,
        "bilinear" => OnnxResize.Bilinear,
        _ => throw new InputException($"--resize '{s}': expected bicubic or bilinear"),
    };

    private static bool ParseCrop(string s) => s.Trim().ToLowerInvariant() switch
    {
        "center" or "centre" => true,
        "none" => false,
        _ => throw new InputException($"--crop '{s}': expected center or none"),
    };

    private static string Floats(IReadOnlyList<float> v) => string.Join(",", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture)));
}
