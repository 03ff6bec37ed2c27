using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Samples;

namespace GenMetrics.Metrics;

/// <summary>
/// Options of <c>ppl</c>; defaults are torch-fidelity's (<c>ppl_epsilon</c>, <c>ppl_z_interp_mode</c>,
/// <c>ppl_discard_percentile_lower</c>/<c>_higher</c>, <c>batch_size</c>). The number of samples, the latent type, the
/// seed and the classes are the generator's (<see cref="GeneratorOptions"/>).
/// </summary>
/// <param name="Epsilon">The step between the two latents of a pair; distances are divided by its square.</param>
/// <param name="Interpolation">How the second latent is placed: lerp (default), slerp_any or slerp_unit.</param>
/// <param name="LpipsWeights">The LPIPS VGG16 linear layers: torch-fidelity's weights-vgg16-lpips.pth (lpips' v0.1
/// vgg.pth is the same file), or one whole LPIPS module's state_dict with the backbone inside; null: the weights store.</param>
/// <param name="LpipsBackbone">torchvision's VGG16 (vgg16-397923af.pth); null: the weights store.</param>
public sealed record PplOptions(double Epsilon = 1e-4, LatentInterpolation Interpolation = LatentInterpolation.Lerp,
    string? LpipsWeights = null, string? LpipsBackbone = null)
{
    /// <summary>Distances below this percentile (NumPy's 'lower' interpolation) are discarded (1).</summary>
    public double DiscardLowerPercentile { get; init; } = 1;

    /// <summary>Distances above this percentile (NumPy's 'higher' interpolation) are discarded (99).</summary>
    public double DiscardHigherPercentile { get; init; } = 99;

    /// <summary>Latent pairs per generator run (torch-fidelity's batch_size: the generator sees 2 x 64 latents); results do not depend on it.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Receives download and hashing progress of the weights.</summary>
    public IProgress<DownloadProgress>? DownloadProgress { get; init; }

    /// <summary>Receives the pairs scored so far (source: the generator).</summary>
    public IProgress<ExtractionProgress>? Progress { get; init; }
}
