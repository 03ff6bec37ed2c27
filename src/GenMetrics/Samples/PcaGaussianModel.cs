using GenMetrics.Imaging;
using GenMetrics.Numerics;

namespace GenMetrics.Samples;

/// <summary>
/// A small generative model of images, fitted in seconds in C#: the principal components of the training images, and
/// per class a mixture of Gaussians in that space, plus the detail the components leave out as per-pixel noise. <see cref="Sample"/> draws from it with a truncation psi (the "truncation
/// trick": each draw pulled toward its class mean, μ + ψ L z), so a sweep of psi trades diversity for typicality as a
/// GAN's does. It is the demo's generator and the model the <c>samples/TrainingLoop</c> example trains step by step
/// (<see cref="Untrained"/> then <see cref="Update"/>). Not a good model of images: a baseline that behaves like one.
/// </summary>
public sealed class PcaGaussianModel
{
    private readonly int _width, _height, _channels, _d, _k;
    private readonly double[] _mean;        // d: the pixel mean of the basis images
    private readonly double[] _basis;       // k x d: the principal directions, rows
    private readonly int _classes;
    private readonly List<int> _modeClass = [];          // per mode: its class
    private readonly List<double[]> _modeMean = [];      // per mode, k
    private readonly List<double[]> _modeMoment = [];    // per mode, k x k: E[y yᵀ] (the covariance is this minus the mean's outer product)
    private readonly List<double> _modeWeight = [];      // per mode: its share of its class's images
    private readonly List<bool> _seen = [];
    private double[]? _detail;                            // d: per-pixel std of what the components leave out (null: none)

    private PcaGaussianModel(int width, int height, int channels, double[] mean, double[] basis, int k, int classes, double initialVariance)
    {
        (_width, _height, _channels, _k) = (width, height, channels, k);
        _d = width * height * channels;
        _mean = mean;
        _basis = basis;
        _classes = classes;
        for (int c = 0; c < classes; c++) AddMode(c, new double[k], initialVariance, 1);
    }

    private void AddMode(int c, double[] mean, double variance, double weight)
    {
        int k = _k;
        var moment = new double[k * k];
        for (int a = 0; a < k; a++)
        {
            for (int b = 0; b < k; b++) moment[a * k + b] = mean[a] * mean[b];
            moment[a * k + a] += variance;
        }
        _modeClass.Add(c);
        _modeMean.Add(mean);
        _modeMoment.Add(moment);
        _modeWeight.Add(weight);
        _seen.Add(false);
    }

    /// <summary>The number of classes (1 for an unconditional model).</summary>
    public int Classes => _classes;

    /// <summary>The number of Gaussians (modes) over all classes.</summary>
    public int Modes => _modeMean.Count;

    /// <summary>The dimension of the latent (PCA) space.</summary>
    public int Components => _k;

    /// <summary>
    /// Fits the model: <paramref name="components"/> principal components of <paramref name="images"/> (all of one size;
    /// grey images, R = G = B, are modelled as one channel), then per class a mixture of <paramref name="modesPerClass"/>
    /// Gaussians in that space (k-means cells of the class, scikit-learn's k-means++ with <c>RandomState(0)</c>), each
    /// with its cell's mean, covariance and share.
    /// </summary>
    /// <param name="images">The training images.</param>
    /// <param name="labels">A class index 0 .. K-1 per image, or null for one class.</param>
    /// <param name="components">The PCA dimension (less than the number of images and pixels).</param>
    /// <param name="modesPerClass">Gaussians per class (fewer when a class has few images).</param>
    /// <exception cref="InputException">No images, images of different sizes, labels that do not match, too many components.</exception>
    public static PcaGaussianModel Fit(IReadOnlyList<RgbImage> images, IReadOnlyList<int>? labels = null, int components = 48, int modesPerClass = 1)
    {
        if (labels is not null && labels.Count != images.Count) throw new InputException($"{labels.Count} labels for {images.Count} images");
        if (modesPerClass < 1) throw new InputException($"a PCA-Gaussian model needs at least one mode per class, got {modesPerClass}");
        var model = Untrained(images, labels is null ? 1 : labels.Max() + 1, components);
        model._detail = model.ResidualStd(images);
        if (modesPerClass == 1)
        {
            model.Update(images, labels, learningRate: 1.0);
            return model;
        }
        int k = model._k;
        model.ClearModes();
        var y = new double[k];
        var pixels = new float[model._d];
        for (int c = 0; c < model._classes; c++)
        {
            var members = Enumerable.Range(0, images.Count).Where(i => (labels?[i] ?? 0) == c).ToList();
            if (members.Count == 0) continue;
            var projected = new float[members.Count * k];
            for (int m = 0; m < members.Count; m++)
            {
                Flatten(images[members[m]], model._width, model._height, model._channels, pixels);
                model.Project(pixels, y);
                for (int a = 0; a < k; a++) projected[m * k + a] = (float)y[a];
            }
            int cells = Math.Min(modesPerClass, Math.Max(1, members.Count / 4));
            var assignment = cells == 1 ? new int[members.Count]
                : KMeans.Fit(new FeatureMatrix(projected, members.Count, k, $"class {c}"), cells, new RandomState(0), restarts: 3).Labels;
            for (int cell = 0; cell < cells; cell++)
            {
                var rows = Enumerable.Range(0, members.Count).Where(m => assignment[m] == cell).ToList();
                if (rows.Count == 0) continue;
                var mean = new double[k];
                var moment = new double[k * k];
                foreach (var m in rows)
                    for (int a = 0; a < k; a++)
                    {
                        mean[a] += projected[m * k + a] / (double)rows.Count;
                        for (int b = 0; b < k; b++) moment[a * k + b] += (double)projected[m * k + a] * projected[m * k + b] / rows.Count;
                    }
                model._modeClass.Add(c);
                model._modeMean.Add(mean);
                model._modeMoment.Add(moment);
                model._modeWeight.Add(rows.Count / (double)members.Count);
                model._seen.Add(true);
            }
        }
        return model;
    }

