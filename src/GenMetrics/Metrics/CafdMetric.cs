using System.Text.Json.Nodes;
using GenMetrics.Evaluation;

namespace GenMetrics.Metrics;

/// <summary>Settings of <see cref="CafdMetric"/> (none yet: the repository's recipe has no free parameter).</summary>
public sealed record CafdOptions;

/// <summary>
/// <c>cafd</c>: the class-aware Fréchet distance of Liu et al. 2018 (B1ueber2y/CAFD), from soft class probabilities
/// of both sets: the mean over classes of the Fréchet distance between probability-weighted class Gaussians, and
/// <c>cafd_kl</c>, the KL divergence of the class shares.
/// </summary>
public sealed class CafdMetric(CafdOptions? options = null) : IMetric
{
    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo(Cafd.Key, "Class-aware Fréchet distance",
            "B1ueber2y/CAFD cafd.py: per class k weights p_ik / sum_i p_ik, weighted mean and covariance (no Bessel correction), mean over classes of the Fréchet distances (exact trace term); cafd_kl = KL(real class shares || generated) of the summed probabilities",
            [
                new(Cafd.Key, KeyDirection.LowerIsBetter, "mean over classes of the Fréchet distances between probability-weighted class Gaussians"),
                new(Cafd.KlKey, KeyDirection.LowerIsBetter, "KL(real || generated) of the class shares of the summed probabilities"),
            ],
            [InputRole.Real, InputRole.Generated, InputRole.Labels])
        {
            ClassInputs = ClassInputs.RealProbabilities | ClassInputs.GeneratedProbabilities,
        },
        new CafdOptions(), o => new CafdMetric(o));

    /// <summary>The options.</summary>
    public CafdOptions Options { get; } = options ?? new CafdOptions();

    /// <inheritdoc/>
    public MetricInfo Info => Definition.Info;

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var real = set.Require(InputRole.Real, Cafd.Key).RequireFeatures(Cafd.Key);
        var generated = set.Require(InputRole.Generated, Cafd.Key).RequireFeatures(Cafd.Key);
        Evaluator.CheckClassInputs([Info], set.ClassInputs);
        var r = Cafd.Compute(real, set.RealProbabilities!, generated, set.GeneratedProbabilities!);
        var perClass = new JsonObject();
        for (int c = 0; c < r.PerClass.Length; c++)
            perClass[c.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["fd"] = r.PerClass[c],
                ["real_share"] = r.RealShares[c],
                ["generated_share"] = r.GeneratedShares[c],
            };
        return new MetricResult([new(Cafd.Key, r.Value), new(Cafd.KlKey, r.Kl)],
            [Setting.Of("classes", r.PerClass.Length), Setting.Of("covariance", "weighted, no Bessel correction"), Setting.Of("trace", "exact (eigenvalues)")],
            null, new JsonObject { ["per_class"] = perClass });
    }
}
