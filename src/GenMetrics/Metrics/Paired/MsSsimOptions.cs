namespace GenMetrics.Metrics.Paired;

/// <summary>Options of <c>ms_ssim</c> (piq's <c>multi_scale_ssim</c> with its defaults).</summary>
/// <param name="Greyscale">Compare Y = 0.299 R + 0.587 G + 0.114 B as one channel.</param>
public sealed record MsSsimOptions(bool Greyscale = false);
