namespace GenMetrics.Imaging;

/// <summary>The resampling recipe a protocol resizes with; each reproduces one reference implementation exactly.</summary>
public enum ResizeFilter
{
    /// <summary>
    /// TensorFlow 1.x legacy <c>resize_bilinear</c> (align_corners = False, no half-pixel offset), as torch-fidelity's
    /// <c>interpolate_bilinear_2d_like_tensorflow1x</c> (method "slow") computes it in float32.
    /// </summary>
    Tf1Bilinear,

    /// <summary>PyTorch <c>F.interpolate(mode='bilinear', align_corners=False, antialias=False)</c> on the CPU.</summary>
    TorchBilinear,

    /// <summary>Pillow's <c>Image.BICUBIC</c> (a = -0.5) on a float32 ('F') image, antialiased when downscaling.</summary>
    PilBicubic,
}
