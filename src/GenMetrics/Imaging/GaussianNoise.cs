namespace GenMetrics.Imaging;

/// <summary>
/// Seeded Gaussian pixel noise, the distortion of Heusel et al. 2017's FID sanity check. For grey images (replicated
/// to RGB) one value per pixel goes to all three channels, keeping them grey: N(0, sigma²) on the 0–255 scale from
/// Box–Muller on a seeded <see cref="Random"/>, rounded and clipped to uint8.
/// </summary>
public static class GaussianNoise
{
    /// <summary>The images with noise of standard deviation <paramref name="sigma"/> (0-255 scale) added to their grey value, from <c>new Random(seed)</c>.</summary>
    public static IReadOnlyList<RgbImage> AddToGrey(IReadOnlyList<RgbImage> images, double sigma, int seed)
    {
        ArgumentNullException.ThrowIfNull(images);
        var rng = new Random(seed);
        var result = new List<RgbImage>(images.Count);
        foreach (var image in images)
        {
            var p = (byte[])image.Pixels.Clone();
            for (int i = 0; i < p.Length; i += 3)
            {
                double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
                double z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                var v = (byte)Math.Clamp(Math.Round(p[i] + sigma * z), 0, 255);
                p[i] = p[i + 1] = p[i + 2] = v;
            }
            result.Add(new RgbImage(image.Width, image.Height, p, image.Source + $"+noise{sigma}"));
        }
        return result;
    }
}
