namespace GenMetrics.Metrics.Paired;

/// <summary>Options of <see cref="Ssim"/>: the convention, and whether to compare the greyscale luma instead of RGB.</summary>
internal sealed record SsimOptions(SsimConvention Convention = SsimConvention.Piq, bool Greyscale = false);
