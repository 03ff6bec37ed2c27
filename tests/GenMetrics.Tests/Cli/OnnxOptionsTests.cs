using GenMetrics.Protocols;

namespace GenMetrics.Tests.Cli;

/// <summary>The ONNX encoder's preprocessing: its defaults in the library, and the command line's parsing of its flags.</summary>
public class OnnxOptionsTests
{
    [Fact]
    public void Defaults_are_torchvisions_imagenet_recipe_at_224()
    {
        var o = new TorchvisionPreprocessing();
        Assert.Equal(224, o.Size);
        Assert.Equal([0.485f, 0.456f, 0.406f], o.Mean);
        Assert.Equal([0.229f, 0.224f, 0.225f], o.Std);
        Assert.Equal(TorchvisionResize.Bicubic, o.Resize);
        Assert.True(o.CenterCrop);
        Assert.Equal("torchvision:size=224;mean=0.485,0.456,0.406;std=0.229,0.224,0.225;resize=bicubic;crop=center", o.Id);
    }

    [Theory]
    [InlineData("--encoder", "onnx:", "--encoder: 'onnx': expected onnx:PATH")]
    [InlineData("--input-size", "0", "--input-size: 0: expected an integer from 1 to 8192")]
    [InlineData("--input-size", "22x", "22x")]
    [InlineData("--mean", "0.5,0.5", "--mean '0.5,0.5': expected three")]
    [InlineData("--mean", "0.5,0.5,0.5,0.5", "got 4")]
    [InlineData("--mean", "0.5,abc,0.5", "'abc' is not a number")]
    [InlineData("--std", "0.2,0,0.2", "--std: 0.2,0,0.2: every value must be finite and positive")]
    [InlineData("--std", "0.2,NaN,0.2", "--std")]
    [InlineData("--resize", "lanczos", "--resize 'lanczos': expected bicubic or bilinear")]
    [InlineData("--crop", "random", "--crop 'random': expected center or none")]
    public void Malformed_values_are_input_errors_naming_the_option(string flag, string value, string expected)
    {
        string[] args = flag == "--encoder" ? ["eval", "a", "b", flag, value] : ["eval", "a", "b", "--encoder", "onnx:m.onnx", flag, value];
        var (exit, _, err) = CliHarness.Run(args);
        Assert.Equal(2, exit);
        Assert.Contains(expected, err);
    }

    [Fact]
    public void Settings_built_in_code_are_validated_and_name_the_setting()
    {
        var e = Assert.Throws<InputException>(() => new TorchvisionPreprocessing { Mean = [0.5f] }.Validate());
        Assert.Equal("mean", e.Setting);
        Assert.StartsWith("mean: expected three values", e.Message);
        var (exit, _, err) = CliHarness.Run("eval", "a", "b", "--encoder", "onnx:m.onnx", "--output", " ");
        Assert.Equal(2, exit);
        Assert.Contains("--output", err);
    }

    [Theory]
    [InlineData("--mean", "0.5,0.5,0.5", "random-cnn")]
    [InlineData("--protocol", "clean", "random-cnn")]
    [InlineData("--weights", "w.pth", "onnx:m.onnx")]
    [InlineData("--output", "x", "inception")]
    public void An_option_of_another_encoder_is_an_error_not_ignored(string flag, string value, string encoder)
    {
        var (exit, _, err) = CliHarness.Run("eval", "a", "b", "--encoder", encoder, flag, value);
        Assert.Equal(2, exit);
        Assert.Contains($"{flag}: does not apply to --encoder", err);
    }
}
