using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Imaging;
using GenMetrics.Protocols;
using GenMetrics.Samples;
using GenMetrics.Tests.Encoders;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Evaluation;

/// <summary>
/// uint8 images → the tf protocol → our FID InceptionV3 on ONNX Runtime, against torch-fidelity's whole feature
/// extractor on the same images with the same (seeded random) weights: parity/make_e2e_inception_fixtures.py.
/// </summary>
public class EndToEndInceptionTests(InceptionFixture f) : IClassFixture<InceptionFixture>
{
    private static RgbImage Formula(int h, int w)
    {
        var px = new byte[h * w * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                    px[(y * w + x) * 3 + c] = (byte)((31 * y + 17 * x + 7 * c + 3 * y * x) % 256);
        return new RgbImage(w, h, px, $"formula{h}x{w}");
    }

    private static List<RgbImage> Images()
    {
        using var source = SampleSources.Open(Path.Combine(Fixtures.RepoRoot, "samples", "fashion-mnist", "train-images-idx3-ubyte.gz"));
        return [source.Read(0), source.Read(1), source.Read(2), source.Read(3), Formula(299, 299), Formula(320, 310)];
    }

    [Fact]
    public void Pytorch_fid_protocol_features_equal_pytorch_fid_on_the_same_images()
    {
        var images = Images();
        var got = Extract(images, Protocol.PytorchFid);
        Compare(Npy.Read(Fixtures.Path("e2e", "pytorch_fid_pool3.npy")).ToSingle(), got.GetOutput("pool3").Span);
    }

    [Fact]
    public void Clean_protocol_features_equal_clean_fids_resizer_and_the_fid_network()
    {
        var images = Images();
        var got = Extract(images, Protocol.Clean);
        Compare(Npy.Read(Fixtures.Path("e2e", "clean_pool3.npy")).ToSingle(), got.GetOutput("pool3").Span);
    }

    [Fact]
    public void Tf_protocol_features_equal_torch_fidelity_on_fashion_mnist_and_larger_images()
    {
        var images = Images();
        var got = Extract(images, Protocol.Tf);

        Compare(Npy.Read(Fixtures.Path("e2e", "tf_pool3.npy")).ToSingle(), got.GetOutput("pool3").Span);
        Compare(Npy.Read(Fixtures.Path("e2e", "tf_logits_unbiased.npy")).ToSingle(), got.GetOutput("logits_unbiased").Span);
    }

    private FeatureSet Extract(List<RgbImage> images, Protocol protocol)
    {
        f.Model.Protocol = protocol;
        using var source = SampleSources.FromImages(images, "e2e");
        return FeatureExtractor.Extract(source, f.Model, new ExtractionOptions { UseCache = false });
    }

    private static void Compare(float[] want, ReadOnlySpan<float> got)
    {
        Assert.Equal(want.Length, got.Length);
        double scale = want.Max(Math.Abs), maxDiff = 0;
        for (int i = 0; i < want.Length; i++) maxDiff = Math.Max(maxDiff, Math.Abs(want[i] - got[i]));
        Assert.True(maxDiff <= 1e-4 * scale, $"max |diff| {maxDiff:g3} > 1e-4 x max |ref| {scale:g3}");
    }
}
