namespace GenMetrics.Metrics.Paired;

/// <summary>How PSNR is averaged over a set of pairs.</summary>
public enum PsnrConvention
{
    /// <summary>piq <c>psnr</c> (9948a52): per pair −10·log10(MSE + 1e-8), then the mean over pairs (identical images: 80 dB).</summary>
    Piq,

    /// <summary>
    /// torchmetrics <c>PeakSignalNoiseRatio(data_range=1.0)</c> (dab0333, dim=None): the squared errors and element
    /// counts of all pairs summed first, then (2 ln 1 − ln(SSE / N))·(10 / ln 10) with no epsilon (identical images:
    /// +∞), the factor 10 / ln 10 taken in float32 as torchmetrics computes it (10 / torch.log(tensor(10.))).
    /// </summary>
    Torchmetrics,
}
