using System.IO.Compression;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Imaging;
using GenMetrics.Metrics.Paired;
using GenMetrics.Reports;
using GenMetrics.Samples;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Paired;

/// <summary>
/// The paired metrics as registry metrics on the <see cref="InputRole.Pairs"/> role: <see cref="ImagePairs"/> (matching
/// by name, drawing from one set), <see cref="Evaluator"/> with their values equal to the core functions', per-pair
/// values, provenance, and the per-item CSV.
/// </summary>
public class PairedRegistryTests
{
    private static List<(RgbImage A, RgbImage B)> Pairs(int n = 5) =>
        [.. Enumerable.Range(0, n).Select(i => (PairedImages.Image($"{40 + 3 * i}x{50 - i}:scene:{i}"), PairedImages.Image($"{40 + 3 * i}x{50 - i}:noisy:{i}:{i + 20}")))];

    [Fact]
    public void Evaluator_runs_the_paired_metrics_by_name_with_the_core_values_per_pair_and_in_the_mean()
    {
        var pairs = Pairs();
        using var input = ImagePairs.FromImages(pairs);
        var result = Evaluator.Evaluate(new EvaluationSet { Pairs = input }, "ssim", "psnr");
        var ssim = pairs.Select(p => Ssim.Compute(p.A, p.B)).ToArray();
        var psnr = pairs.Select(p => Psnr.Compute(p.A, p.B)).ToArray();
        Assert.Equal(PairedScores.Mean(ssim), result["ssim"]);
        Assert.Equal(psnr.Average(), result["psnr"]!.Value, 12);
        Assert.Equal(ssim, result.ItemValues.Single(x => x.Key == "ssim").Value.Select(v => v.Value));
        Assert.Equal(["0", "1", "2", "3", "4"], result.ItemValues.Single(x => x.Key == "psnr").Value.Select(v => v.Name));
        Assert.Equal(["pairs_a", "pairs_b"], result.Inputs.Select(i => i.Role));
        Assert.All(result.Inputs, i => Assert.Equal(5, i.Provenance.Count));
        Assert.Equal(KeyDirection.HigherIsBetter, result.KeyInfo("ssim")!.Direction);

        // Options through the registry's parameters, as a front end sets them.
        var skimage = SsimMetric.Definition.Create(new Dictionary<string, object> { ["convention"] = SsimConvention.Skimage, ["greyscale"] = true });
        var r = Evaluator.Evaluate(new EvaluationSet { Pairs = input }, [skimage]);
        Assert.Equal(PairedScores.Mean(pairs.Select(p => Ssim.Compute(p.A, p.B, new SsimOptions(SsimConvention.Skimage, true))).ToArray()), r["ssim"]);
        Assert.StartsWith("scikit-image", r.MetricInfos[0].Convention);
        Assert.Contains(r.Settings[0].Value, s => s.Name == "convention" && (string)s.Value == "skimage");

        var pooled = PsnrMetric.Definition.Create(new Dictionary<string, object> { ["convention"] = PsnrConvention.Torchmetrics });
        r = Evaluator.Evaluate(new EvaluationSet { Pairs = input }, [pooled]);
        Assert.Equal(Psnr.OfSet(pairs.Select(p => Psnr.SquaredErrorOf(p.A, p.B)).ToArray(), PsnrConvention.Torchmetrics), r["psnr"]);
    }

