using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using GenMetrics.Evaluation;
using GenMetrics.Imaging;

namespace GenMetrics.Metrics.Paired;

/// <summary>
/// Runs a paired metric over <see cref="ImagePairs"/>: decoding overlaps the computation, memory stays bounded
/// (a few pairs per thread, never the whole set), each pair's value lands in its own slot, and progress is reported
/// as pairs finish. Values do not depend on the thread count.
/// </summary>
internal sealed class PairedRunner(ImagePairs pairs, string metric)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _report = new();
    private int _done, _clipped;

    /// <summary>
    /// Scores every pair with <paramref name="score"/> on the worker threads, each decoding its pair and scoring it
    /// (so decoding of some pairs overlaps scoring of others). With <paramref name="sameChannels"/>, a pair of a
    /// greyscale and a colour image is refused (the references refuse tensors of different shapes).
    /// </summary>
    public T[] Score<T>(Func<RgbImage, RgbImage, T> score, bool sameChannels)
    {
        var values = new T[pairs.Count];
        Unwrapped(() => Parallel.For(0, pairs.Count, Parallelism.Options(), i =>
        {
            var (a, b) = Read(i);
            if (sameChannels) CheckChannels(a, b);
            values[i] = score(a, b);
            Done(1);
        }));
        return values;
    }

    /// <summary>
    /// Scores pairs in chunks with <paramref name="run"/> on the calling thread (a network that batches), while a
    /// producer decodes the next chunks on the worker threads; at most two decoded chunks wait.
    /// </summary>
    public double[] Chunked(int chunk, Func<IReadOnlyList<(RgbImage A, RgbImage B)>, double[]> run)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        int count = pairs.Count, chunks = (count + chunk - 1) / chunk;
        var values = new double[count];
        var ready = Channel.CreateBounded<(int Start, (RgbImage, RgbImage)[] Pairs)>(new BoundedChannelOptions(2)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = new CancellationTokenSource();
        var producer = Task.Run(async () =>   // the Parallelism limit flows into the task
        {
            for (int c = 0; c < chunks; c++)
            {
                int start = c * chunk, n = Math.Min(chunk, count - start);
                var decoded = new (RgbImage, RgbImage)[n];
                var options = Parallelism.Options();
                options.CancellationToken = stop.Token;
                Unwrapped(() => Parallel.For(0, n, options, i => decoded[i] = Read(start + i)));
                await ready.Writer.WriteAsync((start, decoded), stop.Token).ConfigureAwait(false);
            }
        }, stop.Token);
        var completion = producer.ContinueWith(t => ready.Writer.TryComplete(t.Exception?.GetBaseException()), TaskScheduler.Default);
        try
        {
            while (ready.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                while (ready.Reader.TryRead(out var item))
                {
                    var d = run(item.Pairs);
                    d.CopyTo(values, item.Start);
                    Done(item.Pairs.Length);
                }
        }
        catch
        {
            stop.Cancel();
            try { completion.Wait(); } catch (AggregateException) { }
            throw;
        }
        completion.Wait();
        // A producer's failure (an unreadable image) completes the channel with its exception: rethrow it as is.
        ready.Reader.Completion.GetAwaiter().GetResult();
        return values;
    }

    /// <summary>The warnings the images call for (16-bit greyscale PNGs clipped as PIL clips them).</summary>
    public IReadOnlyList<string> Warnings => _clipped == 0 ? [] :
    [
        $"{metric}: {_clipped} 16-bit greyscale PNG(s) in {pairs.Name} had values above 255, clipped to 255 as PIL's convert('RGB') does: " +
        "they are compared nearly white; convert them to 8 bits first (for example value / 257) unless you are reproducing PIL-based numbers",
    ];

    /// <summary>Each pair's value under its name, in pair order.</summary>
    public IReadOnlyList<ItemValue> Items(double[] values)
    {
        var names = pairs.Names;
        var items = new ItemValue[values.Length];
        for (int i = 0; i < values.Length; i++) items[i] = new ItemValue(names[i], values[i]);
        return items;
    }

    private (RgbImage A, RgbImage B) Read(int index)
    {
        var pair = pairs.Read(index);
        if (pair.A.ClippedFrom16Bit) Interlocked.Increment(ref _clipped);
        if (pair.B.ClippedFrom16Bit) Interlocked.Increment(ref _clipped);
        return pair;
    }

    private static void CheckChannels(RgbImage a, RgbImage b)
    {
        if (a.StoredGreyscale == b.StoredGreyscale) return;
        var (grey, colour) = a.StoredGreyscale ? (a, b) : (b, a);
        throw new InputException($"{a.Source} and {b.Source} differ in channel count: {grey.Source} is greyscale (1 channel), {colour.Source} is colour (3 channels); " +
                                 "a pair must have the same channel count (or compare the luma of both with the 'greyscale' setting)");
    }

    private void Done(int n)
    {
        int done = Interlocked.Add(ref _done, n);
        if (pairs.Progress is not { } progress) return;
        lock (_report) progress.Report(new ExtractionProgress(pairs.Name, done, pairs.Count, done / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9)));
    }

    // Parallel.For wraps a failing iteration's exception: rethrow an InputException (a bad image) as itself.
    private static void Unwrapped(Action action)
    {
        try
        {
            action();
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.FirstOrDefault(x => x is InputException) is { } input)
        {
            ExceptionDispatchInfo.Capture(input).Throw();
        }
    }
}
