using System.Buffers;
using GenMetrics.Internals;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>Settings of <see cref="Mind"/>; the defaults are torch-fidelity's.</summary>
/// <param name="Projections">Random directions M (<c>mind_num_projections</c>, 1000; the paper suggests 100 .. 1000).</param>
/// <param name="Seed">Seed of the PyTorch CPU generator (<c>rng_seed</c>, 2020); only its low 32 bits matter, as in torch.</param>
/// <remarks>The directions are drawn as torch's AVX2 <c>randn</c> kernel draws them (torch on any AVX2 x86-64 CPU);
/// torch's portable kernel (other CPUs) gives other draws.</remarks>
public sealed record MindOptions(int Projections = 1000, long Seed = 2020)
{
    /// <summary>Which torch float32 <c>randn</c> kernel draws the directions (internal: tests reach torch's portable kernel).</summary>
    internal TorchNormalKernel Kernel { get; init; } = TorchNormalKernel.Avx2;
}

/// <summary>The Monge Inception Distance.</summary>
/// <param name="Value">3 d times the mean over directions of the squared 1-d Wasserstein-2 distance (<see cref="Mind.Key"/>).</param>
/// <param name="SampleSize">Samples per set after the larger set was subsampled (the smaller set's size).</param>
/// <param name="Projections">Directions used.</param>
internal sealed record MindResult(double Value, int SampleSize, int Projections);

/// <summary>
/// Monge Inception Distance (Berthet et al. 2026), as torch-fidelity computes it (<c>metric_mind.py</c>,
/// <c>mind_features_to_metric</c>, toshas/torch-fidelity 5e211a9): a sliced Wasserstein-2 distance between two
/// feature sets, scaled by 3 d.
/// </summary>
/// <remarks>
/// With one <c>torch.Generator().manual_seed(Seed)</c> (<see cref="TorchGenerator"/>): when the sizes differ, the larger
/// set keeps the rows <c>randperm(N)[:n]</c>, n the smaller size (torch-fidelity's input1, the generated set, would be
/// drawn first; only one set is ever subsampled). Then M directions <c>randn(M, d)</c> (float32), each divided by its
/// norm (clamped to 1e-12). For each direction u, both sets are projected, each projection sorted, and
/// w_u = mean_i (sort(X u)_i − sort(Y u)_i)²; MIND = 3 d · mean_u w_u. The metric is symmetric in the two sets.
/// torch-fidelity projects, sorts and averages in float32; here the directions are normalised, and the projections
/// and every sum taken, in float64 (the same draws), so the value agrees with a float64 evaluation of the reference
/// to ~1e-14 and with torch-fidelity's float32 output to its own rounding (~1e-7 relative).
/// Projections come from the float64 GEMM in chunks of <see cref="DirectionChunk"/> directions, one task per chunk, and
/// are sorted by <see cref="RadixSort"/>; a projection's summation order depends only on d, so the result does not
/// depend on the thread count.
/// </remarks>
internal static class Mind
{
    /// <summary>The JSON result key.</summary>
    public const string Key = "mind";

    /// <summary>Directions projected and sorted per task.</summary>
    internal const int DirectionChunk = 128;

    /// <summary>Feature rows converted to float64 at a time.</summary>
    private const int RowBlock = 256;