    [Fact]
    public void Paired_metrics_need_pairs_and_the_registry_lists_them_on_the_pairs_role()
    {
        foreach (var name in new[] { "ssim", "ms_ssim", "psnr", "lpips", "lpips_diversity" })
            Assert.Equal([InputRole.Pairs], MetricRegistry.Default.Get(name).Info.Roles);
        Assert.Same(MsSsimMetric.Definition, MetricRegistry.Default.Get("ms-ssim"));
        var features = FeatureSet.FromFeatures(new FeatureMatrix(new float[20], 10, 2));
        var e = Assert.Throws<InputException>(() => Evaluator.Evaluate(new EvaluationSet { Generated = features }, "ssim"));
        Assert.Contains("ssim: needs a pairs input", e.Message);
        using var pairs = ImagePairs.FromImages(Pairs(2));
        var set = new EvaluationSet { Pairs = pairs, Generated = features };
        Assert.Equal([InputRole.Generated, InputRole.Pairs], set.Roles);
        Assert.True(set.Has(InputRole.Pairs));
        e = Assert.Throws<InputException>(() => Evaluator.Evaluate(new EvaluationSet { Pairs = pairs }, "lpips_diversity"));
        Assert.Contains("needs pairs drawn from one set", e.Message);
        e = Assert.Throws<InputException>(() => SsimMetric.Definition.Create(new Dictionary<string, object> { ["convention"] = (SsimConvention)7 }));
        Assert.Equal("convention", e.Setting);
        e = Assert.Throws<InputException>(() => new LpipsMetric(new LpipsOptions(BatchSize: 0)));
        Assert.Equal("batch_size", e.Setting);
    }

    [Fact]
    public void Values_do_not_depend_on_the_thread_count()
    {
        var pairs = Pairs(9);
        using var input = ImagePairs.FromImages(pairs);
        var all = Evaluator.Evaluate(new EvaluationSet { Pairs = input }, "ssim", "psnr");
        using (Parallelism.Limit(1))
        {
            var one = Evaluator.Evaluate(new EvaluationSet { Pairs = input }, "ssim", "psnr");
            Assert.Equal(all.Metrics, one.Metrics);
            Assert.Equal(all.ItemValues[0].Value, one.ItemValues[0].Value);
        }
    }

    [Fact]
    public void Open_matches_by_relative_name_across_folders_zips_and_files_and_names_what_has_no_partner()
    {
        using var dir = Fixtures.TempDir();
        string[] names = ["b.png", "a.png", "sub/c.png"];
        foreach (var (n, i) in names.Select((n, i) => (n, i)))
        {
            PairedPng.WriteSpec(dir.File("left/" + n), $"30x30:scene:{i}");
            PairedPng.WriteSpec(dir.File("right/" + n), $"30x30:noisy:{i}:{i + 5}");
        }
        ZipFile.CreateFromDirectory(dir.File("right"), dir.File("right.zip"));
        using (var pairs = ImagePairs.Open(dir.File("left"), dir.File("right.zip"), new SampleSourceOptions(Recursive: true)))
        {
            Assert.Equal(["a.png", "b.png", "sub/c.png"], pairs.Names);
            var (a, b) = pairs.Read(2);
            Assert.EndsWith("left/sub/c.png", a.Source);
            Assert.EndsWith("sub/c.png", b.Source);
            Assert.Null(pairs.Sampling);
        }
        // Without recursion sub-folders are not searched: the zip's sub/c.png has no partner... on neither side, so they match.
        using (var pairs = ImagePairs.Open(dir.File("left"), dir.File("right")))
            Assert.Equal(["a.png", "b.png"], pairs.Names);

        File.Delete(dir.File("right/a.png"));
        var e = Assert.Throws<InputException>(() => ImagePairs.Open(dir.File("left"), dir.File("right")));
        Assert.Contains($"1 image(s) of {dir.File("left")} have no partner in {dir.File("right")} (a.png)", e.Message);

        using (var files = ImagePairs.Open(dir.File("left/a.png"), dir.File("right/b.png")))
        {
            Assert.Equal(["a.png|b.png"], files.Names);
            Assert.Equal(["pairs_a", "pairs_b"], files.Inputs.Select(i => i.Role));
        }
    }

