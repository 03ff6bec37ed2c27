namespace GenMetrics;

/// <summary>
/// How many threads GenMetrics uses: all cores unless a caller limits it for a scope with <see cref="Limit"/>. The
/// limit covers the metric kernels, image decoding and the networks' intra-op threads. Results never depend on it:
/// reductions run in fixed blocks whatever the thread count.
/// </summary>
public static class Parallelism
{
    private static readonly AsyncLocal<int> s_limit = new();

    /// <summary>The limit in force on this logical thread, or null for all cores.</summary>
    public static int? MaxThreads => s_limit.Value > 0 ? s_limit.Value : null;

    /// <summary>The number of threads to use: the limit, else the number of cores.</summary>
    public static int Threads => MaxThreads ?? Environment.ProcessorCount;

    /// <summary>Limits the threads used by work started in this scope (it flows into tasks) until the result is disposed.</summary>
    /// <exception cref="InputException"><paramref name="maxThreads"/> is below 1 (setting <c>threads</c>).</exception>
    public static IDisposable Limit(int maxThreads)
    {
        if (maxThreads < 1) throw InputException.ForSetting("threads", $"must be at least 1, got {maxThreads}");
        var previous = s_limit.Value;
        s_limit.Value = maxThreads;
        return new Scope(previous);
    }

    /// <summary>Options for Parallel.For: at most <paramref name="maxThreads"/> (-1: no own limit) and at most the scope's limit.</summary>
    internal static ParallelOptions Options(int maxThreads = -1) => new() { MaxDegreeOfParallelism = Resolve(maxThreads) };

    /// <summary>The smaller of <paramref name="maxThreads"/> (-1: none) and the scope's limit; -1 when neither limits.</summary>
    internal static int Resolve(int maxThreads)
    {
        int limit = s_limit.Value;
        if (limit <= 0) return maxThreads;
        return maxThreads <= 0 ? limit : Math.Min(maxThreads, limit);
    }

    /// <summary>
    /// Parallel.For with the scope's limit, where a failing item's <see cref="InputException"/> (a corrupt image, say)
    /// surfaces as itself, not wrapped in an AggregateException: bad input stays a clear error.
    /// </summary>
    internal static void For(int from, int to, Action<int> body, CancellationToken cancellationToken = default)
    {
        var options = Options();
        options.CancellationToken = cancellationToken;
        try
        {
            Parallel.For(from, to, options, body);
        }
        catch (AggregateException e)
        {
            var first = e.Flatten().InnerExceptions.FirstOrDefault(x => x is InputException) ?? e.Flatten().InnerExceptions[0];
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }

    private sealed class Scope(int previous) : IDisposable
    {
        public void Dispose() => s_limit.Value = previous;
    }
}
