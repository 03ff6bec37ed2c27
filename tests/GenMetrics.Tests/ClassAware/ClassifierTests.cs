using System.Text.Json;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Tests.Cli;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.ClassAware;

/// <summary>
/// --mode-classifier onnx:PATH: a classifier's outputs as probabilities (softmax, or as they are when already
/// probabilities) and argmax labels, through the CLI on images: a tiny ONNX model that calls bright images class 0 and
/// dark ones class 1.
/// </summary>
public class ClassifierTests
{
    [Fact]
    public void Outputs_become_probabilities_by_softmax_unless_they_already_are()
    {
        var logits = FeatureMatrix.FromRows([[1f, 2f, 0f], [0f, 0f, 5f]], "logits");
        var p = ClassProbabilities.FromClassifierOutputs(logits);
        double z = Math.Exp(-1) + 1 + Math.Exp(-2);
        Assert.Equal(1 / z, p.Row(0)[1], 15);
        Assert.Equal(Math.Exp(-1) / z, p.Row(0)[0], 15);
        Assert.Equal(["1", "2"], Enumerable.Range(0, 2).Select(i => p.MostLikely()[i]));
        var probs = FeatureMatrix.FromRows([[0.25f, 0.75f], [0.5f, 0.5f]], "probs");
        var q = ClassProbabilities.FromClassifierOutputs(probs);
        Assert.Equal(0.25, q.Row(0)[0]);
        Assert.Equal(["1", "0"], Enumerable.Range(0, 2).Select(i => q.MostLikely()[i]));   // a tie: the first class
    }

    private static string Classifier(TempDir dir)
    {
        var b = new OnnxModelBuilder("brightness");
        b.AddInput("images", "N", 3, 224, 224);
        b.AddInitializer("w", [3, 2], [1f, -1f, 1f, -1f, 1f, -1f]);
        b.AddInitializer("b", [2], [0f, 0f]);
        var pooled = b.Node("GlobalAveragePool", ["images"], "pooled");
        var flat = b.Node("Flatten", [pooled], "flat", OnnxAttribute.Int("axis", 1));
        var mm = b.Node("MatMul", [flat, "w"], "mm");
        b.Node("Add", [mm, "b"], "logits");
        b.AddOutput("logits", "N", 2);
        var path = dir.File("brightness.onnx");
        File.WriteAllBytes(path, b.ToBytes());
        return path;
    }

    private static string Images(TempDir dir, string name, int bright, int dark, int seed)
    {
        var rng = new Random(seed);
        int n = bright + dark;
        var px = new byte[n * 20 * 20 * 3];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < 1200; k++) px[i * 1200 + k] = (byte)((i < bright ? 200 : 10) + rng.Next(40));
        var path = dir.File(name);
        Npy.Write(path, px, n, 20, 20, 3);
        return path;
    }

    [Fact]
    public void The_classifier_labels_and_weighs_both_sets_through_the_cli()
    {
        using var dir = Fixtures.TempDir();
        var model = Classifier(dir);
        var real = Images(dir, "real.npy", 12, 12, 1);
        var fake = Images(dir, "fake.npy", 15, 1, 2);
        var json = dir.File("r.json");
        var (exit, _, stderr) = CliHarness.Run("eval", real, fake, "--encoder", "random-cnn", "--no-cache", "-m", "modes,cafd", "--mode-classifier", "onnx:" + model, "-o", json);
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var modes = doc.RootElement.GetProperty("details").GetProperty("modes");
        Assert.Equal("generated labels", modes.GetProperty("assignment").GetString());
        Assert.Equal(["1"], modes.GetProperty("dropped").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(12, modes.GetProperty("per_class").GetProperty("0").GetProperty("real_count").GetInt32());
        Assert.Equal(15, modes.GetProperty("per_class").GetProperty("0").GetProperty("generated_count").GetInt32());
        Assert.True(doc.RootElement.GetProperty("metrics").GetProperty("cafd_kl").GetDouble() > 0.2);

        // Given labels win over the classifier's: all generated samples called dark drop class 0 instead.
        File.WriteAllLines(dir.File("dark.csv"), [.. Enumerable.Range(0, 16).Select(i => $"{i},1")]);
        var (exit2, _, stderr2) = CliHarness.Run("eval", real, fake, "--encoder", "random-cnn", "--no-cache", "-m", "modes", "--mode-classifier", "onnx:" + model,
            "--fake-labels", dir.File("dark.csv"), "-o", json);
        Assert.True(exit2 == 0, stderr2);
        using (var again = JsonDocument.Parse(File.ReadAllText(json)))
            Assert.Equal(["0"], again.RootElement.GetProperty("details").GetProperty("modes").GetProperty("dropped").EnumerateArray().Select(x => x.GetString()));

        // A features input cannot be classified; the option must serve a selected metric and name an ONNX model.
        var a = dir.File("a.npy");
        Npy.Write(a, new float[24 * 3], 24, 3);
        var (exit3, _, stderr3) = CliHarness.Run("eval", a, a, "-m", "modes", "--mode-classifier", "onnx:" + model);
        Assert.Equal(2, exit3);
        Assert.Contains($"--mode-classifier: {a} holds features or statistics; the classifier needs the images", stderr3);
        var (exit4, _, stderr4) = CliHarness.Run("eval", a, a, "-m", "fid", "--mode-classifier", "onnx:" + model);
        Assert.Equal(2, exit4);
        Assert.Contains("--mode-classifier: applies to modes, fid_per_class, cafd, and none of them is selected", stderr4);
        var (exit5, _, stderr5) = CliHarness.Run("eval", a, a, "-m", "modes", "--mode-classifier", model);
        Assert.Equal(2, exit5);
        Assert.Contains("expected onnx:PATH", stderr5);
    }
}
