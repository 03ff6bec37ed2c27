using System.Text.Json.Nodes;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Samples;

namespace GenMetrics.Metrics;

/// <summary>
/// <c>ppl</c> as a registry metric: perceptual path length of the generator input, as torch-fidelity 5e211a9
/// <c>metric_ppl.py</c> computes it (see <see cref="Convention"/>). The number of latent pairs, their distribution, the
/// seed and the classes are the generator's options; truncation, when set, applies to both latents of a pair.
/// </summary>
public sealed class PplMetric : IMetric
{
    private static readonly PplOptions s_defaults = new();

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo("ppl", "Perceptual path length", Convention,
            [
                new(Ppl.MeanKey, KeyDirection.LowerIsBetter, "mean LPIPS / epsilon^2 between the images of latents epsilon apart, after the 1st/99th percentile filter"),
                new(Ppl.StdKey, KeyDirection.Neither, "their standard deviation (ddof 0)"),
            ],
            [InputRole.Generator]),
        s_defaults, o => new PplMetric(o),
        MetricParameter<PplOptions>.Of("ppl_epsilon", "PPL: the latent step epsilon (distances are divided by epsilon^2)", s_defaults, o => o.Epsilon, (o, v) => o with { Epsilon = v }),
        MetricParameter<PplOptions>.Of("ppl_interp", "PPL: how the second latent is placed: lerp, slerp_any or slerp_unit (torch-fidelity's)", s_defaults,
            o => o.Interpolation, (o, v) => o with { Interpolation = v }),
        MetricParameter<PplOptions>.Of("lpips_weights", "PPL: the LPIPS-VGG16 linear layers (.pth: torch-fidelity's weights-vgg16-lpips.pth, or a whole LPIPS module's state_dict with its backbone; empty: the weights cache, downloaded once)",
            s_defaults, o => o.LpipsWeights ?? "", (o, v) => o with { LpipsWeights = v.Length == 0 ? null : v }),
        MetricParameter<PplOptions>.Of("lpips_backbone", "PPL: torchvision's VGG16 weights (vgg16-397923af.pth; empty: the weights cache, downloaded once)",
            s_defaults, o => o.LpipsBackbone ?? "", (o, v) => o with { LpipsBackbone = v.Length == 0 ? null : v }));

    // The reference convention, as help and results show it.
    internal const string Convention =
        "torch-fidelity metric_ppl.py: e0, e1 from RandomState(seed) (e1 drawn after e0, the generator's z_type), e1 = interp(e0, e1, epsilon) (lerp, epsilon 1e-4), " +
        "labels randint(0, K) after both; the generator's uint8 images of both; LPIPS-VGG16 as sample_similarity_lpips.py (uint8 normalised, resized to 64 x 64: " +
        "area averaging when both sides > 64, else bilinear); distance = LPIPS / epsilon^2; values below the 1st percentile ('lower') and above the 99th ('higher') " +
        "discarded; mean and std (ddof 0, float64)";

    /// <summary>Creates the metric; the options are checked here, before any work (files are read when it runs).</summary>
    /// <exception cref="InputException">An option is out of range or a weights file does not exist; the message names the setting.</exception>
    public PplMetric(PplOptions? options = null)
    {
        Options = options ?? s_defaults;
        Validate(Options);
    }

    /// <summary>The options.</summary>
    public PplOptions Options { get; }

    /// <inheritdoc/>
    public MetricInfo Info => Definition.Info;

    /// <inheritdoc/>
    /// <exception cref="InputException">No generator, no sample count, or unusable weights.</exception>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var g = set.RequireGenerator(Info.Name);
        var o = Options;
        var go = g.Options;
        int n = go.NumSamples ?? throw InputException.ForSetting("num_samples", $"needed: {Info.Name} draws that many latent pairs for {g.Path} (torch-fidelity requires it too)");
        var warnings = new List<string>();
        if (go.LatentsPath is not null)
            warnings.Add($"{Info.Name}: draws its own latent pairs from RandomState({go.Seed}) as torch-fidelity does; the latents file {go.LatentsPath} is not used for it");
        var (e0, e1, labels) = Ppl.Latents(n, g.LatentSize, go.Distribution, g.NumClasses, go.Seed, o.Epsilon, o.Interpolation);
        var (model, files) = LpipsModel.OpenTorchFidelity(o.LpipsBackbone, o.LpipsWeights, progress: o.DownloadProgress, batchSize: o.BatchSize);
        float[] distances;
        using (model) distances = Ppl.Distances(g, e0, e1, labels, o.Epsilon, model, o.BatchSize, o.Progress);
        var s = Ppl.Summarize(distances, o.DiscardLowerPercentile, o.DiscardHigherPercentile);

        var settings = new List<Setting>
        {
            Setting.Of("num_samples", n),
            Setting.Of("epsilon", o.Epsilon),
            Setting.Of("interpolation", Latents.Name(o.Interpolation)),
            Setting.Of("z_type", Latents.Name(go.Distribution)),
            Setting.Of("seed", go.Seed),
            Setting.Of("num_classes", g.NumClasses),
            Setting.Of("truncation", go.Truncation),
            Setting.Of("similarity", "lpips-vgg16 (torch-fidelity sample_similarity_lpips.py)"),
            Setting.Of("similarity_resize", TorchFidelityLpips.Size),
            Setting.Of("similarity_dtype", "uint8"),
            Setting.Of("discard_percentile_lower", o.DiscardLowerPercentile),
            Setting.Of("discard_percentile_higher", o.DiscardHigherPercentile),
        };
        foreach (var f in files)
        {
            var what = f.Name.EndsWith("-module", StringComparison.Ordinal) ? "lpips_module" : f.Name == WeightsRegistry.Vgg16 ? "lpips_backbone" : "lpips_weights";
            settings.Add(Setting.Of(what, Path.GetFileName(f.Path)));
            settings.Add(Setting.Of(what + "_sha256", f.Sha256));
            if (!f.MatchesExpected) warnings.Add(NotCanonical(f));
        }
        int zeros = 0;
        foreach (var d in distances) if (d == 0) zeros++;
        var details = new JsonObject
        {
            ["kept"] = s.Kept,
            ["lower_bound"] = (double)s.Lower,
            ["upper_bound"] = (double)s.Upper,
            ["zero_distances"] = zeros,
        };
        return new MetricResult([new(Ppl.MeanKey, s.Mean), new(Ppl.StdKey, s.Std)], settings, warnings, details);
    }

    private string NotCanonical(WeightsFile f)
    {
        var info = WeightsRegistry.Get(f.Name);
        return f.Name == WeightsRegistry.Vgg16
            ? $"{Info.Name}: backbone weights {f.Path}: SHA-256 {f.Sha256[..12]}... does not start with {info.Sha256Prefix}: not torchvision's {info.FileName}, so values are not comparable with torch-fidelity's"
            : $"{Info.Name}: linear weights {f.Path}: SHA-256 {f.Sha256[..12]}... is not torch-fidelity's {info.FileName} ({info.Sha256Prefix[..12]}...): values equal torch-fidelity's only if it holds the same weights";
    }

    private static void Validate(PplOptions o)
    {
        if (!double.IsFinite(o.Epsilon) || o.Epsilon <= 0) throw InputException.ForSetting("ppl_epsilon", $"must be a small positive number, got {o.Epsilon}");
        if (!Enum.IsDefined(o.Interpolation)) throw InputException.ForSetting("ppl_interp", $"unknown interpolation {(int)o.Interpolation}");
        if (!(0 < o.DiscardLowerPercentile && o.DiscardLowerPercentile < o.DiscardHigherPercentile && o.DiscardHigherPercentile < 100))
            throw InputException.ForSetting("ppl_discard_percentiles", $"need 0 < lower < higher < 100, got {o.DiscardLowerPercentile} and {o.DiscardHigherPercentile}");
        if (o.BatchSize < 1) throw InputException.ForSetting("batch_size", $"must be at least 1, got {o.BatchSize}");
        foreach (var (setting, path) in (ReadOnlySpan<(string, string?)>)[("lpips_backbone", o.LpipsBackbone), ("lpips_weights", o.LpipsWeights)])
        {
            if (path is null) continue;
            if (Directory.Exists(path)) throw InputException.ForSetting(setting, $"{path}: is a folder, expected a .pth file");
            if (!File.Exists(path)) throw InputException.ForSetting(setting, $"{path}: file not found");
        }
    }
}
