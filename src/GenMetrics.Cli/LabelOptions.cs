using System.CommandLine;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Samples;

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

    public Option<string?> ModeClassifier { get; } = new("--mode-classifier")
    {
        Description = "onnx:PATH: a classifier (N x 3 x 224 x 224 input prepared as torchvision's ImageNet models are, N x K output) that gives the classes of the images of REAL and FAKE " +
                      "that have no --real-labels/--fake-labels (its argmax) and their probabilities where --real-probs/--fake-probs are missing (its softmax, or its output when that is one already).",
    };

    public void AddTo(Command command)
    {
        foreach (var o in (Option[])[RealLabels, FakeLabels, RealProbs, FakeProbs, Condition, ModeClassifier]) command.Options.Add(o);
    }

    /// <summary>The roles these options add.</summary>
    public IEnumerable<InputRole> Roles(ParseResult p)
    {
        if (Given(p, 1) != ClassInputs.None) yield return InputRole.Labels;
        if (p.GetValue(Condition) is not null) yield return InputRole.Condition;
    }

    /// <summary>The class inputs given, or that the classifier will give for <paramref name="inputs"/> inputs.</summary>
    public ClassInputs Given(ParseResult p, int inputs = 2) =>
        (p.GetValue(RealLabels) is null ? 0 : ClassInputs.RealLabels) | (p.GetValue(FakeLabels) is null ? 0 : ClassInputs.GeneratedLabels) |
        (p.GetValue(RealProbs) is null ? 0 : ClassInputs.RealProbabilities) | (p.GetValue(FakeProbs) is null ? 0 : ClassInputs.GeneratedProbabilities) |
        (p.GetValue(ModeClassifier) is null ? 0 : ClassInputs.GeneratedLabels | ClassInputs.GeneratedProbabilities |
            (inputs == 2 ? ClassInputs.RealLabels | ClassInputs.RealProbabilities : 0));

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
        var given = Given(p, inputs);
        Evaluator.CheckClassInputs(infos, given);
        if (p.GetValue(ModeClassifier) is { } classifier)
        {
            if (!infos.Any(i => (i.ClassInputs | i.OptionalClassInputs) != ClassInputs.None))
                throw new InputException($"--mode-classifier: applies to {string.Join(", ", MetricRegistry.Default.Definitions.Where(d => (d.Info.ClassInputs | d.Info.OptionalClassInputs) != ClassInputs.None).Select(d => d.Info.Name))}, " +
                                         $"and none of them is selected (--metrics {string.Join(",", infos.Select(i => i.Name))})");
            if (!classifier.StartsWith("onnx:", StringComparison.OrdinalIgnoreCase))
                throw new InputException($"--mode-classifier '{classifier}': expected onnx:PATH (an ONNX image classifier)");
            if (!File.Exists(classifier[5..])) throw new InputException($"--mode-classifier: {classifier[5..]}: ONNX model not found");
        }
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

    /// <summary>
    /// The evaluation set: the inputs with their labels and probabilities, aligned to their samples; what is missing
    /// comes from the classifier, run on the images of <paramref name="realPath"/> and <paramref name="generatedPath"/>.
    /// </summary>
    public EvaluationSet Attach(ParseResult p, FeatureSet? real, string? realPath, FeatureSet? generated, string generatedPath, InputLoader loader,
        FeatureSet? train = null, OnnxGenerator? generator = null)
    {
        var realLabels = p.GetValue(RealLabels) is { } rl ? ClassLabels.Load(rl, real!) : null;
        var generatedLabels = p.GetValue(FakeLabels) is { } gl ? ClassLabels.Load(gl, generated ?? throw new InputException("--fake-labels: the generator's samples are not encoded here (only ppl is selected)")) : null;
        var realProbs = p.GetValue(RealProbs) is { } rp ? ClassProbabilities.Load(rp, real!) : null;
        var generatedProbs = p.GetValue(FakeProbs) is { } gp ? ClassProbabilities.Load(gp, generated ?? throw new InputException("--fake-probs: the generator's samples are not encoded here (only ppl is selected)")) : null;
        if (p.GetValue(ModeClassifier) is { } spec && (realLabels is null || realProbs is null || generatedLabels is null || generatedProbs is null))
        {
            using var classifier = EncoderRegistry.Open(spec);
            if (real is not null && (realLabels is null || realProbs is null))
            {
                var probs = Classify(loader, classifier, realPath!, real);
                realLabels ??= probs.MostLikely();
                realProbs ??= probs;
            }
            if (generated is not null && (generatedLabels is null || generatedProbs is null))
            {
                var probs = Classify(loader, classifier, generatedPath, generated);
                generatedLabels ??= probs.MostLikely();
                generatedProbs ??= probs;
            }
        }
        return new EvaluationSet
        {
            Real = real,
            Generated = generated,
            Train = train,
            Generator = generator,
            Condition = p.GetValue(Condition) is { } x ? loader.Load(x) : null,
            RealLabels = realLabels,
            GeneratedLabels = generatedLabels,
            RealProbabilities = realProbs,
            GeneratedProbabilities = generatedProbs,
        };
    }

    // The classifier's outputs on the same images as the features (same selection, same skipped files).
    private static ClassProbabilities Classify(InputLoader loader, IEncoder classifier, string path, FeatureSet features)
    {
        if (FeatureSet.KindOf(path) != InputKind.Images)
            throw new InputException($"--mode-classifier: {path} holds features or statistics; the classifier needs the images");
        var outputs = loader.Classify(path, classifier);
        if (!outputs.ItemNames!.SequenceEqual(features.ItemNames!))
            throw new InvalidOperationException($"{path}: the classifier saw other images than the encoder");
        return ClassProbabilities.FromClassifierOutputs(outputs.Features!, $"{classifier.Id.DisplayName} on {path}");
    }

    private (Option<string?> Option, ClassInputs Flag)[] Pairs() =>
    [
        (RealLabels, ClassInputs.RealLabels), (FakeLabels, ClassInputs.GeneratedLabels),
        (RealProbs, ClassInputs.RealProbabilities), (FakeProbs, ClassInputs.GeneratedProbabilities),
    ];
}
