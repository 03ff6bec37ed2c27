using GenMetrics.Numerics;

namespace GenMetrics.Samples;

/// <summary>
/// Which samples of a source to use: the first <see cref="Count"/> in the source's order, or, with a
/// <see cref="Seed"/>, a random subset of that size, kept in the source's order. The random subset is
/// <c>sorted(numpy.random.RandomState(seed).choice(N, count, replace=False))</c>, so Python can reproduce it.
/// </summary>
/// <param name="Count">How many samples (at least 1, at most the source's size).</param>
/// <param name="Seed">The seed of the random subset, or null for the first <see cref="Count"/>.</param>
public sealed record SampleSelection(int Count, long? Seed = null)
{
    /// <summary>The selected indices, ascending, out of <paramref name="total"/> samples of <paramref name="source"/>.</summary>
    /// <exception cref="InputException">The count is below 1 or above <paramref name="total"/> (setting <c>num_samples</c>).</exception>
    public int[] Indices(int total, string source)
    {
        if (Count < 1) throw InputException.ForSetting("num_samples", $"must be at least 1, got {Count}");
        if (Count > total) throw InputException.ForSetting("num_samples", $"{Internals.Throw.Samples(Count)} asked for, but {source} has {total}");
        if (Seed is not { } seed)
        {
            var first = new int[Count];
            for (int i = 0; i < Count; i++) first[i] = i;
            return first;
        }
        var picked = RandomState.FromSeed(seed, "sample_seed").ChoiceWithoutReplacement(total, Count);
        Array.Sort(picked);
        return picked;
    }

    /// <summary>How results describe it: <c>first 1000 of 5000</c> or <c>1000 of 5000 (seed 7)</c>.</summary>
    public string Describe(int total) => Seed is { } s ? $"{Count} of {total} (seed {s})" : $"first {Count} of {total}";
}
