namespace GenMetrics.Tests.Support;

/// <summary>Runs code where Parallel.For and Parallel.Invoke can use only one thread (thread-count independence tests).</summary>
internal static class Threads
{
    public static T Single<T>(Func<T> f)
    {
        var pair = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, maxConcurrencyLevel: 1);
        return Task.Factory.StartNew(f, CancellationToken.None, TaskCreationOptions.None, pair.ConcurrentScheduler)
            .GetAwaiter().GetResult();
    }
}
