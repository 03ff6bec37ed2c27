using GenMetrics.Evaluation;

namespace GenMetrics.Metrics.Paired;

/// <summary>
/// <c>ssim</c> as a registry metric: the mean SSIM over the image pairs (the <see cref="InputRole.Pairs"/> input), in
/// piq's convention (= MATLAB ssim.m) or skimage's or torchmetrics' (<see cref="SsimOptions.Convention"/>), each equal
/// to its library within 1e-6 (measured: 2e-13). Images are uint8 scaled to [0, 1] (x / 255, data_range 1).
/// </summary>
public sealed class SsimMetric : IMetric
{
    private static readonly SsimOptions s_defaults = new();

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo("ssim", "Structural similarity (SSIM)",
            $"{Convention(SsimConvention.Piq)} (default); or skimage's or torchmetrics' SSIM (the convention setting)",
            [new(Ssim.Key, KeyDirection.HigherIsBetter, "mean SSIM over the image pairs (1 for identical images)")],
            [InputRole.Pairs]),
        s_defaults, o => new SsimMetric(o),
        MetricParameter<SsimOptions>.Of("convention", "whose SSIM: piq (= MATLAB ssim.m), skimage (structural_similarity) or torchmetrics",
            s_defaults, o => o.Convention, (o, v) => o with { Convention = v }),
        MetricParameter<SsimOptions>.Of("greyscale", "compare the luma Y = 0.299 R + 0.587 G + 0.114 B instead of the three RGB channels",
            s_defaults, o => o.Greyscale, (o, v) => o with { Greyscale = v }));

    /// <summary>Creates the metric.</summary>
    /// <exception cref="InputException">The convention is not one of <see cref="SsimConvention"/>'s (setting <c>convention</c>).</exception>
    public SsimMetric(SsimOptions? options = null)
    {
        Options = options ?? s_defaults;
        if (!Enum.IsDefined(Options.Convention)) throw InputException.ForSetting("convention", $"unknown SSIM convention {(int)Options.Convention}");
        Info = Definition.Info with { Convention = Convention(Options.Convention) };
    }

    /// <summary>The options.</summary>
    public SsimOptions Options { get; }

    /// <inheritdoc/>
    public MetricInfo Info { get; }

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var pairs = set.RequirePairs(Info.Name);
        var runner = new PairedRunner(pairs, Info.Name);
        var values = runner.Score((a, b) => Ssim.Compute(a, b, Options), sameChannels: !Options.Greyscale);
        return new MetricResult([new(Ssim.Key, PairedScores.Mean(values))], Settings(Options), runner.Warnings)
        {
            ItemValues = runner.Items(values),
        };
    }

    private static Setting[] Settings(SsimOptions o) => o.Convention switch
    {
        SsimConvention.Skimage =>
        [
            Setting.Of("convention", "skimage"), Setting.Of("greyscale", o.Greyscale), Setting.Of("data_range", 1.0),
            Setting.Of("window", "uniform 7 x 7"), Setting.Of("k1", 0.01), Setting.Of("k2", 0.03), Setting.Of("covariance", "sample (ddof 1)"),
        ],
        SsimConvention.Torchmetrics =>
        [
            Setting.Of("convention", "torchmetrics"), Setting.Of("greyscale", o.Greyscale), Setting.Of("data_range", 1.0),
            Setting.Of("window", "gaussian 11 x 11, sigma 1.5"), Setting.Of("k1", 0.01), Setting.Of("k2", 0.03), Setting.Of("padding", "reflect 5"),
        ],
        _ =>
        [
            Setting.Of("convention", "piq"), Setting.Of("greyscale", o.Greyscale), Setting.Of("data_range", 1.0),
            Setting.Of("window", "gaussian 11 x 11, sigma 1.5"), Setting.Of("k1", 0.01), Setting.Of("k2", 0.03),
            Setting.Of("downsample", "f x f average pool, f = max(1, round(min(H, W) / 256))"),
        ],
    };

    private static string Convention(SsimConvention c) => c switch
    {
        SsimConvention.Skimage => "scikit-image 0.19 structural_similarity(channel_axis=2, data_range=1.0): 7 x 7 uniform window, sample covariance (x 49/48), K1 0.01, K2 0.03, valid window positions, mean over channels",
        SsimConvention.Torchmetrics => "torchmetrics >= 1.5 structural_similarity_index_measure(data_range=1.0): 11 x 11 Gaussian (sigma 1.5), reflect padding by 5, variances clamped at 0, mean over the whole padded-size map",
        _ => "piq 0.8 ssim(data_range=1.) = MATLAB ssim.m: 11 x 11 Gaussian (sigma 1.5), K1 0.01, K2 0.03, f x f average pool first (f = max(1, round(min(H, W) / 256))), valid window positions, mean over channels",
    };
}
