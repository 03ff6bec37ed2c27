using GenMetrics.Internals;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>
/// Kernel Inception Distance (Bińkowski et al. 2018) as torch-fidelity computes it (<c>metric_kid.py</c>).
/// </summary>
/// <remarks>
/// For each of <see cref="KidOptions.Subsets"/> subsets, m rows are drawn without replacement from each set with NumPy's
/// legacy <c>RandomState(Seed).choice(N, m, replace=False)</c>, the generated set first, then the real set (torch-fidelity's
/// input1 is the generated set and is drawn first; the same generator serves all subsets). With k(x, y) = (γ x·y + c)^degree,
/// γ = 1/d by default, the unbiased estimate is
/// MMD² = [Σ_{i≠j} k(x_i, x_j) + Σ_{i≠j} k(y_i, y_j)] / (m(m − 1)) − 2 Σ_{i,j} k(x_i, y_j) / m².
/// The result is the mean and the ddof-0 standard deviation of the subset estimates.
/// Dot products come from the float32 GEMM (as torch-fidelity's float32 matmul); the kernel and every sum are float64,
/// so the result agrees with a float64 evaluation of the same draws far more closely than torch-fidelity's own float32 output.
/// </remarks>
public static partial class Kid
{
    /// <summary>The JSON key of the mean.</summary>
    public const string MeanKey = "kid_mean";

    /// <summary>The JSON key of the standard deviation.</summary>
    public const string StdKey = "kid_std";

    /// <summary>Computes KID between real and generated features.</summary>
    /// <param name="real">Features of the real samples (torch-fidelity's input2; its subset is drawn second).</param>
    /// <param name="generated">Features of the generated samples (torch-fidelity's input1; its subset is drawn first).</param>
    /// <param name="options">Settings; null for torch-fidelity's defaults.</param>
    /// <exception cref="InputException">Dimensions differ, a set is smaller than the subset size, or an option is invalid.</exception>
    public static KidResult Compute(FeatureMatrix real, FeatureMatrix generated, KidOptions? options = null)
    {
        var mmds = SubsetEstimates(real, generated, options ?? new KidOptions(), KidStrategy.Auto, out int m);
        return new KidResult(Mean(mmds), PopulationStd(mmds), m);
    }

    /// <summary>The per-subset MMD² estimates, in draw order (for tests and diagnostics).</summary>
    internal static double[] SubsetEstimates(FeatureMatrix real, FeatureMatrix generated, KidOptions o, KidStrategy strategy, out int m)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(o);
        m = Validate(real, generated, o);
        int d = real.Columns;
        var kernel = new PolyKernel(o.Gamma ?? 1.0 / d, o.Coef0, o.Degree);

        // Draw every subset up front, in the reference's order: generated, then real, per subset.
        var rng = RandomState.FromSeed(o.Seed, "seed");
        var genIdx = new int[o.Subsets][];
        var realIdx = new int[o.Subsets][];
        var scratch = new int[Math.Max(real.Rows, generated.Rows)];
        for (int s = 0; s < o.Subsets; s++)
        {
            genIdx[s] = Draw(rng, generated.Rows, m, scratch);
            realIdx[s] = Draw(rng, real.Rows, m, scratch);
        }

