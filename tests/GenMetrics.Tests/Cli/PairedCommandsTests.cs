using System.Globalization;
using System.Text.Json;
using GenMetrics.Encoders;
using GenMetrics.Imaging;
using GenMetrics.Metrics.Paired;
using GenMetrics.Samples;
using GenMetrics.Tests.Paired;
using GenMetrics.Tests.Support;

namespace GenMetrics.Tests.Cli;

/// <summary>
/// <c>genmetrics ssim|ms-ssim|psnr|lpips A B</c> and <c>lpips-diversity SET</c> on PNGs the test writes: the JSON
/// equals the library's values on the same decoded images, with inputs, typed settings, conventions and directions;
/// the per-image CSV holds each pair's value. LPIPS runs on a stand-in backbone file whose SHA-256 keys a model cache
/// entry built from the seeded random AlexNet (the real linear weights are read), so it sets GENMETRICS_HOME.
/// </summary>
[Collection("GENMETRICS_HOME")]
public sealed class PairedCommandsTests : IDisposable
{
    private static readonly string[] s_names = ["001.png", "002.png", "sub/003.png"];
    private readonly TempDir _dir = Fixtures.TempDir();
    private readonly string? _previousHome = Environment.GetEnvironmentVariable("GENMETRICS_HOME");

    public PairedCommandsTests() => Environment.SetEnvironmentVariable("GENMETRICS_HOME", _dir.File("home"));

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("GENMETRICS_HOME", _previousHome);
        _dir.Dispose();
    }

    /// <summary>Folders A and B of pairs (sizes differ between pairs, as the paired metrics allow); the decoded images, in pair order.</summary>
    private (string A, string B, List<(RgbImage A, RgbImage B)> Pairs) Folders(int h = 40, int w = 48, string kindB = "noisy")
    {
        string a = _dir.File("a"), b = _dir.File("b");
        var pairs = new List<(RgbImage, RgbImage)>();
        for (int i = 0; i < s_names.Length; i++)
        {
            int hh = h + 4 * i, ww = w + 2 * i, seed = i + 1;
            var specB = kindB == "noisy" ? $"{hh}x{ww}:noisy:{seed}:{seed + 40}" : $"{hh}x{ww}:{kindB}:{seed}";
            pairs.Add((PairedPng.WriteSpec(Path.Combine(a, s_names[i]), $"{hh}x{ww}:scene:{seed}"), PairedPng.WriteSpec(Path.Combine(b, s_names[i]), specB)));
        }
        return (a, b, pairs);
    }

    private static JsonElement Json(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;

    private static List<(string Name, double Value)> Csv(string path)
    {
        var lines = File.ReadAllLines(path);
        Assert.Equal("name,value", lines[0]);
        return [.. lines.Skip(1).Select(l => (l[..l.LastIndexOf(',')], ParseValue(l[(l.LastIndexOf(',') + 1)..])))];
    }

    private static double ParseValue(string s) => s == "inf" ? double.PositiveInfinity : double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void Ssim_of_two_folders_equals_the_library_and_writes_result_and_per_image_csv()
    {
        var (a, b, pairs) = Folders();
        string json = _dir.File("ssim.json"), csv = _dir.File("ssim.csv");
        var (exit, stdout, stderr) = PairedCliHarness.Run("ssim", a, b, "-r", "-o", json, "--per-image", csv);
        Assert.True(exit == 0, stderr);
        var expected = pairs.Select(p => Ssim.Compute(p.A, p.B)).ToArray();
        var root = Json(json);
        Assert.Equal(expected.Average(), root.GetProperty("metrics").GetProperty("ssim").GetDouble(), 15);
        Assert.Contains("ssim", stdout);   // the table

        var inputs = root.GetProperty("inputs");
        foreach (var (role, path) in new[] { ("pairs_a", a), ("pairs_b", b) })
        {
            var input = inputs.GetProperty(role);
            Assert.Equal(path, input.GetProperty("source").GetString());
            Assert.Equal("images", input.GetProperty("kind").GetString());
            Assert.Equal(3, input.GetProperty("count").GetInt32());
            using var source = SampleSources.Open(path, new SampleSourceOptions(Recursive: true));
            Assert.Equal(source.ContentHash(), input.GetProperty("sha256").GetString());
            Assert.False(input.TryGetProperty("dimension", out _));
        }
        var settings = root.GetProperty("settings").GetProperty("ssim");
        Assert.Equal("piq", settings.GetProperty("convention").GetString());
        Assert.Equal(JsonValueKind.False, settings.GetProperty("greyscale").ValueKind);
        Assert.Equal(1.0, settings.GetProperty("data_range").GetDouble());
        Assert.StartsWith("piq 0.8 ssim", root.GetProperty("conventions").GetProperty("ssim").GetString());
        Assert.Equal("higher", root.GetProperty("directions").GetProperty("ssim").GetString());
        Assert.Equal("none", root.GetProperty("encoder").GetProperty("name").GetString());

        var rows = Csv(csv);
        Assert.Equal(s_names, rows.Select(r => r.Name));
        for (int i = 0; i < rows.Count; i++) Assert.Equal(expected[i], rows[i].Value);   // round-trip text: the same double
    }

    [Theory]
    [InlineData("skimage", false)]
    [InlineData("torchmetrics", false)]
    [InlineData("piq", true)]
    public void Ssim_conventions_and_greyscale_on_two_image_files(string convention, bool greyscale)
    {
        var x = PairedPng.WriteSpec(_dir.File("x.png"), "50x60:scene:3");
        var y = PairedPng.WriteSpec(_dir.File("y.png"), "50x60:shift:3");
        string json = _dir.File("r.json"), csv = _dir.File("r.csv");
        var args = new List<string> { "ssim", x.Source, y.Source, "--convention", convention, "--json", json, "--per-image", csv, "-q" };
        if (greyscale) args.Add("--greyscale");
        var (exit, stdout, stderr) = PairedCliHarness.Run([.. args]);
        Assert.True(exit == 0, stderr);
        Assert.Equal("", stdout);
        var options = new SsimOptions(Enum.Parse<SsimConvention>(convention, ignoreCase: true), greyscale);
        double expected = Ssim.Compute(x, y, options);
        var root = Json(json);
        Assert.Equal(expected, root.GetProperty("metrics").GetProperty("ssim").GetDouble());
        Assert.Equal(convention, root.GetProperty("settings").GetProperty("ssim").GetProperty("convention").GetString());
        Assert.Equal(greyscale, root.GetProperty("settings").GetProperty("ssim").GetProperty("greyscale").GetBoolean());
        Assert.StartsWith(convention == "piq" ? "piq" : convention == "skimage" ? "scikit-image" : "torchmetrics",
            root.GetProperty("conventions").GetProperty("ssim").GetString());
        var row = Assert.Single(Csv(csv));
        Assert.Equal(("x.png|y.png", expected), row);
    }

    [Fact]
    public void Ms_ssim_and_psnr_equal_the_library_and_greyscale_takes_a_grey_and_a_colour_image()
    {
        string a = _dir.File("ma"), b = _dir.File("mb");
        var x = PairedPng.WriteSpec(Path.Combine(a, "p.png"), "170x180:scene:5");
        var y = PairedPng.WriteSpec(Path.Combine(b, "p.png"), "170x180:scene:5", grey: true);   // stored with one grey channel
        Assert.True(y.StoredGreyscale);
        Assert.False(x.StoredGreyscale);
        var (exit, stdout, stderr) = PairedCliHarness.Run("ms-ssim", a, b, "--greyscale", "-o", "-");
        Assert.True(exit == 0, stderr);
        Assert.Equal(MsSsim.Compute(x, y, greyscale: true), JsonDocument.Parse(stdout).RootElement.GetProperty("metrics").GetProperty("ms_ssim").GetDouble());

        (exit, stdout, stderr) = PairedCliHarness.Run("psnr", a, b, "--greyscale", "-o", "-");
        Assert.True(exit == 0, stderr);
        Assert.Equal(Psnr.Compute(x, y, greyscale: true), JsonDocument.Parse(stdout).RootElement.GetProperty("metrics").GetProperty("psnr").GetDouble(), 12);

        // Without --greyscale the pair is refused: the references refuse tensors of different shapes.
        (exit, _, stderr) = PairedCliHarness.Run("psnr", a, b);
        Assert.Equal(2, exit);
        Assert.Contains("differ in channel count", stderr);
        Assert.Contains("--greyscale", stderr);
    }

    [Fact]
    public void Psnr_conventions_per_pair_and_pooled_and_identical_images()
    {
        var (a, b, pairs) = Folders();
        string csv = _dir.File("p.csv");
        var (exit, stdout, stderr) = PairedCliHarness.Run("psnr", a, b, "-r", "--convention", "torchmetrics", "-o", "-", "--per-image", csv);
        Assert.True(exit == 0, stderr);
        var errors = pairs.Select(p => Psnr.SquaredErrorOf(p.A, p.B)).ToArray();
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(Psnr.OfSet(errors, PsnrConvention.Torchmetrics), root.GetProperty("metrics").GetProperty("psnr").GetDouble());
        Assert.Equal(errors.Select(Psnr.FromPooled), Csv(csv).Select(r => r.Value));

        (exit, stdout, stderr) = PairedCliHarness.Run("psnr", a, b, "-r", "-o", "-");
        Assert.True(exit == 0, stderr);
        Assert.Equal(pairs.Average(p => Psnr.Compute(p.A, p.B)), JsonDocument.Parse(stdout).RootElement.GetProperty("metrics").GetProperty("psnr").GetDouble(), 12);

        // Identical images: 80 dB in piq's convention; +inf in torchmetrics', which JSON writes as null, with a warning.
        (exit, stdout, stderr) = PairedCliHarness.Run("psnr", a, a, "-r", "--convention", "torchmetrics", "-o", "-", "--per-image", csv);
        Assert.True(exit == 0, stderr);
        root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("metrics").GetProperty("psnr").ValueKind);
        Assert.Contains("+inf", root.GetProperty("warnings")[0].GetString());
        Assert.Contains("writes it as null", stderr);
        Assert.All(Csv(csv), r => Assert.Equal(double.PositiveInfinity, r.Value));
        Assert.All(File.ReadAllLines(csv).Skip(1), l => Assert.EndsWith(",inf", l));
        (exit, stdout, _) = PairedCliHarness.Run("psnr", a, a, "-r", "-o", "-");
        Assert.Equal(80.0, JsonDocument.Parse(stdout).RootElement.GetProperty("metrics").GetProperty("psnr").GetDouble(), 9);
    }

    /// <summary>A stand-in AlexNet backbone file, and the model cache entry its SHA-256 (with the real linear weights') keys.</summary>
    private (string Backbone, string Linear) StandInLpips()
    {
        var backbone = _dir.File("alexnet-stand-in.pth");
        File.WriteAllText(backbone, "not a checkpoint: the model cache answers for it");
        var linear = LpipsFixture.LinearPath(LpipsNet.Alex);
        string Sha(string p) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(p)));
        var key = $"{LpipsGraph.Version}-{LpipsNet.Alex}-files-{Sha(backbone)[..24]}-{Sha(linear)[..24]}";
        OnnxModelCache.Store(OnnxModelCache.PathFor(key, _dir.File("home")), LpipsGraph.Build(LpipsFixture.Weights(LpipsNet.Alex)));
        return (backbone, linear);
    }

    [Fact]
    public void Lpips_equals_the_library_records_its_weights_and_warns_about_a_non_canonical_backbone()
    {
        var (a, b, pairs) = Folders();
        var (backbone, linear) = StandInLpips();
        string json = _dir.File("l.json"), csv = _dir.File("l.csv");
        var (exit, _, stderr) = PairedCliHarness.Run("lpips", a, b, "-r", "--weights", backbone, "--lpips-weights", linear, "--batch-size", "2",
            "-o", json, "--per-image", csv, "-q");
        Assert.True(exit == 0, stderr);
        using var model = LpipsModel.Create(LpipsFixture.Weights(LpipsNet.Alex), threads: 2);
        var expected = model.Distances(pairs);
        var root = Json(json);
        Assert.Equal(expected.Average(), root.GetProperty("metrics").GetProperty("lpips").GetDouble(), 7);
        var rows = Csv(csv);
        for (int i = 0; i < rows.Count; i++) Assert.Equal(expected[i], rows[i].Value, 7);
        var settings = root.GetProperty("settings").GetProperty("lpips");
        Assert.Equal("alex", settings.GetProperty("net").GetString());
        Assert.Equal("alex.pth", settings.GetProperty("lpips_weights").GetString());
        Assert.StartsWith("df73285e", settings.GetProperty("lpips_weights_sha256").GetString());
        Assert.Equal("alexnet-stand-in.pth", settings.GetProperty("backbone").GetString());
        Assert.Equal("lower", root.GetProperty("directions").GetProperty("lpips").GetString());
        Assert.Contains("does not start with 7be5be79", stderr);
    }

    [Fact]
    public void Lpips_diversity_draws_numpys_pairs_of_one_folder()
    {
        var set = _dir.File("set");
        var images = Enumerable.Range(0, 5).Select(i => PairedPng.WriteSpec(Path.Combine(set, $"{i:D2}.png"), $"36x40:scene:{i + 10}")).ToList();
        var (backbone, linear) = StandInLpips();
        string csv = _dir.File("d.csv");
        var (exit, stdout, stderr) = PairedCliHarness.Run("lpips-diversity", set, "--pairs", "12", "--seed", "7", "--weights", backbone,
            "--lpips-weights", linear, "-o", "-", "--per-image", csv);
        Assert.True(exit == 0, stderr);
        var drawn = LpipsDiversity.DrawPairs(images.Count, 12, 7);
        using var model = LpipsModel.Create(LpipsFixture.Weights(LpipsNet.Alex), threads: 2);
        var expected = model.Distances([.. drawn.Select(p => (images[p.I], images[p.J]))]);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(expected.Average(), root.GetProperty("metrics").GetProperty("lpips_diversity").GetDouble(), 7);
        var input = root.GetProperty("inputs").GetProperty("generated");
        Assert.Equal(5, input.GetProperty("count").GetInt32());
        Assert.Equal("12 random pairs of distinct images, RandomState(7)", input.GetProperty("selection").GetString());
        var settings = root.GetProperty("settings").GetProperty("lpips_diversity");
        Assert.Equal(12, settings.GetProperty("pairs").GetInt32());
        Assert.Equal(7, settings.GetProperty("seed").GetInt32());
        Assert.Equal(drawn.Select(p => $"{p.I:D2}.png|{p.J:D2}.png"), Csv(csv).Select(r => r.Name));
    }

    [Fact]
    public void Lpips_diversity_of_a_generator_equals_that_of_its_written_samples()
    {
        var (backbone, linear) = StandInLpips();
        string g = Fixtures.Path("generator", "tiny_uncond.onnx"), folder = _dir.File("sampled");
        var (code, _, err) = PairedCliHarness.Run("sample", g, "-n", "40", "--seed", "3", "-o", folder);
        Assert.True(code == 0, err);
        double Diversity(params string[] input)
        {
            var (exit, stdout, stderr) = PairedCliHarness.Run(["lpips-diversity", .. input, "--pairs", "30", "--seed", "5", "--weights", backbone, "--lpips-weights", linear, "-o", "-"]);
            Assert.True(exit == 0, stderr);
            var root = JsonDocument.Parse(stdout).RootElement;
            Assert.Equal(40, root.GetProperty("inputs").GetProperty("generated").GetProperty("count").GetInt32());
            return root.GetProperty("metrics").GetProperty("lpips_diversity").GetDouble();
        }
        double fromGenerator = Diversity(g, "-n", "40", "--latent-seed", "3");
        Assert.Equal(Diversity(folder), fromGenerator);
        Assert.NotEqual(Diversity(g, "-n", "40", "--latent-seed", "4"), fromGenerator);
        var (refused, _, message) = PairedCliHarness.Run("lpips-diversity", folder, "--z-dim", "16", "--weights", backbone, "--lpips-weights", linear);
        Assert.Equal(2, refused);
        Assert.Contains($"--z-dim: applies to an ONNX generator input, but {folder} is not one (.onnx)", message);
    }

    [Fact]
    public void Paired_commands_and_lpips_diversity_write_an_html_report()
    {
        var (a, b, _) = Folders();
        string html = _dir.File("ssim.html"), json = _dir.File("ssim.json");
        var (exit, _, stderr) = PairedCliHarness.Run("ssim", a, b, "--report", html, "-o", json, "--report-samples", "3");
        Assert.True(exit == 0, stderr);
        var page = File.ReadAllText(html);
        double ssim = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("metrics").GetProperty("ssim").GetDouble();
        Assert.Contains($"data-key=\"ssim\" data-value=\"{ssim.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}\"", page);
        Assert.Contains("data-figure=\"samples-generated\"", page);
        Assert.Contains("data-figure=\"samples-real\"", page);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);

        var set = _dir.File("set");
        for (int i = 0; i < 4; i++) PairedPng.WriteSpec(Path.Combine(set, $"{i:D2}.png"), $"36x40:scene:{i + 20}");
        var (backbone, linear) = StandInLpips();
        string divHtml = _dir.File("div.html");
        var (code, _, err) = PairedCliHarness.Run("lpips-diversity", set, "--pairs", "6", "--weights", backbone, "--lpips-weights", linear, "--report", divHtml, "-q");
        Assert.True(code == 0, err);
        var divPage = File.ReadAllText(divHtml);
        Assert.Contains("data-key=\"lpips_diversity\"", divPage);
        Assert.Contains("data-figure=\"samples-generated\"", divPage);
        Assert.DoesNotContain("data-figure=\"samples-real\"", divPage);

        var (refused, _, message) = PairedCliHarness.Run("psnr", a, b, "--report-seed", "3");
        Assert.Equal(2, refused);
        Assert.Contains("--report-seed: needs --report PATH.html", message);
    }

    [Fact]
    public void Lpips_offline_without_weights_says_where_to_put_the_file_and_which_flag_gives_it()
    {
        var (a, b, _) = Folders();
        var previous = Environment.GetEnvironmentVariable("GENMETRICS_WEIGHTS_URL_BASE");
        Environment.SetEnvironmentVariable("GENMETRICS_WEIGHTS_URL_BASE", "http://127.0.0.1:9/");
        try
        {
            var json = _dir.File("offline.json");
            var (exit, _, stderr) = PairedCliHarness.Run("lpips", a, b, "-r", "-o", json);
            Assert.Equal(2, exit);
            Assert.Contains("weights 'lpips-v0.1-alex': cannot download http://127.0.0.1:9/alex.pth", stderr);
            Assert.Contains("or give its path with --lpips-weights", stderr);
            Assert.False(File.Exists(json));
            (exit, _, stderr) = PairedCliHarness.Run("lpips", a, b, "-r", "--lpips-weights", LpipsFixture.LinearPath(LpipsNet.Alex), "-o", json);
            Assert.Equal(2, exit);
            Assert.Contains("weights 'alexnet-owt-7be5be79': cannot download http://127.0.0.1:9/alexnet-owt-7be5be79.pth", stderr);
            Assert.Contains("or give its path with --weights", stderr);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GENMETRICS_WEIGHTS_URL_BASE", previous);
        }
    }

    [Fact]
    public void Lpips_refuses_images_below_the_backbones_minimum_naming_both()
    {
        string a = _dir.File("sa"), b = _dir.File("sb");
        PairedPng.WriteSpec(Path.Combine(a, "t.png"), "20x20:scene:1");
        PairedPng.WriteSpec(Path.Combine(b, "t.png"), "20x20:scene:2");
        var (backbone, linear) = StandInLpips();
        var json = _dir.File("small.json");
        var (exit, _, stderr) = PairedCliHarness.Run("lpips", a, b, "--weights", backbone, "--lpips-weights", linear, "-o", json);
        Assert.Equal(2, exit);
        Assert.Contains("too small for LPIPS (AlexNet)", stderr);
        Assert.Contains(Path.Combine(a, "t.png"), stderr);
        Assert.Contains(Path.Combine(b, "t.png"), stderr);
        Assert.False(File.Exists(json));
    }
}