    /// <summary>Per pixel, the standard deviation of the images' residual after projection on the components: the detail the model adds back as noise.</summary>
    private double[] ResidualStd(IReadOnlyList<RgbImage> images)
    {
        var sq = new double[_d];
        var pixels = new float[_d];
        var y = new double[_k];
        foreach (var image in images)
        {
            Flatten(image, _width, _height, _channels, pixels);
            Project(pixels, y);
            for (int j = 0; j < _d; j++)
            {
                double recon = _mean[j];
                for (int a = 0; a < _k; a++) recon += y[a] * _basis[a * _d + j];
                double r = pixels[j] - recon;
                sq[j] += r * r;
            }
        }
        for (int j = 0; j < _d; j++) sq[j] = Math.Sqrt(sq[j] / images.Count);
        return sq;
    }

    private void ClearModes()
    {
        _modeClass.Clear();
        _modeMean.Clear();
        _modeMoment.Clear();
        _modeWeight.Clear();
        _seen.Clear();
    }

    /// <summary>
    /// A model with its principal components fitted on <paramref name="basisImages"/> but its Gaussians not yet
    /// trained (every class at the pixel mean with unit-free wide variance): <see cref="Update"/> trains it.
    /// </summary>
    public static PcaGaussianModel Untrained(IReadOnlyList<RgbImage> basisImages, int classes, int components = 48)
    {
        ArgumentNullException.ThrowIfNull(basisImages);
        if (basisImages.Count < 2) throw new InputException($"a PCA-Gaussian model needs at least 2 images, got {basisImages.Count}");
        if (classes < 1) throw new InputException($"a PCA-Gaussian model needs at least one class, got {classes}");
        var first = basisImages[0];
        int w = first.Width, h = first.Height;
        bool grey = basisImages.All(IsGrey);
        int channels = grey ? 1 : 3, d = w * h * channels;
        if (components < 1 || components > Math.Min(basisImages.Count - 1, d))
            throw new InputException($"PCA to {components} components needs more than {components} images of more than {components} values; got {basisImages.Count} of {d}");
        var x = new float[(long)basisImages.Count * d];
        for (int i = 0; i < basisImages.Count; i++) Flatten(basisImages[i], w, h, channels, x.AsSpan(i * d, d));
        var acc = new CovarianceAccumulator(d);
        acc.Add(x);
        var (mean, cov) = acc.Result(ddof: 1);
        var (values, vectors) = SymmetricEigen.Largest(cov, d, components);
        return new PcaGaussianModel(w, h, channels, mean, vectors, components, classes, Math.Max(values[0], 1e-6));
    }

