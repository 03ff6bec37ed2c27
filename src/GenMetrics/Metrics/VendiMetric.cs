using System.Text.Json.Nodes;
using GenMetrics.Evaluation;

namespace GenMetrics.Metrics;

/// <summary>
/// <c>vendi</c> as a registry metric: <see cref="Vendi"/> of one set, the generated one (with a real set given too, the
/// real set is not used).
/// </summary>
public sealed class VendiMetric : IMetric
{
    private static readonly VendiOptions s_defaults = new();

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo("vendi", "Vendi Score",
            "vertaix/Vendi-Score (Friedman and Dieng 2023): rows L2-normalised, cosine kernel, exp of the order-q entropy (q = 1) of the eigenvalues of K / n, via the d x d dual when n > d; q honoured (score_X ignores it)",
            [
                new(Vendi.Key, KeyDirection.HigherIsBetter, "effective number of distinct samples in the generated set, between 1 and n (diversity)")
                {
                    WithoutInterval = "repeated samples are less diversity by definition: every resample scores lower",
                },
            ],
            [InputRole.Generated]),
        s_defaults, o => new VendiMetric(o),
        MetricParameter<VendiOptions>.Of("vendi_q", "Vendi: the order q of the entropy, any q >= 0 or inf (1: Shannon; 0: the rank; inf: the largest eigenvalue only)",
            s_defaults, o => o.Q, (o, v) => o with { Q = v }));

    /// <summary>Creates the metric; the options are checked here, before any work.</summary>
    /// <exception cref="InputException">q is negative or NaN (setting <c>vendi_q</c>).</exception>
    public VendiMetric(VendiOptions? options = null)
    {
        Options = options ?? s_defaults;
        if (double.IsNaN(Options.Q) || Options.Q < 0)
            throw InputException.ForSetting("vendi_q", $"{Options.Q}, but it must be a number >= 0 or inf");
    }

    /// <summary>The options.</summary>
    public VendiOptions Options { get; }

    /// <inheritdoc/>
    public MetricInfo Info => Definition.Info;

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var x = set.Require(InputRole.Generated, Info.Name).RequireFeatures(Info.Name);
        var r = Vendi.Compute(x, Options);
        var details = new JsonObject
        {
            ["samples"] = x.Rows,
            ["positive_eigenvalues"] = r.Eigenvalues,
            ["eigenvalues_from"] = r.Dual ? "dual X^T X / n (n > d)" : "kernel K / n",
        };
        return new MetricResult([new(Vendi.Key, r.Score)],
        [
            double.IsPositiveInfinity(r.Q) ? Setting.Of("q", "inf") : Setting.Of("q", r.Q),
            Setting.Of("kernel", "cosine"),
        ], details: details);
    }
}
