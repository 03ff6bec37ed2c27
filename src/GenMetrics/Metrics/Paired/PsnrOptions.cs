namespace GenMetrics.Metrics.Paired;

/// <summary>Options of <c>psnr</c>.</summary>
/// <param name="Convention">How the set value is formed: piq's mean of per-pair PSNRs (default) or torchmetrics' pooled MSE.</param>
/// <param name="Greyscale">Compare Y = 0.299 R + 0.587 G + 0.114 B as one channel.</param>
public sealed record PsnrOptions(PsnrConvention Convention = PsnrConvention.Piq, bool Greyscale = false);
