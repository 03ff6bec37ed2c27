using System.Text.Json;
using GenMetrics.Encoders;
using GenMetrics.Protocols;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Encoders;

/// <summary>
/// A model a user exported with torch.onnx.export (tests/fixtures/onnxenc/tiny_encoder.onnx, written by
/// parity/make_onnx_encoder_model.py): the features equal torch's forward pass on torchvision's input.
/// </summary>
public class OnnxFileTorchExportTests
{
    [Fact]
    public void A_torch_exported_model_gives_torchs_features()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("onnxenc", "tiny_encoder.json")));
        var sizes = doc.RootElement.GetProperty("sizes").EnumerateArray().Select(s => (W: s[0].GetInt32(), H: s[1].GetInt32())).ToArray();
        var dim = doc.RootElement.GetProperty("dim").GetInt32();
        var expected = doc.RootElement.GetProperty("bits").EnumerateArray().Select(b => BitConverter.UInt32BitsToSingle(b.GetUInt32())).ToArray();

        var preprocessing = new TorchvisionPreprocessing
        {
            Size = 32, Mean = TorchvisionPreprocessing.ClipMean, Std = TorchvisionPreprocessing.ClipStd, Resize = TorchvisionResize.Bicubic, CenterCrop = true,
        };
        using var enc = OnnxFileEncoder.Open(Fixtures.Path("onnxenc", "tiny_encoder.onnx"), preprocessing, threads: 1, batchSize: 3);
        Assert.Equal(dim, enc.Dimension);
        Assert.Equal("image_embeds", enc.OutputName);
        var input = new float[sizes.Length * enc.ImageLength];
        for (var i = 0; i < sizes.Length; i++)
            enc.Preprocessing.Preprocess(OnnxFileFixtures.Image(sizes[i].W, sizes[i].H), input.AsSpan(i * enc.ImageLength, enc.ImageLength));
        var f = enc.EncodeFeatures(input, sizes.Length);
        var maxErr = 0.0;
        for (var i = 0; i < sizes.Length; i++)
            for (var d = 0; d < dim; d++)
                maxErr = Math.Max(maxErr, Math.Abs(f.Row(i)[d] - expected[i * dim + d]) / (1 + Math.Abs(expected[i * dim + d])));
        Assert.True(maxErr <= 1e-5, $"max relative error {maxErr:G3}");
    }
}
