namespace GenMetrics.Metrics.Paired;

/// <summary>Options of <c>ssim</c>: whose convention, and whether to compare the luma instead of the RGB channels.</summary>
/// <param name="Convention">The library whose SSIM to equal (piq's, = MATLAB ssim.m, by default).</param>
/// <param name="Greyscale">Compare Y = 0.299 R + 0.587 G + 0.114 B (piq's <c>convert_to_greyscale</c>) as one channel.</param>
public sealed record SsimOptions(SsimConvention Convention = SsimConvention.Piq, bool Greyscale = false);
