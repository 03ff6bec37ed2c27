using GenMetrics.Imaging;

namespace GenMetrics.Metrics.Paired;

/// <summary>
/// Runs a per-pair metric over a list of pairs on several threads. Each pair's value lands in its own slot and means
/// are taken in pair order, so results do not depend on the thread count.
/// </summary>
internal static class PairedScores
{
    public static T[] Evaluate<T>(IReadOnlyList<(RgbImage A, RgbImage B)> pairs, Func<RgbImage, RgbImage, T> metric, int? threads = null)
    {
        var values = new T[pairs.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads ?? Environment.ProcessorCount };
        Parallel.For(0, pairs.Count, options, i => values[i] = metric(pairs[i].A, pairs[i].B));
        return values;
    }

    /// <summary>The mean in index order.</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) throw new InputException("no image pairs");
        double sum = 0;
        foreach (var v in values) sum += v;
        return sum / values.Length;
    }
}
