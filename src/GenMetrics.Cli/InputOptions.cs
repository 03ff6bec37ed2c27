using System.CommandLine;
using System.Globalization;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Protocols;
using GenMetrics.Samples;

namespace GenMetrics.Cli;

/// <summary>
/// The options of every command that reads samples: the encoder and its settings, how sources are read, which samples,
/// and the compute settings. Parsing only: the library opens, extracts and checks.
/// </summary>
internal sealed class InputOptions
{
    public Option<string?> Encoder { get; } = new("--encoder", "-e")
    {
        Description = "Feature extractor: " + string.Join("; ", EncoderRegistry.Known.Select(k => $"{k.Syntax} ({k.Summary})")) +
                      "; or none (the inputs are features already). Default: inception for images, none for .npy/.npz features.",
    };

    public Option<string?> Protocol { get; } = new("--protocol", "-p")
    {
        Description = "inception: the preprocessing recipe: tf (default; torch-fidelity/TTUR: TF1 bilinear), pytorch-fid (torch bilinear), clean (clean-fid: PIL bicubic).",
    };

    public Option<string?> Weights { get; } = new("--weights")
    {
        Description = "inception: the FID Inception weights (.pth, pytorch-fid's pt_inception-2015-12-05-6726825d.pth); default: the verified download cached under $GENMETRICS_HOME.",
    };

    public Option<bool> Recursive { get; } = new("--recursive", "-r") { Description = "Look for images in sub-folders too." };

    public Option<bool> SkipInvalid { get; } = new("--skip-invalid") { Description = "Skip undecodable images (counted in a warning) instead of failing." };

    public Option<bool> NoCache { get; } = new("--no-cache") { Description = "Do not read or write the feature cache ($GENMETRICS_HOME/features)." };

    public Option<int?> InputSize { get; } = new("--input-size") { Description = "onnx: the model's square input side (default 224)." };

    public Option<string?> Mean { get; } = new("--mean") { Description = "onnx: per-channel mean after /255, e.g. 0.48145466,0.4578275,0.40821073 (default ImageNet's)." };

    public Option<string?> Std { get; } = new("--std") { Description = "onnx: per-channel std after /255 (default ImageNet's)." };

    public Option<string?> Resize { get; } = new("--resize") { Description = "onnx: bicubic (default) or bilinear, PIL's 8-bit resize of the shorter side as torchvision does it." };

    public Option<string?> Crop { get; } = new("--crop") { Description = "onnx: center (default) or none (resize to the square, ignoring the aspect ratio)." };

    public Option<string?> Output { get; } = new("--output") { Description = "onnx: the model output to use (default: its first)." };

    public Option<int?> PixelsSize { get; } = new("--pixels-size") { Description = "pixels: resize every image to N x N (TF1 bilinear) before flattening; the same as --encoder pixels:N." };

    public Option<int?> NumSamples { get; } = new("--num-samples", "-n") { Description = "Use N samples of each input: the first N in sort order, or a seeded random subset with --sample-seed. With an ONNX generator input: the number of samples it draws (the other input is then used whole, as torch-fidelity does)." };

    public Option<long?> SampleSeed { get; } = new("--sample-seed") { Description = "With --num-samples: a random subset, sorted(numpy RandomState(SEED).choice(total, N, replace=False))." };

    public Option<int?> BatchSize { get; } = new("--batch-size") { Description = "Images per network run (default 16 for inception and onnx, 64 for random-cnn)." };

    public Option<int?> Threads { get; } = new("--threads") { Description = "Threads for the network and for decoding (default: all cores)." };

    public Option<string> Device { get; } = new("--device")
    {
        Description = "Where the network runs: cpu (default), or cuda / cuda:N (an NVIDIA GPU through ONNX Runtime's CUDA provider, TF32 off; needs the GenMetrics.Tool.Gpu package, CUDA 13 and cuDNN 9).",
        DefaultValueFactory = _ => "cpu",
    };

    public Option<string?> Progress { get; } = ProgressDisplay.Option();

    public void AddTo(Command command)
    {
        foreach (var o in (Option[])[Encoder, Protocol, Weights, Recursive, SkipInvalid, NoCache, InputSize, Mean, Std, Resize, Crop, Output, PixelsSize,
                     NumSamples, SampleSeed, BatchSize, Threads, Device, Progress])
            command.Options.Add(o);
    }

    /// <summary>The --threads limit for the command's whole run (networks, decoding, metrics), or nothing to dispose.</summary>
    public IDisposable? LimitThreads(ParseResult p) =>
        p.GetValue(Threads) is { } t ? (t < 1 ? throw new InputException($"--threads: must be at least 1, got {t}") : Parallelism.Limit(t)) : null;

    /// <summary>
    /// When no input is images, the options that only act on images (encoder, protocol, weights, decoding, batch) would be
    /// silently ignored: refuse them, naming the inputs.
    /// </summary>
    public void CheckImageOptionsApply(ParseResult p, IReadOnlyList<string> paths)
    {
        if (paths.Any(path => FeatureSet.KindOf(path) == InputKind.Images)) return;
        foreach (var o in (Option[])[Protocol, Weights, Recursive, SkipInvalid, NoCache, InputSize, Mean, Std, Resize, Crop, Output, PixelsSize, BatchSize])
            if (p.GetResult(o) is { Implicit: false })
                throw new InputException($"{o.Name}: applies to image inputs, but {string.Join(" and ", paths)} {(paths.Count == 1 ? "is" : "are")} features or statistics");
    }

