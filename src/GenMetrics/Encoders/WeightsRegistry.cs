using System.Collections.Frozen;

namespace GenMetrics.Encoders;

/// <summary>The weights files GenMetrics knows how to download and verify (STYLE rule 5: an explicit table).</summary>
internal static class WeightsRegistry
{
    /// <summary>The FID InceptionV3 (TF graph of 2015-12-05 converted to a PyTorch state_dict by pytorch-fid).</summary>
    public const string InceptionFid = "inception-2015-12-05";

    // pytorch-fid src/pytorch_fid/inception.py L13 (FID_WEIGHTS_URL); clean-fid uses the same file. The suffix
    // 6726825d is torch.hub's SHA-256 prefix; pytorch-fid itself downloads with check_hash=False.
    public static readonly FrozenDictionary<string, WeightsInfo> Known = new Dictionary<string, WeightsInfo>
    {
        [InceptionFid] = new(InceptionFid,
            UrlBase: "https://github.com/mseitzer/pytorch-fid/releases/download/fid_weights/",
            FileName: "pt_inception-2015-12-05-6726825d.pth",
            Sha256Prefix: "6726825d",
            ApproximateBytes: 95_600_000),
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