    [Fact]
    public void Arrays_pair_by_index_and_one_channel_arrays_are_greyscale()
    {
        using var dir = Fixtures.TempDir();
        var px = new byte[4 * 16 * 16];
        new Random(3).NextBytes(px);
        Npy.Write(dir.File("grey.npy"), px, 4, 16, 16);
        Npy.Write(dir.File("grey2.npy"), px.Reverse().ToArray(), 4, 16, 16);
        using var pairs = ImagePairs.Open(dir.File("grey.npy"), dir.File("grey2.npy"));
        Assert.Equal(["0", "1", "2", "3"], pairs.Names);
        Assert.True(pairs.Read(1).A.StoredGreyscale);
        Assert.Equal(PairedScores.Mean([.. Enumerable.Range(0, 4).Select(i => Ssim.Compute(pairs.Read(i).A, pairs.Read(i).B))]),
            Evaluator.Evaluate(new EvaluationSet { Pairs = pairs }, "ssim")["ssim"]);
    }

    [Fact]
    public void Draw_takes_numpys_pairs_of_distinct_images_and_records_the_draw()
    {
        var set = SampleSources.FromImages([.. Enumerable.Range(0, 6).Select(i => PairedImages.Image($"32x32:scene:{i}"))], "set");
        using var pairs = ImagePairs.Draw(set, 40, 11);
        var drawn = LpipsDiversity.DrawPairs(6, 40, 11);
        Assert.Equal(drawn.Select(p => $"{p.I}|{p.J}"), pairs.Names);
        Assert.Equal(new PairSampling(40, 11, 6), pairs.Sampling);
        var input = Assert.Single(pairs.Inputs);
        Assert.Equal("generated", input.Role);
        Assert.Equal(6, input.Provenance.Count);
        Assert.Equal("40 random pairs of distinct images, RandomState(11)", input.Provenance.Selection);
        Assert.Equal(set.ContentHash(), input.Provenance.ContentSha256);
        Assert.Equal("pairs", Assert.Throws<InputException>(() => ImagePairs.Draw(set, 0)).Setting);
        var one = SampleSources.FromImages([PairedImages.Image("32x32:scene:1")], "one");
        Assert.Contains("need at least 2", Assert.Throws<InputException>(() => ImagePairs.Draw(one)).Message);
    }

    [Fact]
    public void Stored_greyscale_follows_pils_grey_modes_for_png_and_jpeg()
    {
        // PIL opens these as L, 1 or I (one grey channel); the rest as RGB, RGBA, P or CMYK. Grey BMP (PIL: L) and
        // grey+alpha PNG (LA) decode through colour types here and count as colour.
        string[] grey = ["grey.png", "bilevel.png", "grey16.png", "grey16_small.png", "interlaced_grey16.png", "grey_q90.jpg", "grey_q90_progressive.jpg"];
        foreach (var file in Directory.GetFiles(Fixtures.Path("images", "decode")).Where(ImageExtensions.IsDecodable))
        {
            var name = Path.GetFileName(file);
            var image = ImageDecoder.Decode(File.ReadAllBytes(file), file);
            Assert.True(grey.Contains(name) == image.StoredGreyscale, $"{name}: StoredGreyscale {image.StoredGreyscale}");
        }
    }

    [Fact]
    public void Per_item_csv_quotes_names_and_writes_infinities_as_python_reads_them()
    {
        var text = ItemValuesCsv.Serialize([new("a.png", 0.1), new("b,c.png", double.PositiveInfinity), new("d\"e.png", double.NaN), new("f", -1e-300)]);
        Assert.Equal("name,value\na.png,0.1\n\"b,c.png\",inf\n\"d\"\"e.png\",nan\nf,-1E-300\n", text);
        using var dir = Fixtures.TempDir();
        ItemValuesCsv.WriteFile(dir.File("x.csv"), [new("a", 0.5)]);
        Assert.Equal("name,value\na,0.5\n", File.ReadAllText(dir.File("x.csv")));
        Assert.Empty(Directory.GetFiles(dir.Path, ".*.tmp"));
    }
}