    /// <summary>The progress display --progress asks for (bars on a terminal, plain lines otherwise).</summary>
    public ProgressDisplay Display(ParseResult p) => ProgressDisplay.For(p, Progress);

    /// <summary>
    /// The parsed settings, checked against each other before any input is read. With <paramref name="selectSamples"/>
    /// false, --num-samples is a generator's sample count and selects nothing from the other inputs.
    /// </summary>
    public InputLoader CreateLoader(ParseResult p, ProgressDisplay display, bool selectSamples = true)
    {
        var device = ComputeDevice.Parse(p.GetValue(Device)!);
        device.EnsureAvailable();
        var spec = p.GetValue(Encoder);
        if (p.GetValue(PixelsSize) is { } side)
        {
            if (spec is null || !spec.Equals("pixels", StringComparison.OrdinalIgnoreCase))
                throw new InputException($"--pixels-size: applies to --encoder pixels, not {(spec is null ? "the default encoder (inception)" : $"--encoder {spec}")}");
            if (side < 1) throw new InputException($"--pixels-size: must be at least 1, got {side}");
            spec = $"pixels:{side}";
        }
        bool none = spec is not null && spec.Equals("none", StringComparison.OrdinalIgnoreCase);
        var given = Given(p);
        EncoderInfo? info = spec is null || none ? null : EncoderRegistry.Describe(spec);
        // A setting that belongs to no encoder in use is a mistake, not something to ignore.
        foreach (var (flag, setting) in given)
        {
            var applies = info is null ? spec is null && setting is "weights" or "protocol" : info.Settings.Contains(setting);
            if (!applies)
                throw new InputException($"{flag}: does not apply to {(none ? "--encoder none" : info is null ? "the default encoder (inception)" : $"--encoder {info.Name}")}; " +
                                         $"it sets {setting} of {string.Join(", ", EncoderRegistry.Known.Where(k => k.Settings.Contains(setting)).Select(k => k.Name))}");
        }
        var selection = p.GetValue(NumSamples) is { } n ? new SampleSelection(n, p.GetValue(SampleSeed)) : null;
        if (selection is null && p.GetValue(SampleSeed) is not null) throw new InputException("--sample-seed: needs --num-samples");
        if (selection is { Count: < 1 }) throw new InputException($"--num-samples: must be at least 1, got {selection.Count}");
        if (selection?.Seed is < 0 or > uint.MaxValue)
            throw new InputException($"--sample-seed: {selection.Seed} is not a valid seed; it must be between 0 and 2^32 - 1 (as NumPy's RandomState requires)");
        var encoderOptions = new EncoderOptions
        {
            Weights = p.GetValue(Weights),
            Protocol = p.GetValue(Protocol) is { } name ? Protocols.Protocol.Get(name) : null,
            Preprocessing = given.Any(g => g.Setting == "preprocessing") ? Preprocessing(p) : null,
            Output = p.GetValue(Output),
            BatchSize = p.GetValue(BatchSize),
            DownloadProgress = display,
            Device = device,
        };
        var extraction = new ExtractionOptions
        {
            Source = new SampleSourceOptions(p.GetValue(Recursive), p.GetValue(SkipInvalid)),
            Samples = selectSamples ? selection : null,
            UseCache = !p.GetValue(NoCache),
        };
        if (spec is not null && !none) EncoderRegistry.Check(spec, encoderOptions);
        return new InputLoader(none ? "none" : spec, encoderOptions, extraction, display);
    }

    private List<(string Flag, string Setting)> Given(ParseResult p)
    {
        var list = new List<(string, string)>();
        void Add(Option o, string setting)
        {
            if (p.GetResult(o) is { Implicit: false }) list.Add((o.Name, setting));
        }
        Add(Weights, "weights");
        Add(Protocol, "protocol");
        foreach (var o in (Option[])[InputSize, Mean, Std, Resize, Crop]) Add(o, "preprocessing");
        Add(Output, "output");
        return list;
    }

    private TorchvisionPreprocessing Preprocessing(ParseResult p)
    {
        var t = new TorchvisionPreprocessing();
        if (p.GetValue(InputSize) is { } size) t = t with { Size = size };
        if (p.GetValue(Mean) is { } mean) t = t with { Mean = Triple("--mean", mean) };
        if (p.GetValue(Std) is { } std) t = t with { Std = Triple("--std", std) };
        if (p.GetValue(Resize) is { } resize)
            t = t with
            {
                Resize = resize.Trim().ToLowerInvariant() switch
                {
                    "bicubic" => TorchvisionResize.Bicubic,
                    "bilinear" => TorchvisionResize.Bilinear,
                    _ => throw new InputException($"--resize '{resize}': expected bicubic or bilinear"),
                },
            };
        if (p.GetValue(Crop) is { } crop)
            t = t with
            {
                CenterCrop = crop.Trim().ToLowerInvariant() switch
                {
                    "center" or "centre" => true,
                    "none" => false,
                    _ => throw new InputException($"--crop '{crop}': expected center or none"),
                },
            };
        t.Validate();
        return t;
    }

    internal static float[] Triple(string flag, string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 3)
            throw new InputException($"{flag} '{text}': expected three comma-separated numbers (R,G,B), got {parts.Length}");
        var v = new float[3];
        for (var i = 0; i < 3; i++)
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]))
                throw new InputException($"{flag} '{text}': '{parts[i]}' is not a number");
        return v;
    }
}
