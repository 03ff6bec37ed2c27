namespace GenMetrics.Metrics.Paired;

/// <summary>
/// How a convention turns the window statistics into SSIM, where the conventions differ beyond window and padding.
/// With A1 = 2μxμy + C1, B1 = μx² + μy² + C1, A2 = 2σxy + C2, B2 = σx² + σy² + C2 (each as the reference orders it).
/// </summary>
internal interface ISsimVariant
{
    /// <summary>Whether σx² and σy² are clamped at 0 before use (torchmetrics: "should be non-negative").</summary>
    static abstract bool ClampVariances { get; }

    /// <summary>SSIM as (A1·A2)/(B1·B2) (skimage, torchmetrics) rather than (A1/B1)·cs with cs = A2/B2 (piq).</summary>
    static abstract bool ProductForm { get; }
}

/// <summary>piq <c>_ssim_per_channel</c>: <c>ss = (2μxy + c1) / (μxx + μyy + c1) * cs</c>.</summary>
internal readonly struct PiqSsimVariant : ISsimVariant
{
    public static bool ClampVariances => false;
    public static bool ProductForm => false;
}

/// <summary>skimage <c>structural_similarity</c>: <c>S = (A1 * A2) / (B1 * B2)</c>, covariances scaled by NP / (NP − 1).</summary>
internal readonly struct SkimageSsimVariant : ISsimVariant
{
    public static bool ClampVariances => false;
    public static bool ProductForm => true;
}

/// <summary>torchmetrics <c>_ssim_update</c>: variances <c>clamp(min=0)</c>, then <c>((2μxy + c1)·upper) / ((μx² + μy² + c1)·lower)</c>.</summary>
internal readonly struct TorchmetricsSsimVariant : ISsimVariant
{
    public static bool ClampVariances => true;
    public static bool ProductForm => true;
}
