using GenMetrics.Evaluation;

namespace GenMetrics.Metrics.Paired;

/// <summary>
/// <c>ms_ssim</c> as a registry metric: the mean multi-scale SSIM over the image pairs, as piq's
/// <c>multi_scale_ssim</c> with its defaults (within 1e-6; measured 2e-13). Both sides of every image need at least
/// 161 pixels (five scales of an 11 x 11 window).
/// </summary>
public sealed class MsSsimMetric : IMetric
{
    private static readonly MsSsimOptions s_defaults = new();

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo("ms_ssim", "Multi-scale structural similarity (MS-SSIM)",
            "piq 0.8 multi_scale_ssim(data_range=1.): 11 x 11 Gaussian (sigma 1.5), K1 0.01, K2 0.03, scale weights 0.0448, 0.2856, 0.3001, " +
            "0.2363, 0.1333, replicate padding of odd sizes before each 2 x 2 average pool, ReLU on cs, cs at scales 1-4 and SSIM at scale 5, mean over channels",
            [new(MsSsim.Key, KeyDirection.HigherIsBetter, "mean MS-SSIM over the image pairs (1 for identical images)")],
            [InputRole.Pairs]) { Aliases = ["ms-ssim", "msssim"] },
        s_defaults, o => new MsSsimMetric(o),
        MetricParameter<MsSsimOptions>.Of("greyscale", "compare the luma Y = 0.299 R + 0.587 G + 0.114 B instead of the three RGB channels",
            s_defaults, o => o.Greyscale, (o, v) => o with { Greyscale = v }));

    /// <summary>Creates the metric.</summary>
    public MsSsimMetric(MsSsimOptions? options = null) => Options = options ?? s_defaults;

    /// <summary>The options.</summary>
    public MsSsimOptions Options { get; }

    /// <inheritdoc/>
    public MetricInfo Info => Definition.Info;

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var pairs = set.RequirePairs(Info.Name);
        var runner = new PairedRunner(pairs, Info.Name);
        var values = runner.Score((a, b) => MsSsim.Compute(a, b, Options.Greyscale), sameChannels: !Options.Greyscale);
        return new MetricResult([new(MsSsim.Key, PairedScores.Mean(values))],
        [
            Setting.Of("greyscale", Options.Greyscale), Setting.Of("data_range", 1.0), Setting.Of("window", "gaussian 11 x 11, sigma 1.5"),
            Setting.Of("k1", 0.01), Setting.Of("k2", 0.03), Setting.Of("scale_weights", string.Join(", ", MsSsim.Weights)),
        ], runner.Warnings)
        {
            ItemValues = runner.Items(values),
        };
    }
}
