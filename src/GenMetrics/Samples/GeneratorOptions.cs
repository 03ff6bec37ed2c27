namespace GenMetrics.Samples;

/// <summary>What a generator's output holds, and how it becomes uint8 pixels.</summary>
public enum GeneratorOutputRange
{
    /// <summary>uint8 N x C x H x W images, used as they are (what torch-fidelity requires of a generator).</summary>
    Uint8,

    /// <summary>Floats in [−1, 1], converted as StyleGAN does: (x + 1) · 127.5 + 0.5, computed as x · 127.5 + 128 in float32, clamped to [0, 255] and truncated.</summary>
    MinusOneToOne,

    /// <summary>Floats in [0, 1], converted as StyleGAN does for that range: x · 255 + 0.5 in float32, clamped to [0, 255] and truncated.</summary>
    ZeroToOne,
}

/// <summary>
/// How an ONNX generator is sampled (<see cref="OnnxGenerator.Open"/>). Defaults and names are torch-fidelity's
/// (<c>input1_model_*</c>, <c>rng_seed</c>, <c>batch_size</c>), so the default latents are the ones torch-fidelity
/// feeds the same model.
/// </summary>
public sealed record GeneratorOptions
{
    /// <summary>How many samples the generator draws (torch-fidelity's <c>input1_model_num_samples</c>); null: as many as <see cref="LatentsPath"/> holds.</summary>
    public int? NumSamples { get; init; }

    /// <summary>The latent size (<c>z_size</c>); null: read from the model's latent input, which must then be fixed.</summary>
    public int? LatentSize { get; init; }

    /// <summary>How latents are drawn (<c>z_type</c>; default normal).</summary>
    public LatentDistribution Distribution { get; init; } = LatentDistribution.Normal;

    /// <summary>The seed of NumPy's legacy <c>RandomState</c> the latents (and labels) are drawn from (torch-fidelity's <c>rng_seed</c>, 2020).</summary>
    public long Seed { get; init; } = 2020;

    /// <summary>The number of classes of a conditional model (0: unconditional). Its second input takes the labels, drawn as <c>randint(0, K)</c>.</summary>
    public int NumClasses { get; init; }

    /// <summary>
    /// Explicit latents instead of drawn ones: an .npy of N x z floats; an .npz (or .zip) holding <c>latents</c> and,
    /// for a conditional model, <c>labels</c>; or a folder holding <c>latents.npy</c> and <c>labels.npy</c> (what
    /// <see cref="SampleWriter"/> writes with the samples). Labels not given are drawn as
    /// <c>RandomState(seed).randint(0, K, N)</c>.
    /// </summary>
    public string? LatentsPath { get; init; }

    /// <summary>
    /// Truncation ψ: each latent moved toward its distribution's mean before the model, μ + ψ (z − μ) (μ = 0 for normal,
    /// 0.5 for uniform_0_1; undefined for unit latents). 1 (the default) leaves them alone. Models that truncate in an
    /// intermediate space (StyleGAN's w) must build that into the exported graph.
    /// </summary>
    public double Truncation { get; init; } = 1.0;

    /// <summary>The model's output: uint8 images (default) or floats in a range to convert.</summary>
    public GeneratorOutputRange OutputRange { get; init; } = GeneratorOutputRange.Uint8;

    /// <summary>
    /// torch-fidelity draws a conditional model's labels per batch, right after that batch's latents, so its
    /// <c>batch_size</c> (64) decides which draws are labels: this is that block size. Unconditional latents do not
    /// depend on it.
    /// </summary>
    public int DrawBatchSize { get; init; } = 64;

    /// <summary>Samples per model run (default: the model's fixed batch size, else 64). Results do not depend on it.</summary>
    public int? BatchSize { get; init; }

    /// <summary>Threads ONNX Runtime may use for the model (default: the <see cref="Parallelism"/> thread count).</summary>
    public int? Threads { get; init; }
}
