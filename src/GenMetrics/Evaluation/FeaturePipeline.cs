using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;

namespace GenMetrics.Evaluation;

/// <summary>
/// Runs "prepare" (decode + preprocess) on worker threads and "encode" on the calling thread, overlapped through a
/// bounded queue of batches, and writes each item's features at its own row: the result does not depend on batch
/// size, worker count or timing (as long as the encoder's per-item output does not depend on the batch).
/// </summary>
internal static class FeaturePipeline
{
    /// <summary>Prepares item <c>index</c> into <c>destination</c> (its network input, <c>inputLength</c> floats).</summary>
    public delegate void Prepare(int index, Span<float> destination);

    /// <summary>Encodes <c>count</c> prepared items (row-major in <c>inputs</c>) into <c>features</c> (count x dim).</summary>
    public delegate void Encode(ReadOnlyMemory<float> inputs, int count, Span<float> features);

    /// <summary>Encodes <c>count</c> prepared items (row-major in <c>inputs</c>), items <c>start</c> to <c>start + count - 1</c>.</summary>
    public delegate void EncodeAt(ReadOnlyMemory<float> inputs, int count, int start);

    /// <summary>One output of <paramref name="dimension"/> values per item, returned row-major.</summary>
    public static float[] Run(int count, int inputLength, int dimension, Prepare prepare, Encode encode,
        int batchSize = 16, int workers = 0, IProgress<ExtractionProgress>? progress = null, CancellationToken cancel = default, string source = "")
    {
        var features = new float[(long)count * dimension];
        Run(count, inputLength, prepare, (inputs, n, start) => encode(inputs, n, features.AsSpan(start * dimension, n * dimension)),
            batchSize, workers, progress, cancel, source);
        return features;
    }

    /// <summary>Runs the pipeline; <paramref name="encode"/> stores each batch's results wherever the caller keeps them.</summary>
    public static void Run(int count, int inputLength, Prepare prepare, EncodeAt encode,
        int batchSize = 16, int workers = 0, IProgress<ExtractionProgress>? progress = null, CancellationToken cancel = default, string source = "")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (workers <= 0) workers = Math.Max(1, Parallelism.Threads - 1);
        if (count == 0) return;
        progress?.Report(new ExtractionProgress(source, 0, count, 0));
        int batches = (count + batchSize - 1) / batchSize;

        // At most two batches wait ahead of the encoder per worker: memory stays O(workers * batch * input).
        var ready = Channel.CreateBounded<(int Batch, float[] Inputs)>(new BoundedChannelOptions(Math.Max(2, workers * 2))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        int next = -1, decoded = 0;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var producers = new Task[workers];
        for (int w = 0; w < workers; w++)
        {
            producers[w] = Task.Run(async () =>
            {
                int b;
                while ((b = Interlocked.Increment(ref next)) < batches)
                {
                    linked.Token.ThrowIfCancellationRequested();
                    int start = b * batchSize, n = Math.Min(batchSize, count - start);
                    var buffer = ArrayPool<float>.Shared.Rent(n * inputLength);
                    try
                    {
                        for (int i = 0; i < n; i++)
                        {
                            prepare(start + i, buffer.AsSpan(i * inputLength, inputLength));
                            Interlocked.Increment(ref decoded);
                        }
                        await ready.Writer.WriteAsync((b, buffer), linked.Token).ConfigureAwait(false);
                    }
                    catch
                    {
                        ArrayPool<float>.Shared.Return(buffer);
                        throw;
                    }
                }
            }, linked.Token);
        }
        var completion = Task.WhenAll(producers).ContinueWith(t =>
        {
            ready.Writer.TryComplete(t.Exception?.GetBaseException());
        }, TaskScheduler.Default);

        var sw = Stopwatch.StartNew();
        int done = 0;
        try
        {
            while (ready.Reader.WaitToReadAsync(linked.Token).AsTask().GetAwaiter().GetResult())
            {
                while (ready.Reader.TryRead(out var item))
                {
                    try
                    {
                        int start = item.Batch * batchSize, n = Math.Min(batchSize, count - start);
                        encode(item.Inputs.AsMemory(0, n * inputLength), n, start);
                        done += n;
                    }
                    finally
                    {
                        ArrayPool<float>.Shared.Return(item.Inputs);
                    }
                    progress?.Report(new ExtractionProgress(source, done, count, done / Math.Max(sw.Elapsed.TotalSeconds, 1e-9)) { Decoded = Volatile.Read(ref decoded) });
                }
            }
        }
        catch
        {
            linked.Cancel();
            try { completion.Wait(); } catch (AggregateException) { }
            while (ready.Reader.TryRead(out var left)) ArrayPool<float>.Shared.Return(left.Inputs);
            throw;
        }
        completion.Wait(cancel);
        // A producer's failure (a corrupt file, say) completes the channel with its exception: rethrow it as is.
        ready.Reader.Completion.GetAwaiter().GetResult();
    }
}
