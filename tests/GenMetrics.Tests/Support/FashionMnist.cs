using GenMetrics.Encoders;
using GenMetrics.Imaging;

namespace GenMetrics.Tests.Support;

/// <summary>The committed Fashion-MNIST subset and its random-CNN features, for tests on real images.</summary>
internal static class FashionMnist
{
    public static string Dir => Path.Combine(Fixtures.RepoRoot, "samples", "fashion-mnist");

    /// <summary>The random CNN's 128-d features of <paramref name="images"/> (its own tf@64 preprocessing), named <paramref name="name"/>.</summary>
    public static FeatureMatrix Features(RandomCnnEncoder encoder, IReadOnlyList<RgbImage> images, string name = "features")
    {
        var protocol = RandomCnnEncoder.Protocol;
        var inputs = new float[images.Count * protocol.ImageLength];
        protocol.PreprocessBatch(images, inputs);
        var f = encoder.EncodeFeatures(inputs, images.Count);
        return new FeatureMatrix(f.Memory, f.Rows, f.Columns, name);
    }
}
