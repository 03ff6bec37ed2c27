using System.Diagnostics;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Imaging;
using GenMetrics.Samples;
using GenMetrics.Tests.Support;
using Xunit.Abstractions;

namespace GenMetrics.Tests.ClassAware;

/// <summary>Encodes the committed Fashion-MNIST subset once through the random CNN (train 2000, test 1000) for the tests below.</summary>
public sealed class FashionMnistFeatures : IDisposable
{
    private static string Dir => Path.Combine(Fixtures.RepoRoot, "samples", "fashion-mnist");

    public FashionMnistFeatures()
    {
        var clock = Stopwatch.StartNew();
        Encoder = RandomCnnEncoder.Create();
        var options = new ExtractionOptions { UseCache = false };
        Train = FeatureExtractor.Extract(Path.Combine(Dir, "train-images-idx3-ubyte.gz"), Encoder, options);
        TrainLabels = ClassLabels.Load(Path.Combine(Dir, "train-labels-idx1-ubyte.gz"), Train);
        using var test = SampleSources.Open(Path.Combine(Dir, "t10k-images-idx3-ubyte.gz"));
        TestImages = [.. Enumerable.Range(0, test.Count).Select(test.Read)];
        Test = FeatureExtractor.Extract(test, Encoder, options);
        TestLabels = ClassLabels.Load(Path.Combine(Dir, "t10k-labels-idx1-ubyte.gz"), Test);
        Seconds = clock.Elapsed.TotalSeconds;
    }

    internal RandomCnnEncoder Encoder { get; }
    public FeatureSet Train { get; }
    public ClassLabels TrainLabels { get; }
    public IReadOnlyList<RgbImage> TestImages { get; }
    public FeatureSet Test { get; }
    public ClassLabels TestLabels { get; }
    public double Seconds { get; }

    public void Dispose() => Encoder.Dispose();
}

/// <summary>
/// Issue 10's checks on real data: Fashion-MNIST through the weight-free random CNN, labels from the IDX files. A
/// generated set that is the test set without two classes has exactly those two dropped (also when its classes come
/// from the kNN vote); per-class FID is highest for the classes made noisy.
/// </summary>
public class FashionMnistClassAwareTests(FashionMnistFeatures f, ITestOutputHelper output) : IClassFixture<FashionMnistFeatures>
{
    // Trouser and bag: the random CNN's 10-NN vote puts 13 and 3 of the other 800 test images into them (train 2000,
    // accuracy 63% overall), well below the 0.25 x 10% threshold; dress or coat would take 46-58 (measured).
    private static readonly string[] Removed = ["1", "8"];

    private (FeatureSet Set, ClassLabels Labels) TestWithout(string[] classes)
    {
        var keep = Enumerable.Range(0, (int)f.Test.Count).Where(i => !classes.Contains(f.TestLabels[i])).ToArray();
        var set = Subset(f.Test, keep);
        return (set, ClassLabels.FromNames([.. keep.Select(i => f.TestLabels[i])], "t10k labels"));
    }

    private static FeatureSet Subset(FeatureSet s, int[] rows) => FeatureSet.FromFeatures(s.Features!.SelectRows(rows), s.Source + " (subset)");

    [Fact]
    public void Removing_two_classes_drops_exactly_those_two_with_labels_and_by_the_knn_vote()
    {
        output.WriteLine($"encoded 3000 images in {f.Seconds:F1} s");
        var (generated, labels) = TestWithout(Removed);
        foreach (var withLabels in (bool[])[true, false])
        {
            var set = new EvaluationSet { Real = f.Train, Generated = generated, RealLabels = f.TrainLabels, GeneratedLabels = withLabels ? labels : null };
            var r = Evaluator.Evaluate(set, "modes");
            var details = r.Details.Single().Value;
            var dropped = details["dropped"]!.AsArray().Select(x => x!.GetValue<string>()).ToArray();
            var perClass = details["per_class"]!.AsObject();
            output.WriteLine($"{(withLabels ? "labels" : "knn vote")}: covered {r["modes_covered"]} of {r["modes_total"]}, kl {r["mode_kl"]:F4}, dropped [{string.Join(", ", dropped)}]; " +
                             string.Join(" ", perClass.Select(kv => $"{kv.Key}:{kv.Value!["generated_share"]!.GetValue<double>():F3}")));
            Assert.Equal(Removed, dropped);
            Assert.Equal(10, r["modes_total"]);
            Assert.Equal(8, r["modes_covered"]);
        }
    }

    [Fact]
    public void Per_class_fid_is_highest_for_the_classes_made_noisy()
    {
        string[] noisy = ["3", "7"];   // dress, sneaker
        var images = f.TestImages.ToArray();
        var rows = Enumerable.Range(0, images.Length).Where(i => noisy.Contains(f.TestLabels[i])).ToArray();
        var distorted = GaussianNoise.AddToGrey([.. rows.Select(i => images[i])], 48, seed: 10);
        for (int t = 0; t < rows.Length; t++) images[rows[t]] = distorted[t];
        var generated = FeatureExtractor.Extract(SampleSources.FromImages(images, "t10k + noise on 3, 7"), f.Encoder, new ExtractionOptions { UseCache = false });
        var set = new EvaluationSet { Real = f.Train, Generated = generated, RealLabels = f.TrainLabels, GeneratedLabels = f.TestLabels };
        var r = Evaluator.Evaluate(set, "fid_per_class");
        var perClass = r.Details.Single().Value["per_class"]!.AsObject()
            .Select(kv => (Class: kv.Key, Fid: kv.Value!["fid"]!.GetValue<double>())).OrderByDescending(x => x.Fid).ToArray();
        output.WriteLine($"fid_per_class {r["fid_per_class"]:F4}: " + string.Join(" ", perClass.Select(x => $"{x.Class}:{x.Fid:F4}")));
        Assert.Equal(noisy, perClass.Take(2).Select(x => x.Class).Order());
        Assert.True(perClass[1].Fid > 1.5 * perClass[2].Fid, "the noisy classes should stand apart");
        Assert.Contains(r.Warnings, w => w.StartsWith("fid_per_class: 10 class(es) have N <= d=128"));
    }

    [Fact]
    public void C2st_is_near_chance_for_test_against_train_and_near_one_for_noisy_images()
    {
        // 1000 train images against the 1000 test images: one distribution.
        var train1000 = Subset(f.Train, [.. Enumerable.Range(0, 1000)]);
        var same = Evaluator.Evaluate(new EvaluationSet { Real = train1000, Generated = f.Test }, "c2st");
        var noisyImages = GaussianNoise.AddToGrey([.. f.TestImages], 48, seed: 11);
        var noisy = FeatureExtractor.Extract(SampleSources.FromImages(noisyImages, "t10k + noise"), f.Encoder, new ExtractionOptions { UseCache = false });
        var apart = Evaluator.Evaluate(new EvaluationSet { Real = train1000, Generated = noisy }, "c2st");
        output.WriteLine($"test vs train: auc {same["c2st_auc"]:F4} accuracy {same["c2st_accuracy"]:F4} p {same["c2st_p"]:F4}; " +
                         $"noisy vs train: auc {apart["c2st_auc"]:F4} accuracy {apart["c2st_accuracy"]:F4} p {apart["c2st_p"]:F4}");
        Assert.InRange(same["c2st_auc"]!.Value, 0.45, 0.6);
        Assert.True(same["c2st_p"]!.Value > 0.01);
        Assert.True(apart["c2st_auc"]!.Value > 0.98);
        Assert.Equal(1 / 101.0, apart["c2st_p"]!.Value, 12);
    }
}
