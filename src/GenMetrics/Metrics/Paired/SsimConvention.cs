namespace GenMetrics.Metrics.Paired;

/// <summary>Whose SSIM: the libraries differ in window, padding, covariance estimator and downsampling.</summary>
public enum SsimConvention
{
    /// <summary>
    /// piq <c>ssim</c> (9948a52, v0.8.0; = MATLAB ssim.m): 11 x 11 Gaussian, σ 1.5, K1 0.01, K2 0.03; first an f x f
    /// average pool with f = max(1, round(min(H, W) / 256)) (Python's round: halves to even, so 640 px gives 2);
    /// 'valid' window positions; population statistics; mean of each channel's map, then over channels.
    /// </summary>
    Piq,

    /// <summary>
    /// skimage <c>structural_similarity(a, b, channel_axis=2, data_range=1.0)</c> (0.19.3): 7 x 7 uniform window
    /// (gaussian_weights False), sample covariance (use_sample_covariance True: × 49/48), K1 0.01, K2 0.03, no
    /// downsampling; the map cropped by 3 on each side (so 'valid'), its float64 mean, then the channel mean.
    /// data_range must be given: skimage 0.19 takes 2 (the float dtype's range −1..1) when it is not.
    /// </summary>
    Skimage,

    /// <summary>
    /// torchmetrics <c>structural_similarity_index_measure(preds, target, data_range=1.0)</c> (dab0333): 11 x 11
    /// Gaussian, σ 1.5, the image reflect-padded by 5 (torch 'reflect', edge not repeated), variances clamped at 0,
    /// and — since torchmetrics 1.5 (PR #2721) — the mean over the whole padded-size map (H x W x C, no crop).
    /// Works from 6 x 6 pixels (reflect padding needs 5 &lt; size), also below the window size.
    /// </summary>
    Torchmetrics,
}
