using GenMetrics.Encoders;

namespace GenMetrics.Tests.Encoders;

public class OnnxEncoderOptionsTests
{
    [Fact]
    public void Defaults_are_torchvisions_imagenet_recipe_at_224()
    {
        var o = OnnxEncoderOptions.Parse("onnx:/models/dinov2.onnx");
        Assert.Equal("/models/dinov2.onnx", o.Path);
        Assert.Equal(224, o.InputSize);
        Assert.Equal([0.485f, 0.456f, 0.406f], o.Mean);
        Assert.Equal([0.229f, 0.224f, 0.225f], o.Std);
        Assert.Equal(OnnxResize.Bicubic, o.Resize);
        Assert.True(o.CenterCrop);
        Assert.Null(o.Output);
    }

    [Fact]
    public void Option_values_parse_as_the_command_line_gives_them()
    {
        var o = OnnxEncoderOptions.Parse("onnx:clip.onnx", inputSize: "336", mean: "0.48145466,0.4578275,0.40821073",
            std: "0.26862954, 0.26130258, 0.27577711", resize: "Bilinear", crop: "none", output: "image_embeds");
        Assert.Equal(336, o.InputSize);
        Assert.Equal(OnnxEncoderOptions.ClipMean, o.Mean);
        Assert.Equal(OnnxEncoderOptions.ClipStd, o.Std);
        Assert.Equal(OnnxResize.Bilinear, o.Resize);
        Assert.False(o.CenterCrop);
        Assert.Equal("image_embeds", o.Output);
        Assert.Contains("size=336", o.Settings);
        Assert.Contains("crop=none", o.Settings);
        Assert.Contains("output=image_embeds", o.Settings);
    }

    [Theory]
    [InlineData("inception", null, null, null, null, null, "onnx:PATH")]
    [InlineData("onnx:", null, null, null, null, null, "onnx:PATH")]
    [InlineData("onnx:m.onnx", "0", null, null, null, null, "--input-size '0'")]
    [InlineData("onnx:m.onnx", "22x", null, null, null, null, "--input-size '22x'")]
    [InlineData("onnx:m.onnx", null, "0.5,0.5", null, null, null, "--mean '0.5,0.5': expected three")]
    [InlineData("onnx:m.onnx", null, "0.5,0.5,0.5,0.5", null, null, null, "got 4")]
    [InlineData("onnx:m.onnx", null, "0.5,abc,0.5", null, null, null, "'abc' is not a number")]
    [InlineData("onnx:m.onnx", null, null, "0.2,0,0.2", null, null, "--std")]
    [InlineData("onnx:m.onnx", null, null, "0.2,NaN,0.2", null, null, "--std")]
    [InlineData("onnx:m.onnx", null, null, null, "lanczos", null, "--resize 'lanczos': expected bicubic or bilinear")]
    [InlineData("onnx:m.onnx", null, null, null, null, "random", "--crop 'random': expected center or none")]
    public void Malformed_values_are_input_errors_naming_the_option(string spec, string? size, string? mean, string? std, string? resize, string? crop, string expected)
    {
        var e = Assert.Throws<InputException>(() => OnnxEncoderOptions.Parse(spec, size, mean, std, resize, crop));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Options_built_in_code_are_validated_too()
    {
        var e = Assert.Throws<InputException>(() => new OnnxEncoderOptions("m.onnx") { Mean = [0.5f] }.Validate());
        Assert.Contains("--mean", e.Message);
        Assert.Throws<InputException>(() => OnnxEncoderOptions.Parse("onnx:m.onnx", output: " "));
    }
}
