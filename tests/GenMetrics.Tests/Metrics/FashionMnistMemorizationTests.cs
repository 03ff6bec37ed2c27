using System.Diagnostics;
using GenMetrics.Encoders;
using GenMetrics.Imaging;
using GenMetrics.Metrics;
using GenMetrics.Samples;
using GenMetrics.Tests.Support;
using Xunit.Abstractions;

namespace GenMetrics.Tests.Metrics;

/// <summary>
/// Memorization metrics on real images (the committed Fashion-MNIST subset through the weight-free random CNN, 128-d, so
/// ct works after PCA to 64): a "generated" set made of training images is caught by C_T, authenticity and the copies
/// list; held-out images are not.
/// </summary>
public class FashionMnistMemorizationTests(ITestOutputHelper output)
{
    private static string Dir => FashionMnist.Dir;

    [Fact]
    public void Copied_training_images_are_caught_and_held_out_images_are_not()
    {
        var clock = Stopwatch.StartNew();
        using var encoder = RandomCnnEncoder.Create();
        using var trainSource = SampleSources.Open(Path.Combine(Dir, "train-images-idx3-ubyte.gz"));
        using var testSource = SampleSources.Open(Path.Combine(Dir, "t10k-images-idx3-ubyte.gz"));
        var trainImages = Enumerable.Range(0, 2000).Select(trainSource.Read).ToList();
        var testImages = Enumerable.Range(0, 1000).Select(testSource.Read).ToList();
        var train = FashionMnist.Features(encoder, trainImages[..1000], "train");              // T: what the "model" saw
        var unseen = FashionMnist.Features(encoder, trainImages[1000..], "unseen train");      // same distribution, never seen
        var testA = FashionMnist.Features(encoder, testImages[..500], "test[0, 500)");
        var testB = FashionMnist.Features(encoder, testImages[500..], "test[500, 1000)");
        // A generator that memorised: 200 training images with faint pixel noise, then 300 unseen images.
        var nearCopies = GaussianNoise.AddToGrey(trainImages[..200], sigma: 2, seed: 1);
        var mixed = FashionMnist.Features(encoder, [.. nearCopies, .. trainImages[1000..1300]], "mixed");

        var copying = DataCopying.Compute(train, testA, train.SelectRows(Enumerable.Range(0, 1000).ToArray()));
        var heldOut = DataCopying.Compute(train, testA, testB);
        var fresh = DataCopying.Compute(train, testA, unseen);
        var mixedCt = DataCopying.Compute(train, testA, mixed);
        var copiedAuth = AlphaPrecision.Compute(testA, train, train);
        var unseenAuth = AlphaPrecision.Compute(testA, unseen, train);
        var copies = Copies.Compute(train, mixed);

        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s; features d = {train.Columns}, ct in d = {copying.Dimensions}");
        output.WriteLine($"C_T: copies of T {copying.Ct:F2}, test vs test {heldOut.Ct:F2}, unseen train {fresh.Ct:F2}, 200 near-copies + 300 unseen {mixedCt.Ct:F2}");
        output.WriteLine($"authenticity: copies of T {copiedAuth.Authenticity:F4}, unseen train {unseenAuth.Authenticity:F4}");
        output.WriteLine($"alpha_precision / beta_recall of unseen train: {unseenAuth.AlphaPrecision:F4} / {unseenAuth.BetaRecall:F4}");
        var fp = copies.Matches.Where(m => m.Generated >= 200).ToList();
        output.WriteLine($"copies listed: {copies.Matches.Count} (near-copies {copies.Matches.Count - fp.Count} of 200, unseen {fp.Count} of 300); " +
                         $"largest near-copy ratio {copies.Ratios[..200].Max():F3}, smallest unseen ratio {copies.Ratios[200..].Min():F3}");

        // Measured: -18.79 (copies), 0.14 and -0.56 (held out), -7.25 (mixed); authenticity 0 and 0.53; near-copy
        // ratios at most 0.18, unseen at least 0.54. With every L(Q) = 0, Z is its minimum, about −sqrt(3 n m / (n + m + 1))
        // per cell (−18.2 for n = 167 test, m = 333 generated points).
        Assert.True(copying.Ct < -15, $"C_T of copied training images = {copying.Ct}");
        Assert.True(Math.Abs(heldOut.Ct) < 3 && Math.Abs(fresh.Ct) < 3, $"C_T of held-out sets = {heldOut.Ct}, {fresh.Ct}");
        Assert.True(mixedCt.Ct < -3, $"C_T with 40% near-copies = {mixedCt.Ct}");
        Assert.Equal(0.0, copiedAuth.Authenticity);
        Assert.True(unseenAuth.Authenticity > 0.3, $"authenticity of unseen images = {unseenAuth.Authenticity}");
        // Every near-copy is listed with the training image it copies; no unseen image is.
        Assert.Equal(Enumerable.Range(0, 200), copies.Matches.Select(m => m.Generated).Order());
        Assert.All(copies.Matches, m => Assert.Equal(m.Generated, m.Train));
    }

}
