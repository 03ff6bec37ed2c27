using System.Text.Json.Nodes;
using GenMetrics.Evaluation;

namespace GenMetrics.Metrics;

/// <summary>Settings of <see cref="C2stMetric"/>; the classifiers' settings are scikit-learn's defaults but for the epochs and batch size.</summary>
/// <param name="Permutations">Permutations of the test labels for the p-value (0: none, p = 1).</param>
/// <param name="Seed">Seed of NumPy's RandomState for the split, the permutations and the MLP's initial weights.</param>
/// <param name="Hidden">Units of the MLP's hidden layer.</param>
/// <param name="Epochs">The MLP's passes over the training half.</param>
/// <param name="BatchSize">The MLP's rows per Adam step.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="Alpha">The MLP's L2 penalty.</param>
/// <param name="C">The logistic regression's inverse regularisation strength.</param>
public sealed record C2stOptions(int Permutations = 100, long Seed = 0, int Hidden = 64, int Epochs = 20, int BatchSize = 256,
    double LearningRate = 1e-3, double Alpha = 1e-4, double C = 1.0);

/// <summary>
/// <c>c2st</c>: the classifier two-sample test. Two critics, a logistic regression and a small MLP, learn to tell real
/// from generated features on half the samples; on the other half an AUC near 0.5 means they cannot (the sets look
/// alike in these features), near 1 that they can. A permutation p-value says whether the AUC is above chance.
/// </summary>
public sealed class C2stMetric : IMetric
{
    private static readonly C2stOptions s_defaults = new();

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo("c2st", "Classifier two-sample test",
            "Lopez-Paz and Oquab 2017 on scikit-learn 1.2: RandomState(seed) splits real + generated in half; StandardScaler on the train half; LogisticRegression(C=1) at its optimum and MLPClassifier((64,), relu, adam, alpha 1e-4, batch 256, lr 1e-3, 20 epochs, shuffle=False, random_state=seed); ROC AUC and accuracy on the test half; statistic max AUC; p = (1 + #{T_b >= T}) / (1 + B) over B permutations of the test labels",
            [
                new(C2st.AucKey, KeyDirection.LowerIsBetter, "ROC AUC on held-out samples of the better critic (0.5: real and generated indistinguishable; 1: perfectly separated)"),
                new(C2st.AccuracyKey, KeyDirection.LowerIsBetter, "that critic's held-out accuracy (chance: the larger class's share of the test half)"),
                new(C2st.PKey, KeyDirection.Neither, "permutation p-value of the AUC (small: the critics tell the sets apart beyond chance)"),
            ],
            [InputRole.Real, InputRole.Generated]),
        s_defaults, o => new C2stMetric(o),
        MetricParameter<C2stOptions>.Of("c2st_permutations", "c2st: permutations of the test labels for the p-value", s_defaults,
            o => o.Permutations, (o, v) => o with { Permutations = v }),
        MetricParameter<C2stOptions>.Of("c2st_seed", "c2st: seed of the RandomState for the split, the permutations and the MLP's initial weights", s_defaults,
            o => o.Seed, (o, v) => o with { Seed = v }),
        MetricParameter<C2stOptions>.Of("c2st_hidden", "c2st: units of the MLP critic's hidden layer", s_defaults,
            o => o.Hidden, (o, v) => o with { Hidden = v }),
        MetricParameter<C2stOptions>.Of("c2st_epochs", "c2st: the MLP critic's passes over the training half", s_defaults,
            o => o.Epochs, (o, v) => o with { Epochs = v }));

    /// <summary>Creates the metric; the options are checked here.</summary>
    /// <exception cref="InputException">An option is out of range; the message names it.</exception>
    public C2stMetric(C2stOptions? options = null)
    {
        Options = options ?? s_defaults;
        if (Options.Permutations is < 0 or > 1_000_000) throw InputException.ForSetting("c2st_permutations", $"must be between 0 and 1000000, got {Options.Permutations}");
        Numerics.RandomState.CheckSeed(Options.Seed, "c2st_seed");
        if (Options.Hidden is < 1 or > 4096) throw InputException.ForSetting("c2st_hidden", $"must be between 1 and 4096, got {Options.Hidden}");
        if (Options.Epochs is < 1 or > 10_000) throw InputException.ForSetting("c2st_epochs", $"must be between 1 and 10000, got {Options.Epochs}");
        if (Options.BatchSize < 1) throw InputException.ForSetting("c2st_batch_size", $"must be at least 1, got {Options.BatchSize}");
        if (!(Options.LearningRate > 0) || double.IsInfinity(Options.LearningRate)) throw InputException.ForSetting("c2st_learning_rate", $"must be positive, got {Options.LearningRate}");
        if (!(Options.Alpha >= 0) || double.IsInfinity(Options.Alpha)) throw InputException.ForSetting("c2st_alpha", $"must be 0 or more, got {Options.Alpha}");
        if (!(Options.C > 0) || double.IsInfinity(Options.C)) throw InputException.ForSetting("c2st_c", $"must be positive, got {Options.C}");
    }

    /// <summary>The options.</summary>
    public C2stOptions Options { get; }

    /// <inheritdoc/>
    public MetricInfo Info => Definition.Info;

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var realSet = set.Require(InputRole.Real, "c2st");
        var generatedSet = set.Require(InputRole.Generated, "c2st");
        var real = realSet.RequireFeatures("c2st");
        var generated = generatedSet.RequireFeatures("c2st");
        // Each half must hold both classes: with fewer than 4 of either, a seeded split could leave none on one side.
        if (real.Rows < 4) Internals.Throw.TooFewSamples(realSet.Source, real.Rows, 4, "a classifier two-sample test (samples on both sides of the train/test split)");
        if (generated.Rows < 4) Internals.Throw.TooFewSamples(generatedSet.Source, generated.Rows, 4, "a classifier two-sample test (samples on both sides of the train/test split)");
        long values = (long)(real.Rows + generated.Rows) * real.Columns;
        if (values / 2 + real.Columns > C2st.MaxValues)
            throw new InputException($"{generatedSet.Source}: c2st holds each half of {real.Rows + generated.Rows} x {real.Columns} features in a float64 array of at most 2^31 values; take fewer samples");
        var r = C2st.Compute(real, generated, Options);
        var warnings = new List<string>();
        double majority = Math.Max(r.TestGenerated, r.Test - r.TestGenerated) / (double)r.Test;
        if (Math.Abs(real.Rows - generated.Rows) > 0.1 * Math.Max(real.Rows, generated.Rows))
            warnings.Add($"c2st: {real.Rows} real and {generated.Rows} generated samples: accuracy's chance level is {majority:0.###}, not 0.5 (the AUC is unaffected)");
        if (!r.LogisticConverged)
            warnings.Add($"c2st: the logistic regression stopped after {r.LogisticIterations} iterations short of its optimum (gradient above 1e-10); its AUC may differ slightly from scikit-learn's");
        if (Options.Permutations > 0 && Options.Permutations < 20)
            warnings.Add($"c2st: with {Options.Permutations} permutations the p-value cannot be below {1.0 / (1 + Options.Permutations):0.###}");
        var details = new JsonObject
        {
            ["critic"] = r.BestName,
            ["logistic"] = new JsonObject { ["auc"] = r.Logistic.Auc, ["accuracy"] = r.Logistic.Accuracy, ["iterations"] = r.LogisticIterations },
            ["mlp"] = new JsonObject { ["auc"] = r.Mlp.Auc, ["accuracy"] = r.Mlp.Accuracy },
            ["train_samples"] = r.Train,
            ["test_samples"] = r.Test,
            ["test_generated"] = r.TestGenerated,
            ["chance_accuracy"] = majority,
        };
        if (Options.Permutations > 0) details["null_auc_mean"] = r.NullMean;
        return new MetricResult([new(C2st.AucKey, r.Best.Auc), new(C2st.AccuracyKey, r.Best.Accuracy), new(C2st.PKey, r.P)],
            [Setting.Of("permutations", Options.Permutations), Setting.Of("seed", Options.Seed), Setting.Of("hidden", Options.Hidden),
             Setting.Of("epochs", Options.Epochs), Setting.Of("batch_size", Options.BatchSize), Setting.Of("learning_rate", Options.LearningRate),
             Setting.Of("alpha", Options.Alpha), Setting.Of("c", Options.C)],
            warnings, details);
    }
}
