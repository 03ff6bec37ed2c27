using System.Text.Json.Nodes;
using GenMetrics.Evaluation;

namespace GenMetrics.Metrics;

/// <summary>Settings of <see cref="FidPerClassMetric"/>.</summary>
/// <param name="MinSamples">A class needs at least this many samples on each side (at least 2: a covariance).</param>
public sealed record FidPerClassOptions(int MinSamples = 2);

/// <summary>
/// <c>fid_per_class</c> (intra-FID, as class-conditional GAN papers report it): the FID between the real and the
/// generated samples of each class, both sides labelled; the key is the mean over the classes with enough samples on
/// both sides, the others are named in a warning and left out.
/// </summary>
public sealed class FidPerClassMetric : IMetric
{
    /// <summary>The JSON key.</summary>
    public const string Key = "fid_per_class";

    private static readonly FidPerClassOptions s_defaults = new();

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo(Key, "Per-class FID (intra-FID)",
            "FID (covariance ddof 1, exact trace) between the real and generated samples of each class, by label; mean over the classes with >= 2 samples on both sides",
            [new(Key, KeyDirection.LowerIsBetter, "the mean over classes of the FID between the real and generated samples of the class")],
            [InputRole.Real, InputRole.Generated, InputRole.Labels])
        {
            ClassInputs = ClassInputs.RealLabels | ClassInputs.GeneratedLabels,
        },
        s_defaults, o => new FidPerClassMetric(o),
        MetricParameter<FidPerClassOptions>.Of("fid_per_class_min_samples", "fid_per_class: a class needs at least this many samples on each side (at least 2)", s_defaults,
            o => o.MinSamples, (o, v) => o with { MinSamples = v }));

    /// <summary>Creates the metric; the options are checked here.</summary>
    /// <exception cref="InputException">The minimum is below 2.</exception>
    public FidPerClassMetric(FidPerClassOptions? options = null)
    {
        Options = options ?? s_defaults;
        if (Options.MinSamples < 2) throw InputException.ForSetting("fid_per_class_min_samples", $"must be at least 2 (a covariance needs 2 samples), got {Options.MinSamples}");
    }

    /// <summary>The options.</summary>
    public FidPerClassOptions Options { get; }

    /// <inheritdoc/>
    public MetricInfo Info => Definition.Info;

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var real = set.Require(InputRole.Real, Key).RequireFeatures(Key);
        var generated = set.Require(InputRole.Generated, Key).RequireFeatures(Key);
        Evaluator.CheckClassInputs([Info], set.ClassInputs);
        var realLabels = set.RealLabels!;
        var genLabels = set.GeneratedLabels!;
        var classes = realLabels.Classes.Union(genLabels.Classes).Order(ClassLabels.ClassNameComparer.Instance).ToArray();
        var realRows = ClassRows.Of(ClassRows.CodesIn(realLabels, classes), classes.Length);
        var genRows = ClassRows.Of(ClassRows.CodesIn(genLabels, classes), classes.Length);
        var perClass = new JsonObject();
        var leftOut = new List<string>();
        var leftOutNames = new List<string>();
        var singular = new List<string>();
        double sum = 0;
        int used = 0;
        for (int c = 0; c < classes.Length; c++)
        {
            int nr = realRows[c].Length, ng = genRows[c].Length;
            var o = new JsonObject { ["real_count"] = nr, ["generated_count"] = ng };
            if (nr < Options.MinSamples || ng < Options.MinSamples)
            {
                leftOut.Add($"{classes[c]} (real {nr}, generated {ng})");
                leftOutNames.Add(classes[c]);
                o["fid"] = null;
            }
            else
            {
                double fid = Fid.Compute(real.SelectRows(realRows[c]), generated.SelectRows(genRows[c]));
                o["fid"] = fid;
                sum += fid;
                used++;
                if (Math.Min(nr, ng) <= real.Columns) singular.Add(classes[c]);
            }
            perClass[classes[c]] = o;
        }
        if (used == 0)
            throw new InputException($"{Key}: no class has at least {Options.MinSamples} samples on both sides ({string.Join(", ", leftOut.Take(5))}{(leftOut.Count > 5 ? ", ..." : "")})");
        var warnings = new List<string>();
        if (leftOut.Count > 0)
            warnings.Add($"{Key}: {leftOut.Count} class(es) with fewer than {Options.MinSamples} samples on a side are left out of the mean: {string.Join(", ", leftOut)}");
        if (singular.Count > 0)
            warnings.Add($"{Key}: {singular.Count} class(es) have N <= d={real.Columns} on a side ({string.Join(", ", singular.Take(10))}{(singular.Count > 10 ? ", ..." : "")}): their covariances are singular and their FIDs biased upward; compare only at equal N per class");
        var details = new JsonObject
        {
            ["per_class"] = perClass,
            ["left_out"] = new JsonArray([.. leftOutNames.Select(s => (JsonNode)JsonValue.Create(s)!)]),
        };
        return new MetricResult([new(Key, sum / used)],
            [Setting.Of("covariance", "unbiased (ddof 1)"), Setting.Of("min_samples", Options.MinSamples), Setting.Of("classes", used)], warnings, details);
    }
}
