using System.CommandLine;
using System.Globalization;
using GenMetrics.Samples;

namespace GenMetrics.Cli;

/// <summary>
/// The options of an ONNX generator input (<c>eval ... G.onnx</c>, <c>sample G.onnx</c>), named as torch-fidelity names
/// them where it has them (<c>input1_model_z_size</c> → <c>--z-dim</c>, <c>z_type</c>, <c>num_classes</c>). Parsing
/// only: <see cref="OnnxGenerator.Open"/> checks the model against them.
/// </summary>
internal sealed class GeneratorCliOptions
{
    public GeneratorCliOptions(Option<long?>? seed = null)
    {
        // eval shares --seed with the metrics that draw (kid, is): torch-fidelity has one rng_seed for everything.
        Seed = seed ?? new Option<long?>("--seed") { Description = "The seed of NumPy's RandomState the latents and labels are drawn from (default 2020, torch-fidelity's)." };
        OwnsSeed = seed is null;
        if (seed is not null) seed.Description += "; with an ONNX generator input, also the seed its latents (and ppl's latent pairs) are drawn from, as torch-fidelity's rng_seed";
    }

    public Option<long?> Seed { get; }

    private bool OwnsSeed { get; }

    public Option<int?> ZDim { get; } = new("--z-dim") { Description = "generator: the latent size (default: the model's latent input size, when fixed)." };

    public Option<string?> ZType { get; } = new("--z-type") { Description = "generator: how latents are drawn: normal (default: randn), unit (rand, rows normalised), uniform_0_1 (rand); torch-fidelity's z_type." };

    public Option<string?> Latents { get; } = new("--latents") { Description = "generator: explicit latents instead of drawn ones: an .npy of N x z floats, an .npz or .zip with 'latents' (and 'labels'), or a folder with latents.npy (and labels.npy), as sample --save-latents writes them." };

    public Option<int?> NumClasses { get; } = new("--num-classes") { Description = "generator: a conditional model's number of classes K; its second input gets labels drawn as randint(0, K) from the same RandomState." };

    public Option<double?> Truncation { get; } = new("--truncation") { Description = "generator: truncation psi: latents scaled toward their mean (0; 0.5 for uniform_0_1) before the model, mu + psi (z - mu). Truncation in an intermediate space (StyleGAN's w) must be built into the exported model." };

    public Option<string?> OutputRange { get; } = new("--output-range") { Description = "generator: the range of a float32 output, -1,1 or 0,1, converted to uint8 as StyleGAN does ((x + 1) * 127.5 + 0.5, clamped, truncated); a uint8 output needs none." };

    public Option<int?> DrawBatchSize { get; } = new("--draw-batch-size") { Description = "generator: a conditional model's labels are drawn after each block of this many latents, as torch-fidelity draws them per batch (its batch_size, default 64)." };

    public void AddTo(Command command)
    {
        if (OwnsSeed) command.Options.Add(Seed);
        foreach (var o in (Option[])[ZDim, ZType, Latents, NumClasses, Truncation, OutputRange, DrawBatchSize]) command.Options.Add(o);
    }

    /// <summary>The generator options given (the seed apart), for a command without generator inputs to refuse.</summary>
    public IEnumerable<string> Given(ParseResult p) =>
        ((Option[])[ZDim, ZType, Latents, NumClasses, Truncation, OutputRange, DrawBatchSize]).Where(o => p.GetResult(o) is { Implicit: false }).Select(o => o.Name);

    /// <summary>The options for a generator drawing <paramref name="numSamples"/> samples (null: as many as --latents holds).</summary>
    public GeneratorOptions Create(ParseResult p, int? numSamples)
    {
        var o = new GeneratorOptions { NumSamples = numSamples };
        if (p.GetValue(Seed) is { } seed) o = o with { Seed = seed };
        if (p.GetValue(ZDim) is { } z) o = o with { LatentSize = z };
        if (p.GetValue(ZType) is { } type) o = o with { Distribution = ParseZType(type) };
        if (p.GetValue(Latents) is { } latents) o = o with { LatentsPath = latents };
        if (p.GetValue(NumClasses) is { } k) o = o with { NumClasses = k };
        if (p.GetValue(Truncation) is { } psi) o = o with { Truncation = psi };
        if (p.GetValue(OutputRange) is { } range) o = o with { OutputRange = ParseRange(range) };
        if (p.GetValue(DrawBatchSize) is { } draw) o = o with { DrawBatchSize = draw };
        if (o.NumSamples is null && o.LatentsPath is null)
            throw new InputException("--num-samples: needed with a generator input: how many samples to draw (torch-fidelity's input1_model_num_samples)");
        return o;
    }

    /// <summary>Whether a path names an ONNX generator (by extension, as torch-fidelity decides).</summary>
    public static bool IsGenerator(string path) => path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) && File.Exists(path);

    private static LatentDistribution ParseZType(string text) => text.Trim().ToLowerInvariant() switch
    {
        "normal" => LatentDistribution.Normal,
        "unit" => LatentDistribution.Unit,
        "uniform_0_1" or "uniform-0-1" or "uniform01" => LatentDistribution.Uniform01,
        _ => throw new InputException($"--z-type '{text}': expected normal, unit or uniform_0_1"),
    };

    private static GeneratorOutputRange ParseRange(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lo)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var hi))
        {
            if (lo == -1 && hi == 1) return GeneratorOutputRange.MinusOneToOne;
            if (lo == 0 && hi == 1) return GeneratorOutputRange.ZeroToOne;
        }
        if (text.Trim().Equals("uint8", StringComparison.OrdinalIgnoreCase)) return GeneratorOutputRange.Uint8;
        throw new InputException($"--output-range '{text}': expected -1,1 or 0,1 (the range of a float32 output; a uint8 output needs none)");
    }
}
