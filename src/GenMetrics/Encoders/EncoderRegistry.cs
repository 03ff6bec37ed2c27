using System.Collections.Frozen;
using System.Globalization;
using GenMetrics.Internals;

namespace GenMetrics.Encoders;

/// <summary>A built-in encoder: its name, how to name it, what it is, and which <see cref="EncoderOptions"/> it takes.</summary>
/// <param name="Name">The registry name.</param>
/// <param name="Syntax">How to name it, with its argument (<c>random-cnn[:SEED]</c>, <c>onnx:PATH</c>).</param>
/// <param name="Summary">One line: what it is and when to use it.</param>
/// <param name="Settings">The <see cref="EncoderOptions"/> settings it takes besides threads, batch size and home
/// (<c>weights</c>, <c>protocol</c>, <c>preprocessing</c>, <c>output</c>).</param>
public sealed record EncoderInfo(string Name, string Syntax, string Summary, IReadOnlyList<string> Settings);

/// <summary>
/// The built-in encoders by name (STYLE rule 5: an explicit table built once): <c>inception</c> (the FID InceptionV3),
/// <c>random-cnn[:SEED]</c> (a weight-free random embedding), <c>onnx:PATH</c> (any exported image model) and
/// <c>pixels:SIZE</c> (the pixel values themselves).
/// </summary>
public static class EncoderRegistry
{
    private delegate IEncoder Factory(string? argument, EncoderOptions options);

    private static readonly (EncoderInfo Info, Factory Open)[] s_entries =
    [
        (new(FidInceptionV3.Name, "inception",
            "the FID InceptionV3 (pytorch-fid's weights): pool3 for FID/KID/PRDC, logits_unbiased for IS; protocols tf, pytorch-fid, clean",
            ["weights", "protocol"]), OpenInception),
        (new(RandomCnnEncoder.Name, "random-cnn[:SEED]",
            "a weight-free random embedding (Naeem et al. 2020): 64 x 64 input (tf@64), 128-d; for data far from ImageNet",
            []), OpenRandomCnn),
        (new(OnnxFileEncoder.Name, "onnx:PATH",
            "any exported image model (CLIP, DINOv2, ...) with torchvision's preprocessing",
            ["preprocessing", "output"]), OpenOnnx),
        (new(PixelsEncoder.Name, "pixels[:SIZE]",
            "the pixels as features: RGB values in [0, 1], resized to SIZE x SIZE (TF1 bilinear) unless already that size; for parzen_ll and as a baseline",
            []), OpenPixels),
    ];

