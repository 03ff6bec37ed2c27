using GenMetrics.Encoders;

namespace GenMetrics.Metrics.Paired;

/// <summary>Options of <c>lpips</c> and <c>lpips_diversity</c>: the network and its two weights files.</summary>
/// <param name="Net">The backbone (lpips' <c>net</c>): AlexNet by default, as lpips.</param>
/// <param name="Weights">The torchvision backbone state_dict (alexnet-owt-7be5be79.pth, vgg16-397923af.pth,
/// squeezenet1_1-b8a52dc0.pth); null: the verified copy in the weights cache, downloaded on first use.</param>
/// <param name="LpipsWeights">The LPIPS v0.1 linear layers (lpips' weights/v0.1/NET.pth, or torch-fidelity's
/// weights-vgg16-lpips.pth), or one whole LPIPS module's state_dict with the backbone inside (then no backbone file is
/// read); null: the verified copy in the weights cache, downloaded on first use.</param>
/// <param name="BatchSize">Pairs per network run (results do not depend on it beyond float32 rounding, ~1e-7).</param>
public sealed record LpipsOptions(LpipsNet Net = LpipsNet.Alex, string? Weights = null, string? LpipsWeights = null, int BatchSize = 8)
{
    /// <summary>Receives download and hashing progress of the weights.</summary>
    public IProgress<DownloadProgress>? DownloadProgress { get; init; }
}
