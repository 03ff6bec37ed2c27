using System.Text.Json.Nodes;
using GenMetrics.Evaluation;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>Settings of <see cref="ParzenMetric"/>; the defaults follow goodfeli/adversarial's <c>parzen_ll.py</c>.</summary>
/// <param name="Sigma">The window width; 0 chooses it on a validation split of the real set.</param>
/// <param name="Validation">Real samples set aside to choose sigma (the script's <c>limit_size</c>, 1000), at most half the real set.</param>
/// <param name="Seed">Seed of NumPy's RandomState whose permutation of the real set picks the validation samples.</param>
public sealed record ParzenOptions(double Sigma = 0, int Validation = 1000, long Seed = 0);

/// <summary>
/// <c>parzen_ll</c>: the Parzen-window log-likelihood of the real (test) samples under the generated ones, the
/// evaluation of Goodfellow et al. 2014, usually on pixels (the <c>pixels</c> encoder); unreliable in high dimensions
/// (Theis et al. 2016), which every result says.
/// </summary>
public sealed class ParzenMetric : IMetric
{
    private static readonly ParzenOptions s_defaults = new();

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo(Parzen.Key, "Parzen-window log-likelihood",
            "goodfeli/adversarial parzen_ll.py: LL(x) = logsumexp_j(-||x - g_j||^2 / (2 sigma^2)) - log M - d log(sigma sqrt(2 pi)) over the generated g_j; sigma = argmax of the mean LL of 1000 validation real samples over logspace(-1, 0, 10); mean and std (ddof 0) / sqrt(n) over the other real samples",
            [
                new(Parzen.Key, KeyDirection.HigherIsBetter, "mean log-likelihood (nats) of the real test samples under a Parzen window on the generated samples"),
                new(Parzen.SeKey, KeyDirection.Neither, "its standard error: std (ddof 0) / sqrt(test samples)"),
            ],
            [InputRole.Real, InputRole.Generated]),
        s_defaults, o => new ParzenMetric(o),
        MetricParameter<ParzenOptions>.Of("parzen_sigma", "parzen_ll: the window width (0: the best of logspace(-1, 0, 10) on a validation split of the real set)", s_defaults,
            o => o.Sigma, (o, v) => o with { Sigma = v }),
        MetricParameter<ParzenOptions>.Of("parzen_validation", "parzen_ll: real samples set aside to choose sigma (at most half the real set)", s_defaults,
            o => o.Validation, (o, v) => o with { Validation = v }),
        MetricParameter<ParzenOptions>.Of("parzen_seed", "parzen_ll: seed of the RandomState permutation that picks the validation samples", s_defaults,
            o => o.Seed, (o, v) => o with { Seed = v }));

    /// <summary>Creates the metric; the options are checked here.</summary>
    /// <exception cref="InputException">An option is out of range; the message names it.</exception>
    public ParzenMetric(ParzenOptions? options = null)
    {
        Options = options ?? s_defaults;
        if (!(Options.Sigma >= 0) || double.IsPositiveInfinity(Options.Sigma)) throw InputException.ForSetting("parzen_sigma", $"must be positive (or 0 to choose it), got {Options.Sigma}");
        if (Options.Validation < 1) throw InputException.ForSetting("parzen_validation", $"must be at least 1, got {Options.Validation}");
        RandomState.CheckSeed(Options.Seed, "parzen_seed");
    }

    /// <summary>The options.</summary>
    public ParzenOptions Options { get; }

    /// <inheritdoc/>
    public MetricInfo Info => Definition.Info;

    // The warning every result carries.
    internal const string Caveat = "parzen_ll: Theis et al. 2016 (A note on the evaluation of generative models) showed that Parzen-window log-likelihoods are unreliable in high dimensions: " +
                                 "far from the true likelihood even with many samples, and a model can rank well or badly regardless of its samples' quality; report it only beside other metrics";

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var realSet = set.Require(InputRole.Real, Parzen.Key);
        var real = realSet.RequireFeatures(Parzen.Key);
        var generated = set.Require(InputRole.Generated, Parzen.Key).RequireFeatures(Parzen.Key);
        if (generated.Rows < 1) Internals.Throw.TooFewSamples(generated.Source, generated.Rows, 1, "a Parzen window");
        int n = real.Rows;
        int[] test, validation;
        double? sigma = Options.Sigma > 0 ? Options.Sigma : null;
        if (sigma is null)
        {
            if (n < 2) Internals.Throw.TooFewSamples(realSet.Source, n, 2, "a validation split (parzen_validation) and test samples");
            int nv = Math.Min(Options.Validation, n / 2);
            var perm = RandomState.FromSeed(Options.Seed, "parzen_seed").Permutation(n);
            validation = perm[..nv];
            test = perm[nv..];
            Array.Sort(validation);
            Array.Sort(test);
        }
        else
        {
            validation = [];
            test = [.. Enumerable.Range(0, n)];
        }
        var candidates = Parzen.Candidates();
        var r = Parzen.Compute(real, test, validation, generated, sigma, candidates);
        var warnings = new List<string> { Caveat };
        if (sigma is null && (r.Sigma == candidates[0] || r.Sigma == candidates[^1]))
            warnings.Add($"parzen_ll: the chosen sigma {r.Sigma:g4} is at the end of the candidates (0.1 .. 1): the best width may lie outside; rescale the features or fix it with parzen_sigma");
        var details = new JsonObject
        {
            ["sigma"] = r.Sigma,
            ["test_samples"] = r.TestCount,
            ["validation_samples"] = r.ValidationCount,
        };
        if (r.Sigmas.Length > 0)
            details["validation_ll"] = new JsonArray([.. r.Sigmas.Select((s, i) => (JsonNode)new JsonObject { ["sigma"] = s, ["ll"] = r.ValidationMeans[i] })]);
        return new MetricResult([new(Parzen.Key, r.Mean), new(Parzen.SeKey, r.StandardError)],
            [Setting.Of("sigma", r.Sigma), Setting.Of("sigma_chosen", sigma is null), Setting.Of("validation", r.ValidationCount), Setting.Of("seed", Options.Seed)],
            warnings, details);
    }
}