    private static readonly FrozenDictionary<string, (EncoderInfo Info, Factory Open)> s_byName =
        s_entries.ToFrozenDictionary(e => e.Info.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The built-in encoders, in the order help lists them.</summary>
    public static IReadOnlyList<EncoderInfo> Known { get; } = Array.ConvertAll(s_entries, e => e.Info);

    /// <summary>The entry of an encoder given as <c>name</c> or <c>name:argument</c>.</summary>
    /// <exception cref="InputException">No encoder has that name (setting <c>encoder</c>); the message lists the known ones.</exception>
    public static EncoderInfo Describe(string spec) => Find(spec, out _).Info;

    /// <summary>
    /// Opens the encoder named by <paramref name="spec"/> (<c>inception</c>, <c>random-cnn</c>, <c>random-cnn:7</c>,
    /// <c>onnx:/models/clip.onnx</c>) with <paramref name="options"/>. The caller disposes it.
    /// </summary>
    /// <exception cref="InputException">Unknown name, a bad argument, a setting the encoder does not take, or a
    /// problem with its files (missing, wrong hash, not an image model); the message names it.</exception>
    public static IEncoder Open(string spec, EncoderOptions? options = null)
    {
        options ??= new EncoderOptions();
        Check(spec, options);
        var (info, open) = Find(spec, out var argument);
        var device = options.Device ?? ComputeDevice.Current;
        if (!device.IsCuda) return open(argument, options);
        // On a GPU: the sessions get the CUDA provider, and batches are larger unless given.
        using var scope = ComputeDevice.Use(device);
        return open(argument, options.BatchSize is null ? options with { BatchSize = 4 * DefaultBatchSize(info.Name) } : options);
    }

    /// <summary>
    /// Everything <see cref="Open"/> checks before it touches a file: the name, its argument, the settings that apply
    /// and their values. Call it as soon as the settings are known, before reading any input.
    /// </summary>
    /// <exception cref="InputException">A problem <see cref="Open"/> would report; the message names the setting.</exception>
    public static EncoderInfo Check(string spec, EncoderOptions? options = null)
    {
        options ??= new EncoderOptions();
        var (info, _) = Find(spec, out var argument);
        CheckSettings(info, options);
        if (options.Threads is < 1) throw InputException.ForSetting("threads", $"must be at least 1, got {options.Threads}");
        if (options.BatchSize is < 1) throw InputException.ForSetting("batch_size", $"must be at least 1, got {options.BatchSize}");
        CudaRuntime.Check(options.Device ?? ComputeDevice.Current);
        switch (info.Name)
        {
            case FidInceptionV3.Name when !string.IsNullOrEmpty(argument):
                throw InputException.ForSetting("encoder", $"'inception:{argument}': inception takes no argument (give the weights file with the 'weights' setting)");
            case RandomCnnEncoder.Name when argument is not null && !int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out _):
                throw InputException.ForSetting("encoder", $"'random-cnn:{argument}': the seed after 'random-cnn:' must be a non-negative integer");
            case PixelsEncoder.Name when argument is not null && !(int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var side) && side is >= 1 and <= 1024):
                throw InputException.ForSetting("encoder", $"'pixels:{argument}': the side after 'pixels:' must be an integer from 1 to 1024");
            case OnnxFileEncoder.Name when string.IsNullOrWhiteSpace(argument):
                throw InputException.ForSetting("encoder", "'onnx': expected onnx:PATH (the path of an .onnx image model)");
        }
        options.Preprocessing?.Validate();
        if (options.Output is not null && string.IsNullOrWhiteSpace(options.Output))
            throw InputException.ForSetting("output", "expected the name of a model output, got an empty value");
        return info;
    }

    /// <summary>
    /// Whether <see cref="Open"/> would open <paramref name="spec"/> without a download: always for the encoders
    /// without downloaded weights; for <c>inception</c>, when the <c>weights</c> setting names an existing file or the
    /// weights cache holds the verified FID Inception weights (their SHA-256 is checked, once per file).
    /// </summary>
    /// <exception cref="InputException">No encoder has that name (setting <c>encoder</c>).</exception>
    public static bool IsAvailableOffline(string spec, EncoderOptions? options = null)
    {
        options ??= new EncoderOptions();
        var (info, _) = Find(spec, out _);
        if (info.Name != FidInceptionV3.Name) return true;
        if (options.Weights is not null) return File.Exists(options.Weights);
        return Store(options).Cached(InceptionLoader.WeightsName, options.DownloadProgress) is not null;
    }

    private static WeightsStore Store(EncoderOptions o) => o.Home is null ? WeightsStore.FromEnvironment()
        : new WeightsStore(WeightsStoreSettings.FromEnvironment() with { Home = new GenMetricsHome(o.Home) });

    private static int DefaultBatchSize(string name) => name switch
    {
        FidInceptionV3.Name => FidInceptionV3.DefaultBatchSize,
        RandomCnnEncoder.Name => RandomCnnEncoder.DefaultBatchSize,
        _ => OnnxFileEncoder.DefaultBatchSize,
    };

    private static (EncoderInfo Info, Factory Open) Find(string spec, out string? argument)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int colon = spec.IndexOf(':');
        var name = colon < 0 ? spec : spec[..colon];
        argument = colon < 0 ? null : spec[(colon + 1)..];
        if (s_byName.TryGetValue(name.Trim(), out var entry)) return entry;
        throw InputException.ForSetting("encoder", $"'{spec}': unknown encoder; known: {string.Join(", ", Known.Select(k => k.Syntax))}");
    }

    private static void CheckSettings(EncoderInfo info, EncoderOptions o)
    {
        Check("weights", o.Weights is not null);
        Check("protocol", o.Protocol is not null);
        Check("preprocessing", o.Preprocessing is not null);
        Check("output", o.Output is not null);

        void Check(string setting, bool given)
        {
            if (!given || info.Settings.Contains(setting)) return;
            var takers = Known.Where(k => k.Settings.Contains(setting)).Select(k => k.Name);
            throw InputException.ForSetting(setting,
                $"does not apply to the {info.Name} encoder (it applies to {string.Join(", ", takers)})" +
                (info.Name == RandomCnnEncoder.Name && setting == "protocol" ? $"; random-cnn has its own preprocessing, {RandomCnnEncoder.Protocol.Id}" : ""));
        }
    }

    private static IEncoder OpenInception(string? argument, EncoderOptions o)
    {
        var (encoder, weights) = InceptionLoader.Open(o.Weights, o.DownloadProgress, Store(o), o.Threads,
            o.BatchSize ?? FidInceptionV3.DefaultBatchSize);
        encoder.Protocol = o.Protocol ?? Protocols.Protocol.Tf;
        if (!weights.MatchesExpected)
            encoder.Warnings = [$"weights {weights.Path}: SHA-256 {weights.Sha256[..12]}... does not start with {WeightsRegistry.Get(InceptionLoader.WeightsName).Sha256Prefix}: not the FID Inception weights of pytorch-fid, so FIDs are not comparable with published ones"];
        return encoder;
    }

    private static IEncoder OpenRandomCnn(string? argument, EncoderOptions o)
    {
        int seed = argument is null ? 0 : int.Parse(argument, NumberStyles.None, CultureInfo.InvariantCulture);
        return RandomCnnEncoder.Create(seed, o.Threads, o.BatchSize ?? RandomCnnEncoder.DefaultBatchSize);
    }

    // Without a side the images' own is needed, which only the caller knows (the command line takes the first image's).
    private static IEncoder OpenPixels(string? argument, EncoderOptions o) => argument is null
        ? throw InputException.ForSetting("encoder", "'pixels': give the side of the square the images are resized to, pixels:SIZE (their own side keeps their exact values)")
        : new PixelsEncoder(int.Parse(argument, NumberStyles.None, CultureInfo.InvariantCulture));

    private static IEncoder OpenOnnx(string? argument, EncoderOptions o) =>
        OnnxFileEncoder.Open(argument!, o.Preprocessing, o.Output, o.Threads, o.BatchSize ?? OnnxFileEncoder.DefaultBatchSize);
}