    /// <summary>
    /// One training step: each class's mean and second moment move toward those of its images in
    /// <paramref name="batch"/> by <paramref name="learningRate"/> (an exponential moving average; 1 replaces them).
    /// </summary>
    public void Update(IReadOnlyList<RgbImage> batch, IReadOnlyList<int>? labels, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (labels is not null && labels.Count != batch.Count) throw new InputException($"{labels.Count} labels for {batch.Count} images");
        if (!(learningRate > 0 && learningRate <= 1)) throw new InputException($"learning rate {learningRate}: must be in (0, 1]");
        int k = _k, modes = Modes;
        var sums = new double[modes][];
        var moments = new double[modes][];
        var counts = new int[modes];
        var pixels = new float[_d];
        var y = new double[k];
        for (int i = 0; i < batch.Count; i++)
        {
            int c = labels?[i] ?? 0;
            if (c < 0 || c >= Classes) throw new InputException($"label {c} of image {i}: the model has classes 0 .. {Classes - 1}");
            Flatten(batch[i], _width, _height, _channels, pixels);
            Project(pixels, y);
            int mode = NearestMode(c, y);
            sums[mode] ??= new double[k];
            moments[mode] ??= new double[k * k];
            counts[mode]++;
            for (int a = 0; a < k; a++)
            {
                sums[mode][a] += y[a];
                for (int b = 0; b < k; b++) moments[mode][a * k + b] += y[a] * y[b];
            }
        }
        for (int j = 0; j < modes; j++)
        {
            if (counts[j] == 0) continue;
            double eta = learningRate;
            for (int a = 0; a < k; a++) _modeMean[j][a] += eta * (sums[j][a] / counts[j] - _modeMean[j][a]);
            for (int q = 0; q < k * k; q++) _modeMoment[j][q] += eta * (moments[j][q] / counts[j] - _modeMoment[j][q]);
        }
    }

    private int NearestMode(int c, double[] y)
    {
        int best = -1;
        double bestD = double.PositiveInfinity;
        for (int j = 0; j < Modes; j++)
        {
            if (_modeClass[j] != c) continue;
            double d = 0;
            for (int a = 0; a < _k; a++) d += (y[a] - _modeMean[j][a]) * (y[a] - _modeMean[j][a]);
            if (d < bestD) (best, bestD) = (j, d);
        }
        return best >= 0 ? best : throw new InputException($"class {c} has no mode in this model");
    }

    /// <summary>
    /// Draws <paramref name="count"/> images: z ~ N(0, I) from NumPy's <c>RandomState(seed)</c>, y = μ_c + ψ L_c z
    /// (L_c the Cholesky factor of class c's covariance), pixels = mean + Vᵀ y, rounded and clipped to [0, 255].
    /// Classes cycle through <paramref name="classes"/> (default: all) in order.
    /// </summary>
    /// <param name="count">How many images.</param>
    /// <param name="truncation">psi: 1 draws from the model, 0 gives the modes' means.</param>
    /// <param name="seed">The seed of NumPy's <c>RandomState</c> the draws come from.</param>
    /// <param name="classes">The classes to draw, in turn (default: all).</param>
    /// <param name="tails">Degrees of freedom ν of a Student-t latent (z = g / sqrt(χ²_ν / ν), one scale per sample)
    /// instead of a Gaussian one; 0 (the default) keeps it Gaussian. Heavy tails give an untruncated model the tail of
    /// failed samples a GAN has, which truncation removes.</param>
    public IReadOnlyList<RgbImage> Sample(int count, double truncation = 1.0, int seed = 0, IReadOnlyList<int>? classes = null, double tails = 0)
    {
        if (!(tails >= 0) || (tails > 0 && tails < 1)) throw new InputException($"tails {tails}: 0 (Gaussian) or degrees of freedom >= 1");
        if (count < 0) throw new InputException($"cannot draw {count} samples");
        if (!(truncation >= 0)) throw new InputException($"truncation psi {truncation}: must be >= 0");
        classes ??= [.. Enumerable.Range(0, Classes)];
        if (classes.Count == 0 || classes.Any(c => c < 0 || c >= Classes)) throw new InputException($"classes must be in 0 .. {Classes - 1}");
        int k = _k;
        var factors = new double[Modes][];
        for (int j = 0; j < Modes; j++) factors[j] = classes.Contains(_modeClass[j]) ? Cholesky(Covariance(j), k) : [];
        var rng = new RandomState((uint)seed);
        var images = new RgbImage[count];
        var z = new double[k];
        var y = new double[k];
        var pixels = new double[_d];
        for (int i = 0; i < count; i++)
        {
            int c = classes[i % classes.Count];
            int mode = PickMode(c, rng.NextDouble());
            for (int a = 0; a < k; a++) z[a] = rng.NextGaussian();
            if (tails > 0)
            {
                // chi-square with ν degrees of freedom (ν rounded to an integer) as a sum of squared normals.
                double chi = 0;
                for (int t = 0; t < (int)Math.Round(tails); t++) { double g = rng.NextGaussian(); chi += g * g; }
                double scale = 1 / Math.Sqrt(Math.Max(chi, 1e-12) / Math.Round(tails));
                for (int a = 0; a < k; a++) z[a] *= scale;
            }
            var l = factors[mode];
            for (int a = 0; a < k; a++)
            {
                double s = 0;
                for (int b = 0; b <= a; b++) s += l[a * k + b] * z[b];
                y[a] = _modeMean[mode][a] + truncation * s;
            }
            Array.Copy(_mean, pixels, _d);
            for (int a = 0; a < k; a++)
            {
                double ya = y[a];
                var row = _basis.AsSpan(a * _d, _d);
                for (int j = 0; j < _d; j++) pixels[j] += ya * row[j];
            }
            // The detail the components leave out, as independent noise of its per-pixel spread: not truncated (as
            // StyleGAN's noise inputs are not), so truncated samples keep the texture of real images.
            if (_detail is { } detail)
                for (int j = 0; j < _d; j++) pixels[j] += detail[j] * rng.NextGaussian();
            images[i] = ToImage(pixels, $"pca-gaussian[{i}]");
        }
        return images;
    }

