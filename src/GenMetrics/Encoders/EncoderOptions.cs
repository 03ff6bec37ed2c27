using GenMetrics.Protocols;

namespace GenMetrics.Encoders;

/// <summary>
/// How <see cref="EncoderRegistry.Open"/> builds an encoder. Every setting is optional (null: the encoder's default),
/// and a setting the chosen encoder does not take is an error, not silently ignored.
/// </summary>
public sealed record EncoderOptions
{
    /// <summary>
    /// <c>inception</c>: the weights file (pytorch-fid's <c>pt_inception-2015-12-05-6726825d.pth</c>). Default: the
    /// verified copy under $GENMETRICS_HOME/weights, downloaded on first use.
    /// </summary>
    public string? Weights { get; init; }

    /// <summary><c>inception</c>: the protocol images go through (default <see cref="Protocol.Tf"/>).</summary>
    public Protocol? Protocol { get; init; }

    /// <summary><c>onnx</c>: the images' preprocessing (default torchvision's ImageNet recipe at 224).</summary>
    public TorchvisionPreprocessing? Preprocessing { get; init; }

    /// <summary><c>onnx</c>: the model output the features come from (default: its first output).</summary>
    public string? Output { get; init; }

    /// <summary>Intra-op threads of the network (default: one per core, or the <see cref="Parallelism"/> limit in force).</summary>
    public int? Threads { get; init; }

    /// <summary>Images per network run (default: the encoder's own, 16 for inception, 64 for random-cnn; 4 times that on a GPU).</summary>
    public int? BatchSize { get; init; }

    /// <summary>Where the network runs (default: the CPU); see <see cref="ComputeDevice"/>.</summary>
    public ComputeDevice? Device { get; init; }

    /// <summary>Receives progress while weights are hashed, downloaded or waited for.</summary>
    public IProgress<DownloadProgress>? DownloadProgress { get; init; }

    /// <summary>The cache folder for weights and built models (default $GENMETRICS_HOME, else ~/.cache/genmetrics).</summary>
    public string? Home { get; init; }
}
