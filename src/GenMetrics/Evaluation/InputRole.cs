namespace GenMetrics.Evaluation;

/// <summary>
/// What an input is to a metric. A metric declares the roles it needs (<see cref="MetricInfo.Roles"/>), and an
/// evaluation without one of them is refused before any work starts.
/// </summary>
public enum InputRole
{
    /// <summary>The generated samples (torch-fidelity's input1).</summary>
    Generated,

    /// <summary>The real (reference) samples (torch-fidelity's input2); for memorization metrics the held-out test set.</summary>
    Real,

    /// <summary>The samples the model was trained on (memorization and data-copying metrics).</summary>
    Train,

    /// <summary>Class labels of the real and/or generated samples (class-aware metrics).</summary>
    Labels,

    /// <summary>Row-aligned image pairs (paired metrics: SSIM, PSNR, LPIPS).</summary>
    Pairs,

    /// <summary>A generator that can be sampled (perceptual path length).</summary>
    Generator,

    /// <summary>The conditioning inputs of a conditional generator, row-aligned with the real and generated sets (conditional FID).</summary>
    Condition,
}

/// <summary>The names of the roles as results and messages spell them.</summary>
public static class InputRoles
{
    /// <summary>The lower-case name: <c>generated</c>, <c>real</c>, <c>train</c>, <c>labels</c>, <c>pairs</c>, <c>generator</c>, <c>condition</c>.</summary>
    public static string Name(InputRole role) => role switch
    {
        InputRole.Generated => "generated",
        InputRole.Real => "real",
        InputRole.Train => "train",
        InputRole.Labels => "labels",
        InputRole.Pairs => "pairs",
        InputRole.Generator => "generator",
        InputRole.Condition => "condition",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };
}