    /// <summary>The mode of class <paramref name="c"/> whose cumulative share first exceeds <paramref name="u"/>.</summary>
    private int PickMode(int c, double u)
    {
        double total = 0, acc = 0;
        int last = -1;
        for (int j = 0; j < Modes; j++) if (_modeClass[j] == c) total += _modeWeight[j];
        for (int j = 0; j < Modes; j++)
        {
            if (_modeClass[j] != c) continue;
            last = j;
            acc += _modeWeight[j] / total;
            if (u < acc) return j;
        }
        return last >= 0 ? last : throw new InputException($"class {c} has no mode in this model");
    }

    private double[] Covariance(int j)
    {
        int k = _k;
        var cov = new double[k * k];
        var m = _modeMean[j];
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++) cov[a * k + b] = _modeMoment[j][a * k + b] - m[a] * m[b];
        return cov;
    }

    /// <summary>Lower Cholesky factor of a covariance, with a small ridge so that a singular class (one image) still factors.</summary>
    private static double[] Cholesky(double[] cov, int k)
    {
        double ridge = 1e-9 * Math.Max(1e-12, Enumerable.Range(0, k).Max(i => Math.Abs(cov[i * k + i])));
        var l = new double[k * k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = cov[i * k + j] + (i == j ? ridge : 0);
                for (int p = 0; p < j; p++) s -= l[i * k + p] * l[j * k + p];
                l[i * k + j] = i == j ? Math.Sqrt(Math.Max(s, 0)) : l[j * k + j] > 0 ? s / l[j * k + j] : 0;
            }
        return l;
    }

    private void Project(ReadOnlySpan<float> pixels, double[] y)
    {
        for (int a = 0; a < _k; a++)
        {
            var row = _basis.AsSpan(a * _d, _d);
            double s = 0;
            for (int j = 0; j < _d; j++) s += (pixels[j] - _mean[j]) * row[j];
            y[a] = s;
        }
    }

    private RgbImage ToImage(double[] pixels, string name)
    {
        var rgb = new byte[_width * _height * 3];
        for (int p = 0; p < _width * _height; p++)
            for (int ch = 0; ch < 3; ch++)
                rgb[p * 3 + ch] = (byte)Math.Clamp(Math.Round(pixels[p * _channels + (_channels == 1 ? 0 : ch)]), 0, 255);
        return new RgbImage(_width, _height, rgb, name);
    }

    private static void Flatten(RgbImage image, int w, int h, int channels, Span<float> dest)
    {
        if (image.Width != w || image.Height != h)
            throw new InputException($"{image.Source}: {image.Width} x {image.Height}, but the model's images are {w} x {h}");
        var px = image.Pixels;
        for (int p = 0; p < w * h; p++)
            for (int ch = 0; ch < channels; ch++) dest[p * channels + ch] = px[p * 3 + ch];
    }

    private static bool IsGrey(RgbImage image)
    {
        var px = image.Pixels;
        for (int p = 0; p < px.Length; p += 3)
            if (px[p] != px[p + 1] || px[p] != px[p + 2]) return false;
        return true;
    }
}
