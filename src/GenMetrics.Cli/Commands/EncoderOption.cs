using System.CommandLine;

namespace GenMetrics.Cli.Commands;

/// <summary>The <c>--encoder</c> option shared by the commands that read samples.</summary>
internal static class EncoderOption
{
    public static Option<string> Create() => new("--encoder", "-e")
    {
        Description = "Feature extractor: none (inputs are features already). Image encoders (inception, random-cnn, onnx:PATH) arrive with image inputs.",
        DefaultValueFactory = _ => "none",
    };

    public static void RequireNone(string? name)
    {
        if (!string.Equals(name, "none", StringComparison.OrdinalIgnoreCase))
            throw new InputException($"--encoder {name}: not available in this version; known: none (pass features as .npy/.npz)");
    }
}