    /// <summary>Computes MIND between real and generated features.</summary>
    /// <exception cref="InputException">The dimensions differ, a set is empty or not finite, or Projections &lt; 1.</exception>
    public static MindResult Compute(FeatureMatrix real, FeatureMatrix generated, MindOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        var o = options ?? new MindOptions();
        if (real.Columns != generated.Columns) Throw.DimMismatch(real.Source, real.Columns, generated.Source, generated.Columns);
        if (real.Columns == 0) Throw.Input($"{real.Source}: features have dimension 0");
        if (o.Projections < 1) Throw.Input($"MIND projections: {o.Projections}, but at least 1 direction is needed");
        if (generated.Rows < 1) Throw.TooFewSamples(generated.Source, generated.Rows, 1, "MIND");
        if (real.Rows < 1) Throw.TooFewSamples(real.Source, real.Rows, 1, "MIND");
        RequireFinite(real);
        RequireFinite(generated);

        int n = Math.Min(real.Rows, generated.Rows), d = real.Columns, m = o.Projections;
        var rng = new TorchGenerator(o.Seed, o.Kernel);
        // torch-fidelity: features_1 (generated) is subsampled first, then features_2 (real); one of them at most.
        if (generated.Rows > n) generated = generated.SelectRows(rng.RandPerm(generated.Rows).AsSpan(0, n));
        if (real.Rows > n) real = real.SelectRows(rng.RandPerm(real.Rows).AsSpan(0, n));
        var directions = Directions(rng, m, d);

        var perDirection = new double[m];
        int chunks = (m + DirectionChunk - 1) / DirectionChunk;
        Parallel.For(0, chunks, Parallelism.Options(), c =>
        {
            int m0 = c * DirectionChunk, mc = Math.Min(DirectionChunk, m - m0);
            var u = directions.AsMemory(m0 * d, mc * d);
            var p1 = ArrayPool<double>.Shared.Rent(mc * n);
            var p2 = ArrayPool<double>.Shared.Rent(mc * n);
            var scratch = ArrayPool<ulong>.Shared.Rent(2 * n);
            try
            {
                Project(generated, u, mc, p1);
                Project(real, u, mc, p2);
                for (int j = 0; j < mc; j++)
                {
                    var a = p1.AsSpan(j * n, n);
                    var b = p2.AsSpan(j * n, n);
                    RadixSort.Sort(a, scratch);
                    RadixSort.Sort(b, scratch);
                    double s = 0;
                    for (int i = 0; i < n; i++)
                    {
                        double t = a[i] - b[i];
                        s += t * t;
                    }
                    perDirection[m0 + j] = s / n;
                }
            }
            finally
            {
                ArrayPool<double>.Shared.Return(p1);
                ArrayPool<double>.Shared.Return(p2);
                ArrayPool<ulong>.Shared.Return(scratch);
            }
        });
        double mean = 0;
        foreach (var w in perDirection) mean += w;
        mean /= m;
        return new MindResult(3.0 * d * mean, n, m);
    }

    /// <summary>
    /// <c>randn(M, d)</c> in float32 from <paramref name="rng"/>, each row divided by max(‖row‖, 1e-12) in float64.
    /// </summary>
    internal static double[] Directions(TorchGenerator rng, int m, int d)
    {
        var raw = rng.RandnFloat32(checked(m * d));
        var u = new double[raw.Length];
        for (int r = 0; r < m; r++)
        {
            var row = raw.AsSpan(r * d, d);
            double sq = 0;
            foreach (var v in row) sq += (double)v * v;
            double inv = 1.0 / Math.Max(Math.Sqrt(sq), 1e-12);
            for (int k = 0; k < d; k++) u[r * d + k] = row[k] * inv;
        }
        return u;
    }

    /// <summary>P[j, i] = x_i · u_j for mc directions (row stride n = x.Rows), single-threaded.</summary>
    internal static void Project(FeatureMatrix x, ReadOnlyMemory<double> u, int mc, double[] p)
    {
        int n = x.Rows, d = x.Columns;
        p.AsSpan(0, mc * n).Clear();
        var block = ArrayPool<double>.Shared.Rent(RowBlock * d);
        try
        {
            var src = x.Span;
            for (int i0 = 0; i0 < n; i0 += RowBlock)
            {
                int rb = Math.Min(RowBlock, n - i0);
                var f = src.Slice(i0 * d, rb * d);
                for (int t = 0; t < f.Length; t++) block[t] = f[t];
                // A(j, k) = u[j, k]; B(k, i) = block[i, k]; C(j, i) at p[j * n + i0 + i].
                GemmF64.Multiply(mc, rb, d, 1.0, u.Span, d, 1, block, 1, d, p.AsSpan(i0), n, TileMask.Full, maxThreads: 1);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(block);
        }
    }

    private static void RequireFinite(FeatureMatrix x)
    {
        var s = x.Span;
        for (int i = 0; i < s.Length; i++)
            if (!float.IsFinite(s[i]))
                Throw.Input($"{x.Source}: row {i / x.Columns} has a non-finite value (NaN or infinity)");
    }
}