        if (strategy == KidStrategy.Auto) strategy = ChooseStrategy(generated.Rows, real.Rows, m, o.Subsets, d);
        return strategy == KidStrategy.Gram
            ? GramEstimates(generated, real, genIdx, realIdx, m, kernel)
            : PerSubsetEstimates(generated, real, genIdx, realIdx, m, kernel);
    }

    /// <summary>
    /// Whether to compute each subset's kernel matrices through the GEMM (K_xx and K_yy as upper triangles in row blocks,
    /// m² + m·RowBlock dots, plus m² for K_xy), or the dot products between all used rows once (N_x²/2 + N_y²/2 +
    /// N_x N_y dots) and then gather 2m² of them per subset; both in multiply-add units, within a memory budget.
    /// </summary>
    internal static KidStrategy ChooseStrategy(int nx, int ny, int m, int subsets, int d = 2048)
    {
        double mm = (double)m * m;
        double perSubset = subsets * ((2 * mm + (double)m * RowBlock) * d + 2 * mm * KernelSumCost);
        double gram = (0.5 * nx * (double)nx + 0.5 * ny * (double)ny + nx * (double)ny + 0.5 * GramBlock * (nx + ny)) * d
                      + subsets * 2 * mm * GatherCost;
        double bytes = 4.0 * ((double)nx * nx + (double)ny * ny + (double)nx * ny);
        return gram < perSubset && bytes <= GramBudgetBytes ? KidStrategy.Gram : KidStrategy.PerSubset;
    }

    /// <summary>A gathered kernel evaluation costs about as much as this many GEMM multiply-adds (measured on Zen 4: ~90 at d = 8 .. 256).</summary>
    private const double GatherCost = 80;

    /// <summary>A kernel evaluation on a contiguous run, in GEMM multiply-adds.</summary>
    private const double KernelSumCost = 4;

    /// <summary>Upper limit on the float32 Gram matrices of the gather strategy (N = 9k per set just fits).</summary>
    internal const double GramBudgetBytes = 1024.0 * 1024 * 1024;

    /// <summary>Checks the options alone (before any data is seen); the message names the setting.</summary>
    internal static void ValidateOptions(KidOptions o)
    {
        if (o.Subsets < 1) throw InputException.ForSetting("kid_subsets", $"{o.Subsets}, but at least 1 subset is needed");
        if (o.SubsetSize < 2) throw InputException.ForSetting("kid_subset_size", $"{o.SubsetSize}, but the unbiased estimator needs at least 2");
        if (o.Degree < 1) throw InputException.ForSetting("kid_degree", $"{o.Degree}, but it must be at least 1");
        if (o.Gamma is { } g && !double.IsFinite(g)) throw InputException.ForSetting("kid_gamma", $"{g} is not a finite number");
        if (!double.IsFinite(o.Coef0)) throw InputException.ForSetting("kid_coef0", $"{o.Coef0} is not a finite number");
        RandomState.CheckSeed(o.Seed, "seed");
    }

    private static int Validate(FeatureMatrix real, FeatureMatrix generated, KidOptions o)
    {
        if (real.Columns != generated.Columns) Throw.DimMismatch(real.Source, real.Columns, generated.Source, generated.Columns);
        if (real.Columns == 0) Throw.Input($"{real.Source}: features have dimension 0");
        ValidateOptions(o);
        int m = o.SubsetSize;
        if (o.ClampSubsetSize)
        {
            m = Math.Min(m, Math.Min(real.Rows, generated.Rows));
            if (m < 2) Throw.Input($"KID: real set {real.Source} has {Throw.Samples(real.Rows)} and generated set {generated.Source} has {generated.Rows}; at least 2 each are needed");
            return m;
        }
        if (generated.Rows < m) TooSmall("generated", generated, m);
        if (real.Rows < m) TooSmall("real", real, m);
        return m;
    }

    private static void TooSmall(string which, FeatureMatrix set, int m) =>
        Throw.Input($"{which} set {set.Source}: {Throw.Samples(set.Rows)}, but KID subsets of {m} need at least {m} " +
                    "(lower the 'kid_subset_size' setting, or turn on the 'kid_clamp_subset_size' setting to use min(N_real, N_generated))");

    private static int[] Draw(RandomState rng, int n, int m, int[] scratch)
    {
        rng.ChoiceWithoutReplacement(n, scratch);
        var idx = scratch.AsSpan(0, m).ToArray();
        // The estimate is a sum over pairs, so the order within a subset is free: ascending order makes gathers and
        // the triangle of symmetric matrices cache- and branch-friendly.
        Array.Sort(idx);
        return idx;
    }

    private static double Mean(double[] v)
    {
        double s = 0;
        foreach (var x in v) s += x;
        return s / v.Length;
    }

    private static double PopulationStd(double[] v)
    {
        double mean = Mean(v), s = 0;
        foreach (var x in v) s += (x - mean) * (x - mean);
        return Math.Sqrt(s / v.Length);
    }
}

/// <summary>How <see cref="Kid"/> evaluates the kernel sums; results agree to float32 rounding of the dot products.</summary>
internal enum KidStrategy
{
    Auto,
    PerSubset,
    Gram,
}
