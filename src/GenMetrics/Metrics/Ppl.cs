using System.Diagnostics;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Numerics;
using GenMetrics.Samples;

namespace GenMetrics.Metrics;

/// <summary>
/// Perceptual path length (Karras et al. 2019) as torch-fidelity 5e211a9 <c>metric_ppl.py</c> computes it: latents →
/// the generator's uint8 images → torch-fidelity's LPIPS-VGG16 → distances → the 1/99 percentile filter → mean, std.
/// </summary>
internal static class Ppl
{
    public const string MeanKey = "ppl_mean", StdKey = "ppl_std";

    /// <summary>
    /// <c>rng = RandomState(seed)</c>; e0 = sample_random(rng, (n, z)); e1 = sample_random(rng, (n, z)) (drawn after
    /// e0); e1 = batch_interp(e0, e1, epsilon); labels = rng.randint(0, K, n) after both, for a conditional model.
    /// </summary>
    public static (float[] E0, float[] E1, long[]? Labels) Latents(int n, int z, LatentDistribution type, int classes, long seed,
        double epsilon, LatentInterpolation interpolation)
    {
        var rng = RandomState.FromSeed(seed);
        var e0 = Samples.Latents.Sample(rng, n, z, type);
        var e1 = Samples.Latents.Sample(rng, n, z, type);
        e1 = Samples.Latents.Interpolate(e0, e1, z, epsilon, interpolation);
        return (e0, e1, classes > 0 ? Samples.Latents.Labels(rng, n, classes) : null);
    }

    /// <summary>
    /// Per pair: the generator on [e0 batch; e1 batch] (labels repeated), the LPIPS of the two halves, divided by
    /// epsilon² in float32 (torch: <c>sim / (epsilon ** 2)</c>).
    /// </summary>
    public static float[] Distances(OnnxGenerator generator, float[] e0, float[] e1, long[]? labels, double epsilon, LpipsModel lpips,
        int batchSize, IProgress<ExtractionProgress>? progress, CancellationToken cancellationToken = default)
    {
        int z = generator.LatentSize, n = e0.Length / z;
        var (c, h, w) = generator.ImageShape;
        int per = c * h * w, prepared = 3 * TorchFidelityLpips.Size * TorchFidelityLpips.Size;
        float scale = (float)(epsilon * epsilon);
        var distances = new float[n];
        var clock = Stopwatch.StartNew();
        var stage = generator.Path + " (ppl pairs)";
        progress?.Report(new ExtractionProgress(stage, 0, n, 0));
        for (int start = 0; start < n; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int b = Math.Min(batchSize, n - start);
            var latents = new float[2 * b * z];
            e0.AsSpan(start * z, b * z).CopyTo(latents);
            e1.AsSpan(start * z, b * z).CopyTo(latents.AsSpan(b * z));
            var both = new long[labels is null ? 0 : 2 * b];
            if (labels is not null)
            {
                labels.AsSpan(start, b).CopyTo(both);
                labels.AsSpan(start, b).CopyTo(both.AsSpan(b));
            }
            var images = generator.Generate(latents, both, 2 * b);
            var in0 = new float[b * prepared];
            var in1 = new float[b * prepared];
            Parallelism.For(0, 2 * b, i => TorchFidelityLpips.Prepare(images.AsSpan(i * per, per), c, h, w,
                (i < b ? in0 : in1).AsSpan(i % b * prepared, prepared)), cancellationToken);
            var similarity = lpips.ScaledDistances(in0, in1, b, TorchFidelityLpips.Size, TorchFidelityLpips.Size);
            for (int i = 0; i < b; i++) distances[start + i] = similarity[i] / scale;
            progress?.Report(new ExtractionProgress(stage, start + b, n, (start + b) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9)) { Decoded = start + b });
        }
        return distances;
    }

    /// <summary>What is left after the percentile filter, and its mean and standard deviation.</summary>
    public readonly record struct Summary(double Mean, double Std, int Kept, float Lower, float Upper);

    /// <summary>
    /// <c>lo = np.percentile(d, lower, interpolation='lower')</c>, <c>hi = np.percentile(d, higher, interpolation='higher')</c>,
    /// keep lo ≤ d ≤ hi; mean and std (ddof 0) accumulated in float64 (torch-fidelity's NumPy reduces in float32: the
    /// two differ by float32 rounding, ~1e-7 relative).
    /// </summary>
    public static Summary Summarize(ReadOnlySpan<float> distances, double lower = 1, double higher = 99)
    {
        int n = distances.Length;
        if (n == 0) throw new ArgumentException("no distances", nameof(distances));
        var sorted = distances.ToArray();
        Array.Sort(sorted);
        // numpy 1.24 _quantile: virtual index (n - 1) * (q / 100) in float64, floor for 'lower', ceil for 'higher'.
        float lo = sorted[(int)Math.Floor((n - 1) * (lower / 100.0))];
        float hi = sorted[(int)Math.Ceiling((n - 1) * (higher / 100.0))];
        double sum = 0;
        int kept = 0;
        foreach (var d in distances)
            if (lo <= d && d <= hi)
            {
                sum += d;
                kept++;
            }
        double mean = sum / kept, squares = 0;
        foreach (var d in distances)
            if (lo <= d && d <= hi) squares += (d - mean) * (d - mean);
        return new Summary(mean, Math.Sqrt(squares / kept), kept, lo, hi);
    }
}
