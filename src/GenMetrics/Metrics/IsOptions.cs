namespace GenMetrics.Metrics;

/// <summary>Settings of the Inception Score; the defaults are torch-fidelity's.</summary>
/// <param name="Splits">How many splits the samples are cut into (<c>isc_splits</c>, 10).</param>
/// <param name="Shuffle">Whether rows are permuted before splitting (<c>samples_shuffle</c>, true).</param>
/// <param name="Seed">Seed of NumPy's legacy <c>RandomState</c> that permutes the rows (<c>rng_seed</c>, 2020).</param>
public sealed record IsOptions(int Splits = 10, bool Shuffle = true, long Seed = 2020);
