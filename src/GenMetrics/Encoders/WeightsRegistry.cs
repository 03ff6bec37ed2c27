using System.Collections.Frozen;

namespace GenMetrics.Encoders;

/// <summary>The weights files GenMetrics knows how to download and verify (STYLE rule 5: an explicit table).</summary>
internal static class WeightsRegistry
{
    /// <summary>The FID InceptionV3 (TF graph of 2015-12-05 converted to a PyTorch state_dict by pytorch-fid).</summary>
    public const string InceptionFid = "inception-2015-12-05";

    /// <summary>torchvision's ImageNet backbones that LPIPS taps (lpips' pretrained_networks.py loads these files).</summary>
    public const string AlexNet = "alexnet-owt-7be5be79", Vgg16 = "vgg16-397923af", SqueezeNet11 = "squeezenet1_1-b8a52dc0";

    /// <summary>LPIPS v0.1 linear layers (richzhang/PerceptualSimilarity lpips/weights/v0.1, BSD-2-Clause).</summary>
    public const string LpipsAlex = "lpips-v0.1-alex", LpipsVgg = "lpips-v0.1-vgg", LpipsSqueeze = "lpips-v0.1-squeeze";

    /// <summary>
    /// torch-fidelity's copy of the LPIPS v0.1 VGG16 linear layers, which its perceptual path length loads
    /// (torch-fidelity 5e211a9 <c>sample_similarity_lpips.py</c> <c>URL_VGG16_LPIPS</c>).
    /// </summary>
    public const string TorchFidelityLpipsVgg = "torch-fidelity-vgg16-lpips";

    private const string TorchvisionModels = "https://download.pytorch.org/models/";
    private const string LpipsV01 = "https://github.com/richzhang/PerceptualSimilarity/raw/master/lpips/weights/v0.1/";

    // pytorch-fid src/pytorch_fid/inception.py L13 (FID_WEIGHTS_URL); clean-fid uses the same file. The suffix
    // 6726825d is torch.hub's SHA-256 prefix; pytorch-fid itself downloads with check_hash=False.
    public static readonly FrozenDictionary<string, WeightsInfo> Known = new Dictionary<string, WeightsInfo>
    {
        [InceptionFid] = new(InceptionFid,
            UrlBase: "https://github.com/mseitzer/pytorch-fid/releases/download/fid_weights/",
            FileName: "pt_inception-2015-12-05-6726825d.pth",
            Sha256Prefix: "6726825d",
            ApproximateBytes: 95_600_000),
        // torchvision's model URLs (torchvision/models/{alexnet,vgg,squeezenet}.py); the hex suffix is torch.hub's
        // SHA-256 prefix (torchvision loads them with check_hash=True).
        [AlexNet] = new(AlexNet, TorchvisionModels, "alexnet-owt-7be5be79.pth", "7be5be79", 244_400_000),
        [Vgg16] = new(Vgg16, TorchvisionModels, "vgg16-397923af.pth", "397923af", 553_400_000),
        [SqueezeNet11] = new(SqueezeNet11, TorchvisionModels, "squeezenet1_1-b8a52dc0.pth", "b8a52dc0", 4_970_000),
        // The full SHA-256 of each file as committed in PerceptualSimilarity 082bb24 (see ../shared/fixtures/lpips/README.md).
        [LpipsAlex] = new(LpipsAlex, LpipsV01, "alex.pth", "df73285e35b22355a2df87cdb6b70b343713b667eddbda73e1977e0c860835c0", 6009) { Setting = "lpips_weights" },
        [LpipsVgg] = new(LpipsVgg, LpipsV01, "vgg.pth", "a78928a0af1e5f0fcb1f3b9e8f8c3a2a5a3de244d830ad5c1feddc79b8432868", 7289) { Setting = "lpips_weights" },
        [LpipsSqueeze] = new(LpipsSqueeze, LpipsV01, "squeeze.pth", "4a5350f23600cb79923ce65bb07cbf57dca461329894153e05a1346bd531cf76", 10811) { Setting = "lpips_weights" },
        // torch-fidelity's re-upload of lpips' v0.1 vgg.pth ("VGG16 LPIPS original weights re-uploaded from ...
        // lpips/weights/v0.1/vgg.pth"): the same five lin{t}.model.1.weight tensors, and, by a third-party download
        // script that verifies it, the same bytes (SHA-256 a78928a0..., that of lpips' vgg.pth; not downloaded here).
        [TorchFidelityLpipsVgg] = new(TorchFidelityLpipsVgg, "https://github.com/toshas/torch-fidelity/releases/download/v0.2.0/", "weights-vgg16-lpips.pth",
            "a78928a0af1e5f0fcb1f3b9e8f8c3a2a5a3de244d830ad5c1feddc79b8432868", 7289) { Setting = "lpips_weights" },
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The entry for <paramref name="name"/> in <paramref name="table"/>; an unknown name lists the known ones.</summary>
    public static WeightsInfo Get(string name, IReadOnlyDictionary<string, WeightsInfo>? table = null)
    {
        table ??= Known;
        if (table.TryGetValue(name, out var info)) return info;
        var names = table.Keys.Order(StringComparer.Ordinal);
        throw new InputException($"weights '{name}': unknown name; known weights: {string.Join(", ", names)}");
    }
}
