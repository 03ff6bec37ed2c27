using GenMetrics.Cli;
using GenMetrics.Cli.Commands;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Cli;

/// <summary>
/// Bad generator inputs through the real command tree (issue 11), in the style of <see cref="BadInputTableTests"/>:
/// the arguments ({d}: the models of <see cref="GeneratorModels"/>, {g}: tests/fixtures/generator, {f}:
/// tests/fixtures), the exit code, a fragment of the message (which names the model and the tensor), and the output
/// that must not exist afterwards.
/// </summary>
public class GeneratorBadInputTableTests(GeneratorModels models) : IClassFixture<GeneratorModels>
{
    public static TheoryData<string, int, string, string?> Rows => new()
    {
        // The model does not fit what a generator is.
        { "eval {d}/images.npy {f}/onnxenc/tiny_encoder.onnx -n 4 -o {d}/r1.json", 2, "tiny_encoder.onnx: has no latent input: its first input 'pixel_values' is Float [batch x 3 x 32 x 32]", "{d}/r1.json" },
        { "sample {d}/vectors.onnx -n 4 -o {d}/s1", 2, "vectors.onnx: output 'features' is Float [N x 8], not an image batch", "{d}/s1" },
        { "eval {d}/images.npy {g}/tiny_uncond.onnx -n 4 --z-dim 7 -o {d}/r2.json", 2, "--z-dim: 7, but {g}/tiny_uncond.onnx takes latents of size 16 (input 'z' is Float [batch x 16])", "{d}/r2.json" },
        { "eval {d}/images.npy {d}/any_z.onnx -n 4 -o {d}/r3.json", 2, "--z-dim: needed: the latent size of {d}/any_z.onnx is not fixed (input 'z' is Float [N x Z])", "{d}/r3.json" },
        { "eval {d}/images.npy {g}/tiny_cond.onnx -n 4 -o {d}/r4.json", 2, "--num-classes: needed: {g}/tiny_cond.onnx is conditional (input 'label' takes class labels)", "{d}/r4.json" },
        { "eval {d}/images.npy {g}/tiny_uncond.onnx -n 4 --num-classes 10", 2, "--num-classes: 10, but {g}/tiny_uncond.onnx is unconditional: its only input is 'z'", null },
        { "sample {d}/two_floats.onnx -n 4 --num-classes 3 -o {d}/s2.zip", 2, "two_floats.onnx: second input 'style' is Float [N x 12]; a conditional generator's second input takes int64 class labels", "{d}/s2.zip" },
        { "sample {d}/float_images.onnx -n 4 -o {d}/s3.npz", 2, "--output-range: needed: output 'images' of {d}/float_images.onnx is float32", "{d}/s3.npz" },
        { "sample {g}/tiny_uncond.onnx -n 4 --output-range 0,1 -o {d}/s4.npz", 2, "--output-range: 0,1, but output 'images' of {g}/tiny_uncond.onnx is already uint8 images", "{d}/s4.npz" },
        { "sample {g}/tiny_uncond.onnx -n 4 --output-range 0,255 -o {d}/s5.npz", 2, "--output-range '0,255': expected -1,1 or 0,1", "{d}/s5.npz" },
        { "sample {g}/tiny_uncond.onnx --latents {d}/z7.npy -o {d}/s6.npz", 2, "--latents: {d}/z7.npy: holds '<f4' of shape (4, 7), but tiny_uncond.onnx takes float latents N x 16 (input 'z')", "{d}/s6.npz" },
        { "sample {g}/tiny_uncond.onnx -n 4 --z-type unit --truncation 0.7 -o {d}/s7.npz", 2, "--truncation: unit latents have no mean to truncate toward", "{d}/s7.npz" },
        { "sample {g}/tiny_uncond.onnx -n 4 --z-type gaussian -o {d}/s8.npz", 2, "--z-type 'gaussian': expected normal, unit or uniform_0_1", "{d}/s8.npz" },
        { "sample {g}/tiny_uncond.onnx -n 4 --seed -1 -o {d}/s9.npz", 2, "--seed: -1 is not a valid seed", "{d}/s9.npz" },
        // Sample counts and outputs.
        { "eval {d}/images.npy {g}/tiny_uncond.onnx -o {d}/r5.json", 2, "--num-samples: needed with a generator input", "{d}/r5.json" },
        { "sample {g}/tiny_uncond.onnx -o {d}/s10.npz", 2, "--num-samples: needed with a generator input", "{d}/s10.npz" },
        { "eval {d}/images.npy {g}/tiny_uncond.onnx -n 4 --sample-seed 3", 2, "--sample-seed: selects a random subset of a sample set; {g}/tiny_uncond.onnx is a generator", null },
        { "sample {g}/tiny_uncond.onnx -n 4 -o {d}/full", 2, "{d}/full: the folder exists and is not empty", null },
        { "sample {d}/images.npy -n 4 -o {d}/s11", 2, "{d}/images.npy: not an ONNX generator (.onnx)", "{d}/s11" },
        { "sample {d}/nope.onnx -n 4 -o {d}/s12", 2, "{d}/nope.onnx: ONNX generator not found", "{d}/s12" },
        // Generator options without a generator, and a generator in the wrong place.
        { "eval {d}/images.npy {d}/images.npy --encoder random-cnn --z-dim 16", 2, "--z-dim: applies to an ONNX generator input (a .onnx file), and none was given", null },
        { "eval {g}/tiny_uncond.onnx {d}/images.npy -n 4", 2, "{g}/tiny_uncond.onnx: an ONNX generator can be the generated input only (the last one)", null },
        { "eval {g}/tiny_uncond.onnx -n 4 -m fid", 2, "fid: needs a real input", null },
        { "eval {g}/tiny_uncond.onnx -n 4 -m ppl --ppl-epsilon 0", 2, "--ppl-epsilon: must be a small positive number, got 0", null },
        { "eval {g}/tiny_uncond.onnx -n 4 -m ppl --lpips-weights {d}/nope.pth", 2, "--lpips-weights: {d}/nope.pth: file not found", null },
        { "eval {d}/images.npy {d}/images.npy --encoder random-cnn -m ppl", 2, "ppl: needs a generator input", null },
    };

    [Theory, MemberData(nameof(Rows))]
    public void Bad_generator_input_exits_with_a_clear_message_and_leaves_no_output(string args, int exit, string fragment, string? output)
    {
        string Fill(string s) => s.Replace("{d}", models.Dir.Path).Replace("{g}", Fixtures.Path("generator")).Replace("{f}", Path.Combine(Fixtures.RepoRoot, "tests", "fixtures"));
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliRunner.Run(Commands.Root(), [.. Fill(args).Split(' ', StringSplitOptions.RemoveEmptyEntries), "--progress", "none"], o, e);
        var stderr = e.ToString();
        Assert.True(code == exit, $"exit {code}, expected {exit}: {stderr}");
        Assert.Contains(Fill(fragment), stderr);
        Assert.DoesNotContain("   at ", stderr);
        if (output is not null) Assert.False(File.Exists(Fill(output)) || Directory.Exists(Fill(output)), $"{Fill(output)} was left behind");
        Assert.Empty(Directory.GetFiles(models.Dir.Path, ".*.tmp"));
        Assert.Empty(Directory.GetDirectories(models.Dir.Path, ".*.tmp"));
    }
}
