using System.Text.Json.Nodes;
using GenMetrics.Evaluation;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>
/// <c>fd_inf</c> as a registry metric: <see cref="FdInfinity"/>, FID extrapolated to an infinite generated set. The
/// real set may be statistics (only its mean and covariance are used).
/// </summary>
public sealed class FdInfinityMetric : IMetric
{
    private static readonly FdInfOptions s_defaults = new();

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo("fd_inf", "FID extrapolated to infinitely many samples (FID-infinity)",
            "dgm-eval compute_FD_infinity (Chong and Forsyth 2020): 15 sizes linspace(min(5000, max(N // 10, 2)), N), generated rows RandomState(2020).choice(N, n, replace=False) (dgm-eval: unseeded), FID against the whole real set, least-squares intercept in 1 / n",
            [
                new(FdInfinity.Key, KeyDirection.LowerIsBetter, "intercept of FID_n = a + b / n: FID without the bias of a finite generated set")
                {
                    WithoutInterval = "it draws its own subsets of the generated set, whose size in distinct samples is what it extrapolates in; a resample's repeats would shrink them",
                },
            ],
            [InputRole.Real, InputRole.Generated]),
        s_defaults, o => new FdInfinityMetric(o),
        MetricParameter<FdInfOptions>.Of("fd_inf_points", "FD-infinity: the number of sample sizes the line is fitted to", s_defaults,
            o => o.Points, (o, v) => o with { Points = v }),
        MetricParameter<FdInfOptions>.Of("seed", SharedParameters.SeedDescription, s_defaults, o => o.Seed, (o, v) => o with { Seed = v }));

    /// <summary>Creates the metric; the options are checked here, before any work.</summary>
    /// <exception cref="InputException">Fewer than 2 points (setting <c>fd_inf_points</c>) or a seed outside [0, 2^32) (<c>seed</c>).</exception>
    public FdInfinityMetric(FdInfOptions? options = null)
    {
        Options = options ?? s_defaults;
        if (Options.Points < 2) throw InputException.ForSetting("fd_inf_points", $"{Options.Points}, but a line needs at least 2 sample sizes");
        RandomState.FromSeed(Options.Seed, "seed");
    }

    /// <summary>The options.</summary>
    public FdInfOptions Options { get; }

    /// <inheritdoc/>
    public MetricInfo Info => Definition.Info;

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var real = set.Require(InputRole.Real, Info.Name);
        var generated = set.Require(InputRole.Generated, Info.Name).RequireFeatures(Info.Name);
        var r = FdInfinity.Compute(real.Statistics(), generated, Options);
        var details = new JsonObject
        {
            ["sample_sizes"] = new JsonArray([.. r.SampleSizes.Select(n => (JsonNode)n)]),
            ["fids"] = new JsonArray([.. r.Fids.Select(f => (JsonNode)f)]),
            ["slope"] = r.Slope,
        };
        var warnings = new List<string>();
        if (generated.Rows <= generated.Columns)
            warnings.Add($"fd_inf: {generated.Source} has N={generated.Rows} <= d={generated.Columns}: every subset's covariance is singular, and the line through 1 / n extrapolates from strongly biased FIDs");
        return new MetricResult([new(FdInfinity.Key, r.Value)],
        [
            Setting.Of("points", Options.Points),
            Setting.Of("seed", Options.Seed),
            Setting.Of("draw", "numpy RandomState(seed).choice(N, n, replace=False) per size, in increasing order"),
        ], warnings, details);
    }
}
