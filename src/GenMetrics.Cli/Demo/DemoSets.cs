using GenMetrics.Imaging;
using GenMetrics.Samples;

namespace GenMetrics.Cli.Demo;

/// <summary>One generated set of the demo: its images, their class (when known), and what it is meant to show.</summary>
internal sealed record DemoSet(string Name, string Kind, string Shows, IReadOnlyList<RgbImage> Images, IReadOnlyList<string>? Labels, double? Psi = null);

/// <summary>
/// The demo's generated sets: a PCA-Gaussian model fitted on the training images (a mixture of Gaussians per class in
/// a 48-dimensional PCA space, heavy-tailed latents, the detail the components leave out added back as untruncated
/// noise), sampled at truncation psi 0.1 .. 1.0, and beside it the failures the metrics should tell apart: classes
/// dropped from the model, near-copies of its training images, held-out images with noise or blur, outliers.
/// </summary>
internal static class DemoSets
{
    public static readonly double[] Psis = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
    public static readonly double[] NoiseSigmas = [16, 32, 64];
    public static readonly double[] BlurSigmas = [0.6, 1.2, 2.4];

    /// <summary>Classes the mode-dropping case leaves out: trouser and bag.</summary>
    public static readonly int[] Dropped = [1, 8];

    public const double OutlierShare = 0.15;

    /// <summary>The latent's Student-t degrees of freedom: heavy tails, as a GAN's untruncated samples have.</summary>
    public const double Tails = 3;

    public static PcaGaussianModel Fit(DemoData data) => PcaGaussianModel.Fit(data.Train, data.TrainLabels, components: 48, modesPerClass: ModesPerClass);

    /// <summary>Gaussians per class (k-means cells of the class in PCA space).</summary>
    public const int ModesPerClass = 25;

    public static List<DemoSet> Build(DemoData data, PcaGaussianModel model, int n)
    {
        var names = DemoData.ClassNames;
        List<string> Classes(int count, IReadOnlyList<int> classes) => [.. Enumerable.Range(0, count).Select(i => names[classes[i % classes.Count]])];
        var all = Enumerable.Range(0, model.Classes).ToArray();
        var sets = new List<DemoSet>();
        foreach (var psi in Psis)
            sets.Add(new DemoSet($"psi={psi:0.0}", "sweep", psi == 1.0 ? "the model untruncated" : "truncation trades diversity for typical samples",
                model.Sample(n, psi, seed: 1, tails: Tails), Classes(n, all), psi));
        var full = sets[^1];
        var heldout = data.Heldout.Take(n).ToList();
        var heldoutLabels = data.HeldoutLabels.Take(n).Select(l => names[l]).ToList();
        sets.Add(new DemoSet("held-out", "baseline", "training images the model never saw: what a perfect model would score",
            data.Heldout.Take(n).ToList(), data.HeldoutLabels.Take(n).Select(l => names[l]).ToList()));
        var kept = all.Except(Dropped).ToArray();
        sets.Add(new DemoSet("dropped", "modes", $"mode collapse: {string.Join(" and ", Dropped.Select(c => names[c]))} never drawn; recall, coverage fall, precision stays",
            model.Sample(n, 1.0, seed: 1, classes: kept, tails: Tails), Classes(n, kept)));
        sets.Add(new DemoSet("copies", "memorization", "near-copies of training images (noise sigma 3): C_T << 0, authenticity near 0",
            GaussianNoise.AddToGrey([.. data.Train.Take(n)], 3, seed: 7), [.. data.TrainLabels.Take(n).Select(l => names[l])]));
        foreach (var sigma in NoiseSigmas)
            sets.Add(new DemoSet($"noise {sigma:0}", "fidelity", $"held-out images + pixel noise sigma {sigma:0}: fidelity falls, FID rises with sigma",
                GaussianNoise.AddToGrey(heldout, sigma, seed: 11), heldoutLabels));
        foreach (var sigma in BlurSigmas)
            sets.Add(new DemoSet($"blur {sigma:0.0}", "fidelity", $"held-out images + Gaussian blur sigma {sigma:0.0}: fidelity falls, FID rises with sigma",
                [.. heldout.Select(im => Blur(im, sigma))], heldoutLabels));
        int outliers = (int)Math.Round(n * OutlierShare);
        var rng = new Random(5);
        var mixed = full.Images.ToList();
        for (int i = 0; i < outliers; i++) mixed[i * n / outliers] = NoiseImage(mixed[0].Width, mixed[0].Height, rng);
        sets.Add(new DemoSet("outliers", "fidelity", $"{OutlierShare:P0} of the samples replaced by noise images: precision and density fall by about that share",
            mixed, null));
        return sets;
    }

    /// <summary>A separable Gaussian blur (radius 3 sigma, edges clamped) of a grey or colour image.</summary>
    public static RgbImage Blur(RgbImage image, double sigma)
    {
        int r = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var kernel = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) sum += kernel[i + r] = Math.Exp(-i * i / (2 * sigma * sigma));
        for (int i = 0; i < kernel.Length; i++) kernel[i] /= sum;
        int w = image.Width, h = image.Height;
        var src = image.Pixels;
        var tmp = new double[src.Length];
        var dst = new byte[src.Length];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                {
                    double s = 0;
                    for (int i = -r; i <= r; i++) s += kernel[i + r] * src[(y * w + Math.Clamp(x + i, 0, w - 1)) * 3 + c];
                    tmp[(y * w + x) * 3 + c] = s;
                }
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                {
                    double s = 0;
                    for (int i = -r; i <= r; i++) s += kernel[i + r] * tmp[(Math.Clamp(y + i, 0, h - 1) * w + x) * 3 + c];
                    dst[(y * w + x) * 3 + c] = (byte)Math.Clamp(Math.Round(s), 0, 255);
                }
        return new RgbImage(w, h, dst, image.Source + $"+blur{sigma}");
    }

    private static RgbImage NoiseImage(int w, int h, Random rng)
    {
        var p = new byte[w * h * 3];
        for (int i = 0; i < p.Length; i += 3) p[i] = p[i + 1] = p[i + 2] = (byte)rng.Next(256);
        return new RgbImage(w, h, p, "noise");
    }
}
