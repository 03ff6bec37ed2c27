using GenMetrics.Evaluation;

namespace GenMetrics.Metrics.Paired;

/// <summary>
/// <c>lpips_diversity</c> as a registry metric: the mean LPIPS over pairs of distinct images drawn at random from one
/// generated set (the diversity measure of BicycleGAN / MUNIT-style multimodal translation papers). Its input is
/// <see cref="ImagePairs.Draw(Samples.ISampleSource, int, uint, IProgress{ExtractionProgress}?)"/>'s pairs (1000 by
/// default, NumPy RandomState(2020)); the network and weights are <c>lpips</c>'s.
/// </summary>
public sealed class LpipsDiversityMetric : IMetric
{
    private static readonly LpipsOptions s_defaults = new();

    /// <summary>The number of pairs drawn by default.</summary>
    public const int DefaultPairs = LpipsDiversity.DefaultPairs;

    /// <summary>The seed of NumPy's RandomState that draws them by default.</summary>
    public const uint DefaultSeed = LpipsDiversity.DefaultSeed;

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo("lpips_diversity", "LPIPS diversity",
            "mean LPIPS over N random pairs of distinct images of one set (BicycleGAN, MUNIT); pairs drawn with NumPy RandomState(seed): " +
            "i = randint(0, n, N), j = randint(0, n - 1, N), j += (j >= i); LPIPS as lpips: " + LpipsMetric.Convention,
            [new(LpipsDiversity.Key, KeyDirection.HigherIsBetter, "mean LPIPS between random pairs of distinct images of the set (higher: more diverse)")],
            [InputRole.Pairs]) { Aliases = ["lpips-diversity"] },
        s_defaults, o => new LpipsDiversityMetric(o), LpipsMetric.Parameters(s_defaults));

    /// <summary>Creates the metric; the options are checked here, before any work.</summary>
    /// <exception cref="InputException">An option is out of range or a weights file does not exist; the message names the setting.</exception>
    public LpipsDiversityMetric(LpipsOptions? options = null)
    {
        Options = options ?? s_defaults;
        LpipsMetric.Validate(Options);
    }

    /// <summary>The options.</summary>
    public LpipsOptions Options { get; }

    /// <inheritdoc/>
    public MetricInfo Info => Definition.Info;

    /// <inheritdoc/>
    /// <exception cref="InputException">The pairs were not drawn from one set.</exception>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var pairs = set.RequirePairs(Info.Name);
        var sampling = pairs.Sampling ?? throw new InputException(
            $"{Info.Name}: needs pairs drawn from one set (ImagePairs.Draw), but {pairs.Name} are matched pairs; their mean LPIPS is the lpips metric");
        var (values, settings, warnings, runner) = LpipsMetric.Run(pairs, Options, Info.Name);
        settings.InsertRange(0, [Setting.Of("pairs", sampling.Pairs), Setting.Of("seed", sampling.Seed), Setting.Of("set_size", sampling.SetSize)]);
        return new MetricResult([new(LpipsDiversity.Key, PairedScores.Mean(values))], settings, warnings) { ItemValues = runner.Items(values) };
    }
}
