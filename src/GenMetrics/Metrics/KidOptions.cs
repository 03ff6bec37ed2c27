namespace GenMetrics.Metrics;

/// <summary>Settings of the Kernel Inception Distance; the defaults are torch-fidelity's.</summary>
/// <param name="Subsets">How many random subset pairs to average over (torch-fidelity <c>kid_subsets</c>, 100).</param>
/// <param name="SubsetSize">Samples per subset, drawn without replacement from each set (<c>kid_subset_size</c>, 1000).</param>
/// <param name="Seed">Seed of NumPy's legacy <c>RandomState</c> that draws the subsets (<c>rng_seed</c>, 2020).</param>
/// <param name="Degree">Degree of the polynomial kernel (<c>kid_kernel_poly_degree</c>, 3).</param>
/// <param name="Gamma">Scale of the dot product; null means 1/d (<c>kid_kernel_poly_gamma</c>).</param>
/// <param name="Coef0">Constant added before raising to <see cref="Degree"/> (<c>kid_kernel_poly_coef0</c>, 1).</param>
/// <param name="ClampSubsetSize">
/// When a set has fewer samples than <see cref="SubsetSize"/>, use m = min(N_real, N_generated, SubsetSize) as
/// clean-fid and StyleGAN2-ADA do, instead of failing as torch-fidelity does (the default).
/// </param>
public sealed record KidOptions(
    int Subsets = 100,
    int SubsetSize = 1000,
    long Seed = 2020,
    int Degree = 3,
    double? Gamma = null,
    double Coef0 = 1,
    bool ClampSubsetSize = false);
