using System.CommandLine;
using GenMetrics.Evaluation;

namespace GenMetrics.Cli;

/// <summary>
/// The per-sample inputs of <c>eval</c> beside REAL and FAKE: class labels and probabilities of the real and generated
/// sets, and the conditioning set of a conditional generator. Checked against the selected metrics before any input
/// is read; loaded (aligned to each set's samples) after.
/// </summary>
internal sealed class LabelOptions
{
    private const string LabelsHelp = "an IDX labels file (raw or .gz), an integer .npy/.npz array (one label per item of the input, in its order), " +
                                      "a .csv of file,label rows matched by relative file name, or 'folders' (an image's first sub-folder is its class; needs --recursive)";

    public Option<string?> RealLabels { get; } = new("--real-labels") { Description = "Class labels of the real samples: " + LabelsHelp + "." };

    public Option<string?> FakeLabels { get; } = new("--fake-labels") { Description = "Class labels of the generated samples (same forms as --real-labels)." };

    public Option<string?> RealProbs { get; } = new("--real-probs") { Description = "Class probabilities of the real samples: an N x K float .npy/.npz (a classifier's softmax), one row per item of the input (cafd)." };

    public Option<string?> FakeProbs { get; } = new("--fake-probs") { Description = "Class probabilities of the generated samples (as --real-probs)." };

    public Option<string?> Condition { get; } = new("--condition")
    {
        Description = "The conditioning inputs X of a conditional generator (cfid), row-aligned with REAL and FAKE (the same file names in the same order): images through the encoder, or features.",
    };

    public void AddTo(Command command)
    {
        foreach (var o in (Option[])[RealLabels, FakeLabels, RealProbs, FakeProbs, Condition]) command.Options.Add(o);
    }

    /// <summary>The roles these options add.</summary>
    public IEnumerable<InputRole> Roles(ParseResult p)
    {
        if (Given(p) != ClassInputs.None) yield return InputRole.Labels;
        if (p.GetValue(Condition) is not null) yield return InputRole.Condition;
    }

    /// <summary>The class inputs given.</summary>
    public ClassInputs Given(ParseResult p) =>
        (p.GetValue(RealLabels) is null ? 0 : ClassInputs.RealLabels) | (p.GetValue(FakeLabels) is null ? 0 : ClassInputs.GeneratedLabels) |
        (p.GetValue(RealProbs) is null ? 0 : ClassInputs.RealProbabilities) | (p.GetValue(FakeProbs) is null ? 0 : ClassInputs.GeneratedProbabilities);

    /// <summary>
    /// Before any input is read: the metrics find what they need, every option given is used by a selected metric,
    /// the files exist, and class folders are searched.
    /// </summary>
    public void Check(ParseResult p, IReadOnlyList<IMetric> metrics, int inputs, bool recursive)
    {
        var infos = metrics.Select(m => m.Info).ToList();
        if (p.GetValue(Condition) is { } condition)
        {
            if (!infos.Any(i => i.Roles.Contains(InputRole.Condition)))
                throw new InputException($"--condition: applies to {string.Join(", ", MetricRegistry.Default.Definitions.Where(d => d.Info.Roles.Contains(InputRole.Condition)).Select(d => d.Info.Name))}, " +
                                         $"and none of them is selected (--metrics {string.Join(",", infos.Select(i => i.Name))})");
            if (!File.Exists(condition) && !Directory.Exists(condition)) throw new InputException($"--condition: {condition}: no such file or folder");
        }
        var given = Given(p);
        Evaluator.CheckClassInputs(infos, given);
        foreach (var (option, flag) in Pairs())
        {
            if (p.GetValue(option) is not { } spec) continue;
            var users = MetricRegistry.Default.Definitions.Where(d => ((d.Info.ClassInputs | d.Info.OptionalClassInputs) & flag) != 0).Select(d => d.Info.Name).ToList();
            if (!infos.Any(i => ((i.ClassInputs | i.OptionalClassInputs) & flag) != 0))
                throw new InputException($"{option.Name}: applies to {string.Join(", ", users)}, and none of them is selected (--metrics {string.Join(",", infos.Select(i => i.Name))})");
            if (inputs < 2 && flag is ClassInputs.RealLabels or ClassInputs.RealProbabilities)
                throw new InputException($"{option.Name}: labels the real set, but only one input (the generated set) was given");
            if (spec.Equals(ClassLabels.Folders, StringComparison.OrdinalIgnoreCase))
            {
                if (flag is ClassInputs.RealProbabilities or ClassInputs.GeneratedProbabilities)
                    throw new InputException($"{option.Name}: class probabilities come from an N x K .npy/.npz file, not from folders");
                if (!recursive) throw new InputException($"{option.Name} folders: the classes are sub-folders, which are read only with --recursive");
            }
            else if (!File.Exists(spec))
                throw new InputException($"{option.Name}: {spec}: file not found");
        }
    }

    /// <summary>The evaluation set: the inputs with their labels and probabilities, aligned to their samples.</summary>
    public EvaluationSet Attach(ParseResult p, FeatureSet? real, FeatureSet generated, Func<string, FeatureSet> load) => new()
    {
        Real = real,
        Generated = generated,
        Condition = p.GetValue(Condition) is { } x ? load(x) : null,
        RealLabels = p.GetValue(RealLabels) is { } rl ? ClassLabels.Load(rl, real!) : null,
        GeneratedLabels = p.GetValue(FakeLabels) is { } gl ? ClassLabels.Load(gl, generated) : null,
        RealProbabilities = p.GetValue(RealProbs) is { } rp ? ClassProbabilities.Load(rp, real!) : null,
        GeneratedProbabilities = p.GetValue(FakeProbs) is { } gp ? ClassProbabilities.Load(gp, generated) : null,
    };

    private (Option<string?> Option, ClassInputs Flag)[] Pairs() =>
    [
        (RealLabels, ClassInputs.RealLabels), (FakeLabels, ClassInputs.GeneratedLabels),
        (RealProbs, ClassInputs.RealProbabilities), (FakeProbs, ClassInputs.GeneratedProbabilities),
    ];
}
