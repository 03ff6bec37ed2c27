namespace GenMetrics.Evaluation;

/// <summary>
/// The inputs of one evaluation, by role. Convention (torch-fidelity's): <see cref="Generated"/> is the model's
/// samples, <see cref="Real"/> the reference set.
/// </summary>
public sealed class EvaluationSet
{
    /// <summary>The generated samples.</summary>
    public FeatureSet? Generated { get; init; }

    /// <summary>The real (reference) samples.</summary>
    public FeatureSet? Real { get; init; }

    /// <summary>The training samples (memorization metrics).</summary>
    public FeatureSet? Train { get; init; }

    /// <summary>Row-aligned image pairs (the paired metrics: <c>ssim</c>, <c>ms_ssim</c>, <c>psnr</c>, <c>lpips</c>, <c>lpips_diversity</c>).</summary>
    public ImagePairs? Pairs { get; init; }

    /// <summary>The conditioning inputs of a conditional generator, row-aligned with <see cref="Real"/> and <see cref="Generated"/> (conditional FID).</summary>
    public FeatureSet? Condition { get; init; }

    /// <summary>A class label per real sample, in row order (class-aware metrics).</summary>
    public ClassLabels? RealLabels { get; init; }

    /// <summary>A class label per generated sample, in row order.</summary>
    public ClassLabels? GeneratedLabels { get; init; }

    /// <summary>Class probabilities per real sample, in row order (CAFD).</summary>
    public ClassProbabilities? RealProbabilities { get; init; }

    /// <summary>Class probabilities per generated sample, in row order.</summary>
    public ClassProbabilities? GeneratedProbabilities { get; init; }

    /// <summary>The class labels and probabilities this set holds.</summary>
    public ClassInputs ClassInputs =>
        (RealLabels is null ? 0 : ClassInputs.RealLabels) | (GeneratedLabels is null ? 0 : ClassInputs.GeneratedLabels) |
        (RealProbabilities is null ? 0 : ClassInputs.RealProbabilities) | (GeneratedProbabilities is null ? 0 : ClassInputs.GeneratedProbabilities);

    /// <summary>
    /// A generator to sample (perceptual path length runs it on its own latents); the set metrics take its samples'
    /// features as <see cref="Generated"/> (<see cref="Samples.OnnxGenerator.Samples"/> through
    /// <see cref="FeatureExtractor"/>). The set does not own it.
    /// </summary>
    public Samples.OnnxGenerator? Generator { get; init; }

    /// <summary>
    /// The roles this set has, in <see cref="InputRole"/> order (<see cref="InputRole.Labels"/> when it holds any class
    /// labels or probabilities, <see cref="InputRole.Pairs"/> when it holds image pairs, <see cref="InputRole.Generator"/> a generator).
    /// </summary>
    public IReadOnlyList<InputRole> Roles =>
        [.. FeatureSets.Select(s => s.Role)
            .Concat(ClassInputs != ClassInputs.None ? [InputRole.Labels] : [])
            .Concat(Pairs is not null ? [InputRole.Pairs] : [])
            .Concat(Generator is not null ? [InputRole.Generator] : [])
            .Order()];

    /// <summary>The feature-space inputs with their roles, in <see cref="InputRole"/> order.</summary>
    public IEnumerable<(InputRole Role, FeatureSet Set)> FeatureSets
    {
        get
        {
            if (Generated is not null) yield return (InputRole.Generated, Generated);
            if (Real is not null) yield return (InputRole.Real, Real);
            if (Train is not null) yield return (InputRole.Train, Train);
            if (Condition is not null) yield return (InputRole.Condition, Condition);
        }
    }

    /// <summary>Whether the set has an input for <paramref name="role"/>.</summary>
    public bool Has(InputRole role) => role switch
    {
        InputRole.Pairs => Pairs is not null,
        InputRole.Labels => ClassInputs != ClassInputs.None,
        InputRole.Generator => Generator is not null,
        _ => Get(role) is not null,
    };

    /// <summary>The feature-space input for <paramref name="role"/>, or null (always null for <see cref="InputRole.Pairs"/>: see <see cref="Pairs"/>).</summary>
    public FeatureSet? Get(InputRole role) => role switch
    {
        InputRole.Generated => Generated,
        InputRole.Real => Real,
        InputRole.Train => Train,
        InputRole.Condition => Condition,
        _ => null,
    };

    /// <summary>The input for <paramref name="role"/> that <paramref name="metric"/> needs.</summary>
    /// <exception cref="InputException">The set has no such input.</exception>
    public FeatureSet Require(InputRole role, string metric) =>
        Get(role) ?? throw new InputException($"{metric}: needs a {InputRoles.Name(role)} input, and none was given");

    /// <summary>The generator that <paramref name="metric"/> needs.</summary>
    /// <exception cref="InputException">The set has no generator.</exception>
    public Samples.OnnxGenerator RequireGenerator(string metric) =>
        Generator ?? throw new InputException($"{metric}: needs a generator input (an ONNX generator), and none was given");

    /// <summary>The image pairs that <paramref name="metric"/> needs.</summary>
    /// <exception cref="InputException">The set has no pairs.</exception>
    public ImagePairs RequirePairs(string metric) =>
        Pairs ?? throw new InputException($"{metric}: needs a pairs input (image pairs), and none was given");
}
