using GenMetrics.Formats;
using static GenMetrics.Formats.OnnxAttribute;

namespace GenMetrics.Encoders;

/// <summary>
/// The random-embedding CNN (Naeem et al. 2020, "Reliable Fidelity and Diversity Metrics for Generative Models",
/// section 5: a randomly initialised network as the feature extractor for non-ImageNet data) as an ONNX graph.
/// A small VGG-style network on N x 3 x 64 x 64 inputs, every convolution 3 x 3, stride 1, pad 1, no bias:
/// conv1_1 (3→32), ReLU, conv1_2 (32→32), ReLU, max-pool 2 → 32 x 32 x 32;
/// conv2_1 (32→64), ReLU, conv2_2 (64→64), ReLU, max-pool 2 → 64 x 16 x 16;
/// conv3_1 (64→128), ReLU, conv3_2 (128→128), ReLU, max-pool 2 → 128 x 8 x 8;
/// flatten (8192, CHW order) and a fixed random linear projection <c>proj</c> (8192→256, no ReLU, no bias).
/// Output <c>features</c>: N x 256.
/// </summary>
/// <remarks>
/// Why this head: global average pooling would discard where in the image a pattern occurs, which on centred data
/// such as Fashion-MNIST is much of what tells classes apart; VGG's fc layers (Naeem et al. use fc2 of a random
/// VGG16, 4096-d) keep it. A random linear projection keeps the spatial layout at a dimension where FID's
/// covariance is well estimated from a few thousand samples. About 0.15 G multiply-adds per image.
/// </remarks>
internal static class RandomCnnGraph
{
    /// <summary>Names the architecture and weight recipe; changes whenever either does.</summary>
    public const string Version = "random-cnn-v1";
    public const int ImageSize = 64, Dimension = 256;
    public const string Input = "images", Output = "features";

    /// <summary>The convolutions in order: (name, in channels, out channels, max-pool after).</summary>
    public static IReadOnlyList<(string Name, int In, int Out, bool PoolAfter)> Convolutions { get; } =
    [
        ("conv1_1", 3, 32, false), ("conv1_2", 32, 32, true),
        ("conv2_1", 32, 64, false), ("conv2_2", 64, 64, true),
        ("conv3_1", 64, 128, false), ("conv3_2", 128, 128, true),
    ];

    /// <summary>The side of the last feature map (64 halved by three pools) and the flattened length.</summary>
    public const int FinalSide = ImageSize / 8, Flat = 128 * FinalSide * FinalSide;

    /// <summary>Every weight tensor with its shape (OIHW for convolutions, out x in for the projection).</summary>
    public static IEnumerable<(string Name, int[] Shape)> Tensors()
    {
        foreach (var c in Convolutions) yield return (c.Name + ".weight", [c.Out, c.In, 3, 3]);
        yield return ("proj.weight", [Dimension, Flat]);
    }

    public static byte[] Build(IReadOnlyDictionary<string, (int[] Shape, float[] Data)> weights)
    {
        var b = new OnnxModelBuilder("random_cnn");
        b.AddInput(Input, "N", 3, ImageSize, ImageSize);
        var x = Input;
        foreach (var (name, cin, cout, pool) in Convolutions)
        {
            var w = b.AddInitializer(name + ".weight", [cout, cin, 3, 3], weights[name + ".weight"].Data);
            x = b.Node("Conv", [x, w], name, Ints("kernel_shape", 3, 3), Ints("strides", 1, 1), Ints("pads", 1, 1, 1, 1));
            x = b.Node("Relu", [x], name + ".relu");
            if (pool) x = b.Node("MaxPool", [x], name + ".pool", Ints("kernel_shape", 2, 2), Ints("strides", 2, 2));
        }
        var flat = b.Node("Flatten", [x], "flat", Int("axis", 1));
        var p = b.AddInitializer("proj.weight", [Dimension, Flat], weights["proj.weight"].Data);
        b.Node("Gemm", [flat, p], Output, Int("transB", 1));
        b.AddOutput(Output, "N", Dimension);
        return b.ToBytes();
    }
}
