using GenMetrics.Evaluation;

namespace GenMetrics.Metrics;

/// <summary><c>kid</c> as a registry metric: <see cref="Kid"/> between the real and the generated features.</summary>
public sealed class KidMetric : IMetric
{
    private static readonly KidOptions s_defaults = new();

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo("kid", "Kernel Inception Distance",
            "torch-fidelity metric_kid.py: kernel (x.y/d + 1)^3, unbiased MMD^2, 100 subsets of 1000, RandomState(2020), generated subset drawn first, std ddof 0",
            [
                new(Kid.MeanKey, KeyDirection.LowerIsBetter, "mean of the per-subset unbiased MMD^2 estimates") { WithoutInterval = NoInterval },
                new(Kid.StdKey, KeyDirection.Neither, "their standard deviation (ddof 0)") { WithoutInterval = NoInterval },
            ],
            [InputRole.Real, InputRole.Generated]),
        s_defaults, o => new KidMetric(o),
        MetricParameter<KidOptions>.Of("kid_subsets", "KID: number of subsets", s_defaults, o => o.Subsets, (o, v) => o with { Subsets = v }),
        MetricParameter<KidOptions>.Of("kid_subset_size", "KID: samples per subset", s_defaults, o => o.SubsetSize, (o, v) => o with { SubsetSize = v }),
        MetricParameter<KidOptions>.Of("kid_clamp_subset_size", "KID: use min(N_real, N_generated, subset size) when a set is smaller (clean-fid, StyleGAN2-ADA) instead of failing (torch-fidelity)",
            s_defaults, o => o.ClampSubsetSize, (o, v) => o with { ClampSubsetSize = v }),
        MetricParameter<KidOptions>.Of("kid_degree", "KID: degree of the polynomial kernel", s_defaults, o => o.Degree, (o, v) => o with { Degree = v }),
        MetricParameter<KidOptions>.Of("kid_coef0", "KID: constant of the polynomial kernel", s_defaults, o => o.Coef0, (o, v) => o with { Coef0 = v }),
        MetricParameter<KidOptions>.Of("seed", SharedParameters.SeedDescription, s_defaults,
            o => (long)o.Seed, (o, v) => o with { Seed = v }));

    private const string NoInterval = "the unbiased MMD^2 pairs distinct samples: a resample's repeats enter it as k(x, x) terms and bias it upward (kid_std is the subsets' spread)";

    /// <summary>Creates the metric; the options are checked here, before any work.</summary>
    /// <exception cref="InputException">An option is out of range; the message names it.</exception>
    public KidMetric(KidOptions? options = null)
    {
        Options = options ?? s_defaults;
        Kid.ValidateOptions(Options);
    }

    /// <summary>The options.</summary>
    public KidOptions Options { get; }

    /// <inheritdoc/>
    public MetricInfo Info => Definition.Info;

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var real = set.Require(InputRole.Real, Info.Name).RequireFeatures(Info.Name);
        var generated = set.Require(InputRole.Generated, Info.Name).RequireFeatures(Info.Name);
        var o = Options;
        var r = Kid.Compute(real, generated, o);
        var warnings = new List<string>();
        if (r.SubsetSize == real.Rows && r.SubsetSize == generated.Rows)
            warnings.Add($"kid: both sets have N = {r.SubsetSize} = the subset size, so every subset is the whole set and kid_std = 0 says nothing about the spread; lower the subset size (kid_subset_size) to estimate it");
        else if (r.SubsetSize == real.Rows || r.SubsetSize == generated.Rows)
            warnings.Add($"kid: {(r.SubsetSize == real.Rows ? "the real" : "the generated")} set has N = {r.SubsetSize} = the subset size, so its subsets are all the whole set and kid_std reflects the other set's draws only");
        return new MetricResult([new(Kid.MeanKey, r.Mean), new(Kid.StdKey, r.Std)],
        [
            Setting.Of("subsets", o.Subsets),
            Setting.Of("subset_size", r.SubsetSize),
            Setting.Of("seed", o.Seed),
            Setting.Of("degree", o.Degree),
            Setting.Of("gamma", o.Gamma ?? 1.0 / real.Columns),
            Setting.Of("coef0", o.Coef0),
            Setting.Of("estimator", "unbiased MMD^2"),
        ], warnings);
    }
}
