using System.CommandLine;
using GenMetrics.Protocols;

namespace GenMetrics.Cli.Commands;

/// <summary>The options shared by the commands that read samples: encoder, protocol, weights, image-source settings.</summary>
internal sealed class SampleOptions
{
    public Option<string> Encoder { get; } = new("--encoder", "-e")
    {
        Description = "Feature extractor: inception (FID InceptionV3: pool3 for FID/KID/PRDC, logits for IS), random-cnn[:SEED] (weight-free random embedding, 64x64 input, 128-d; for non-ImageNet data), onnx:PATH (any image model you exported: CLIP, DINOv2, ...; see --input-size, --mean, --std, --resize, --crop, --output) or none (inputs are features already). Default: inception for images, none for .npy/.npz features.",
    };

    public Option<string> Protocol { get; } = new("--protocol", "-p")
    {
        Description = "Preprocessing recipe for images: tf (torch-fidelity/TTUR: TF1 bilinear), pytorch-fid (torch bilinear), clean (clean-fid: PIL bicubic).",
        DefaultValueFactory = _ => GenMetrics.Protocols.Protocol.Tf.Name,
    };

    public Option<string?> Weights { get; } = new("--weights")
    {
        Description = "The FID Inception weights (.pth, pytorch-fid's pt_inception-2015-12-05-6726825d.pth); default: the cached download under $GENMETRICS_HOME.",
    };

    public Option<bool> Recursive { get; } = new("--recursive", "-r") { Description = "Look for images in subfolders too." };

    public Option<bool> SkipInvalid { get; } = new("--skip-invalid") { Description = "Skip unreadable images (counted in a warning) instead of failing." };

    public Option<bool> NoCache { get; } = new("--no-cache") { Description = "Do not read or write the feature cache ($GENMETRICS_HOME/features)." };

    public Option<string?> InputSize { get; } = new("--input-size") { Description = "onnx: the model's square input side (default 224)." };

    public Option<string?> Mean { get; } = new("--mean") { Description = "onnx: per-channel mean after /255, e.g. 0.48145466,0.4578275,0.40821073 (default ImageNet's)." };

    public Option<string?> Std { get; } = new("--std") { Description = "onnx: per-channel std after /255 (default ImageNet's)." };

    public Option<string?> Resize { get; } = new("--resize") { Description = "onnx: bicubic (default) or bilinear, PIL's 8-bit resize of the shorter side as torchvision does it." };

    public Option<string?> Crop { get; } = new("--crop") { Description = "onnx: center (default) or none (resize to the square, ignoring the aspect ratio)." };

    public Option<string?> Output { get; } = new("--output") { Description = "onnx: the model output to use (default: its first)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Encoder);
        command.Options.Add(Protocol);
        command.Options.Add(Weights);
        command.Options.Add(Recursive);
        command.Options.Add(SkipInvalid);
        command.Options.Add(NoCache);
        command.Options.Add(InputSize);
        command.Options.Add(Mean);
        command.Options.Add(Std);
        command.Options.Add(Resize);
        command.Options.Add(Crop);
        command.Options.Add(Output);
    }

    public InputLoader CreateLoader(ParseResult p) => new(
        ParseEncoder(p.GetValue(Encoder), out var seed), seed, OnnxOptions(p),
        GenMetrics.Protocols.Protocol.Get(p.GetValue(Protocol)!),
        p.GetValue(Weights),
        new Samples.SampleSourceOptions(p.GetValue(Recursive), p.GetValue(SkipInvalid)),
        !p.GetValue(NoCache),
        p.InvocationConfiguration.Error);

    private Encoders.OnnxEncoderOptions? OnnxOptions(ParseResult p)
    {
        var name = p.GetValue(Encoder);
        if (name is null || !name.StartsWith("onnx:", StringComparison.OrdinalIgnoreCase)) return null;
        return Encoders.OnnxEncoderOptions.Parse(name, p.GetValue(InputSize), p.GetValue(Mean), p.GetValue(Std), p.GetValue(Resize), p.GetValue(Crop), p.GetValue(Output));
    }

    /// <summary>null means "decide by input": features files need none, images need inception.</summary>
    private static EncoderKind? ParseEncoder(string? name, out int seed)
    {
        seed = 0;
        switch (name?.ToLowerInvariant())
        {
            case null or "" or "auto": return null;
            case "none": return EncoderKind.None;
            case "inception": return EncoderKind.Inception;
            case "random-cnn": return EncoderKind.RandomCnn;
        }
        if (name.StartsWith("random-cnn:", StringComparison.OrdinalIgnoreCase))
        {
            if (!int.TryParse(name.AsSpan("random-cnn:".Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out seed))
                throw new InputException($"--encoder {name}: the seed after 'random-cnn:' must be a non-negative integer");
            return EncoderKind.RandomCnn;
        }
        if (name.StartsWith("onnx:", StringComparison.OrdinalIgnoreCase)) return EncoderKind.OnnxFile;
        throw new InputException($"--encoder {name}: unknown encoder; known: inception, random-cnn[:SEED], onnx:PATH, none");
    }
}

internal enum EncoderKind { None, Inception, RandomCnn, OnnxFile }
