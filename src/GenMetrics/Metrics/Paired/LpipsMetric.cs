using GenMetrics.Encoders;
using GenMetrics.Evaluation;

namespace GenMetrics.Metrics.Paired;

/// <summary>
/// <c>lpips</c> as a registry metric: the mean LPIPS v0.1 distance (Zhang et al. 2018) over the image pairs, equal to
/// the lpips package's <c>LPIPS(net=..., version='0.1')</c> on the same weights within 1e-5 (measured: 3e-8). Images
/// go in as lpips' <c>im2tensor</c> makes them: uint8 mapped to [−1, 1] as x / 127.5 − 1. The network is built as an
/// ONNX graph from the two weights files (<see cref="LpipsOptions"/>) and cached; pairs run in batches.
/// </summary>
public sealed class LpipsMetric : IMetric
{
    private static readonly LpipsOptions s_defaults = new();

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo("lpips", "Learned perceptual image patch similarity (LPIPS)", Convention,
            [new(Key, KeyDirection.LowerIsBetter, "mean LPIPS distance over the image pairs (0 for identical images)")],
            [InputRole.Pairs]),
        s_defaults, o => new LpipsMetric(o), Parameters(s_defaults));

    internal const string Key = "lpips";

    internal const string Convention =
        "lpips 0.1 (PerceptualSimilarity 082bb24) LPIPS(net='alex' by default, version='0.1'): input x / 127.5 - 1 ([-1, 1], im2tensor), " +
        "scaling layer, the backbone's ReLU taps, unit-normalised channels, squared difference, learned 1 x 1 linear layers, spatial mean, sum over taps; float32";

    /// <summary>Creates the metric; the options are checked here, before any work (files are read when it runs).</summary>
    /// <exception cref="InputException">An option is out of range or a weights file does not exist; the message names the setting.</exception>
    public LpipsMetric(LpipsOptions? options = null)
    {
        Options = options ?? s_defaults;
        Validate(Options);
    }

    /// <summary>The options.</summary>
    public LpipsOptions Options { get; }

    /// <inheritdoc/>
    public MetricInfo Info => Definition.Info;

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var pairs = set.RequirePairs(Info.Name);
        var (values, settings, warnings, runner) = Run(pairs, Options, Info.Name);
        return new MetricResult([new(Key, PairedScores.Mean(values))], settings, warnings) { ItemValues = runner.Items(values) };
    }

    internal static MetricParameter<LpipsOptions>[] Parameters(LpipsOptions defaults) =>
    [
        MetricParameter<LpipsOptions>.Of("net", "the LPIPS backbone: alex (lpips' default), vgg or squeeze", defaults, o => o.Net, (o, v) => o with { Net = v }),
        MetricParameter<LpipsOptions>.Of("weights", "the torchvision backbone weights (.pth: alexnet-owt-7be5be79, vgg16-397923af or squeezenet1_1-b8a52dc0; empty: the weights cache, downloaded once)",
            defaults, o => o.Weights ?? "", (o, v) => o with { Weights = v.Length == 0 ? null : v }),
        MetricParameter<LpipsOptions>.Of("lpips_weights", "the LPIPS v0.1 linear weights (.pth: lpips' weights/v0.1/NET.pth, torch-fidelity's weights-vgg16-lpips.pth, or a whole LPIPS module's state_dict, which needs no backbone file; empty: the weights cache, downloaded once)",
            defaults, o => o.LpipsWeights ?? "", (o, v) => o with { LpipsWeights = v.Length == 0 ? null : v }),
        MetricParameter<LpipsOptions>.Of("batch_size", "pairs per network run", defaults, o => o.BatchSize, (o, v) => o with { BatchSize = v }),
    ];

    internal static void Validate(LpipsOptions o)
    {
        if (!Enum.IsDefined(o.Net)) throw InputException.ForSetting("net", $"unknown LPIPS network {(int)o.Net}");
        if (o.BatchSize < 1) throw InputException.ForSetting("batch_size", $"must be at least 1, got {o.BatchSize}");
        foreach (var (setting, path) in (ReadOnlySpan<(string, string?)>)[("weights", o.Weights), ("lpips_weights", o.LpipsWeights)])
        {
            if (path is null) continue;
            if (Directory.Exists(path)) throw InputException.ForSetting(setting, $"{path}: is a folder, expected a .pth file");
            if (!File.Exists(path)) throw InputException.ForSetting(setting, $"{path}: file not found");
        }
    }

    /// <summary>Opens the network (weights from the store), scores every pair, and says what was used.</summary>
    internal static (double[] Values, List<Setting> Settings, List<string> Warnings, PairedRunner Runner) Run(ImagePairs pairs, LpipsOptions o, string metric)
    {
        var (model, files) = LpipsModel.Open(o.Net, o.Weights, o.LpipsWeights, progress: o.DownloadProgress, batchSize: o.BatchSize);
        var runner = new PairedRunner(pairs, metric);
        double[] values;
        using (model)
        {
            // Decode a few batches' worth of pairs at a time on the worker threads while the network runs the previous ones.
            int chunk = o.BatchSize * Math.Max(1, (Parallelism.Threads + o.BatchSize - 1) / o.BatchSize);
            values = runner.Chunked(chunk, model.Distances);
        }
        var settings = new List<Setting>
        {
            Setting.Of("net", o.Net.ToString().ToLowerInvariant()),
            Setting.Of("version", "0.1"),
            Setting.Of("input_range", "[-1, 1]: x / 127.5 - 1"),
        };
        var warnings = new List<string>(runner.Warnings);
        foreach (var f in files)
        {
            var what = f.Name.EndsWith("-module", StringComparison.Ordinal) ? "lpips_module" : f.Name.StartsWith("lpips-", StringComparison.Ordinal) ? "lpips_weights" : "backbone";
            settings.Add(Setting.Of(what, Path.GetFileName(f.Path)));
            settings.Add(Setting.Of(what + "_sha256", f.Sha256));
            if (!f.MatchesExpected) warnings.Add(NotCanonical(metric, f));
        }
        return (values, settings, warnings, runner);
    }

    private static string NotCanonical(string metric, WeightsFile f)
    {
        var info = WeightsRegistry.Get(f.Name);
        return f.Name.StartsWith("lpips-", StringComparison.Ordinal)
            ? $"{metric}: linear weights {f.Path}: SHA-256 {f.Sha256[..12]}... is not lpips' v0.1 {info.FileName} ({info.Sha256Prefix[..12]}...): values equal published LPIPS only if it holds the same weights (torch-fidelity's weights-vgg16-lpips.pth does)"
            : $"{metric}: backbone weights {f.Path}: SHA-256 {f.Sha256[..12]}... does not start with {info.Sha256Prefix}: not torchvision's {info.FileName}, so values are not comparable with published LPIPS";
    }
}
