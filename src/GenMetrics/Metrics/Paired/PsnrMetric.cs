using GenMetrics.Evaluation;

namespace GenMetrics.Metrics.Paired;

/// <summary>
/// <c>psnr</c> as a registry metric: PSNR of the image pairs with data in [0, 1] (x / 255), as piq's <c>psnr</c> (per
/// pair −10·log10(MSE + 1e-8), then the mean over pairs; identical images give 80 dB) or torchmetrics'
/// <c>PeakSignalNoiseRatio(data_range=1.0)</c> (the squared errors of all pairs pooled first; identical images give
/// +∞, which JSON writes as null, with a warning).
/// </summary>
public sealed class PsnrMetric : IMetric
{
    private static readonly PsnrOptions s_defaults = new();

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo("psnr", "Peak signal-to-noise ratio (PSNR)",
            $"{Convention(PsnrConvention.Piq)} (default); or torchmetrics' pooled PSNR (the convention setting)",
            [new(Psnr.Key, KeyDirection.HigherIsBetter, "PSNR in dB over the image pairs")],
            [InputRole.Pairs]),
        s_defaults, o => new PsnrMetric(o),
        MetricParameter<PsnrOptions>.Of("convention", "whose PSNR over a set: piq (mean of per-pair PSNRs, 80 dB for identical images) or torchmetrics (pooled MSE, +inf for identical images)",
            s_defaults, o => o.Convention, (o, v) => o with { Convention = v }),
        MetricParameter<PsnrOptions>.Of("greyscale", "compare the luma Y = 0.299 R + 0.587 G + 0.114 B instead of the three RGB channels",
            s_defaults, o => o.Greyscale, (o, v) => o with { Greyscale = v }));

    /// <summary>Creates the metric.</summary>
    /// <exception cref="InputException">The convention is not one of <see cref="PsnrConvention"/>'s (setting <c>convention</c>).</exception>
    public PsnrMetric(PsnrOptions? options = null)
    {
        Options = options ?? s_defaults;
        if (!Enum.IsDefined(Options.Convention)) throw InputException.ForSetting("convention", $"unknown PSNR convention {(int)Options.Convention}");
        Info = Definition.Info with { Convention = Convention(Options.Convention) };
    }

    /// <summary>The options.</summary>
    public PsnrOptions Options { get; }

    /// <inheritdoc/>
    public MetricInfo Info { get; }

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var pairs = set.RequirePairs(Info.Name);
        var runner = new PairedRunner(pairs, Info.Name);
        var errors = runner.Score((a, b) => Psnr.SquaredErrorOf(a, b, Options.Greyscale), sameChannels: !Options.Greyscale);
        bool torchmetrics = Options.Convention == PsnrConvention.Torchmetrics;
        double value = Psnr.OfSet(errors, Options.Convention);
        var perPair = Array.ConvertAll(errors, e => torchmetrics ? Psnr.FromPooled(e) : Psnr.FromMse(e.Mean));
        var warnings = new List<string>(runner.Warnings);
        if (double.IsPositiveInfinity(value))
            warnings.Add($"psnr: every pair of {pairs.Name} is identical, so torchmetrics' PSNR (no epsilon) is +inf; JSON has no infinity and writes it as null (piq's convention gives 80 dB)");
        return new MetricResult([new(Psnr.Key, value)],
        [
            Setting.Of("convention", torchmetrics ? "torchmetrics" : "piq"), Setting.Of("greyscale", Options.Greyscale), Setting.Of("data_range", 1.0),
            torchmetrics ? Setting.Of("reduction", "squared errors of all pairs pooled, then PSNR") : Setting.Of("reduction", "mean of per-pair PSNRs"),
            Setting.Of("epsilon", torchmetrics ? 0.0 : Psnr.Epsilon),
        ], warnings)
        {
            ItemValues = runner.Items(perPair),
        };
    }

    private static string Convention(PsnrConvention c) => c == PsnrConvention.Torchmetrics
        ? "torchmetrics PeakSignalNoiseRatio(data_range=1.0): 10 log10(1 / MSE) of the squared errors of all pairs pooled, no epsilon (+inf for identical images)"
        : "piq 0.8 psnr(data_range=1.): per pair -10 log10(MSE + 1e-8) (80 dB for identical images), then the mean over pairs";
}
