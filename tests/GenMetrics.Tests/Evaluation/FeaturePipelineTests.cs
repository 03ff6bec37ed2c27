using GenMetrics.Evaluation;

namespace GenMetrics.Tests.Evaluation;

public class FeaturePipelineTests
{
    private const int InputLength = 5, Dim = 3;

    private static void Prepare(int index, Span<float> dest)
    {
        for (int j = 0; j < dest.Length; j++) dest[j] = index * 0.5f + j;
    }

    // A toy encoder whose output for an item depends only on that item's input.
    private static void Encode(ReadOnlyMemory<float> memory, int count, Span<float> features)
    {
        var inputs = memory.Span;
        for (int i = 0; i < count; i++)
        {
            var x = inputs.Slice(i * InputLength, InputLength);
            float s = 0, q = 0;
            foreach (var v in x) { s += v; q += v * v; }
            features[i * Dim] = s;
            features[i * Dim + 1] = q;
            features[i * Dim + 2] = x[0];
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 1)]
    [InlineData(16, 2)]
    [InlineData(200, 3)]
    public void Rows_land_in_input_order_whatever_the_batch_size_and_worker_count(int batch, int workers)
    {
        const int n = 103;
        var f = FeaturePipeline.Run(n, InputLength, Dim, Prepare, Encode, batch, workers);
        Assert.Equal(n * Dim, f.Length);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(i * 0.5f, f[i * Dim + 2]);
            Assert.Equal(5 * (i * 0.5f) + 10, f[i * Dim], 3);
        }
        var reference = FeaturePipeline.Run(n, InputLength, Dim, Prepare, Encode, batchSize: 1, workers: 1);
        Assert.Equal(reference, f);
    }

    [Fact]
    public void A_failing_item_surfaces_as_its_own_exception()
    {
        var e = Assert.Throws<InputException>(() => FeaturePipeline.Run(100, InputLength, Dim, (i, d) =>
        {
            if (i == 57) throw new InputException("img57.png: truncated PNG");
            Prepare(i, d);
        }, Encode, batchSize: 8, workers: 2));
        Assert.Equal("img57.png: truncated PNG", e.Message);
    }

    [Fact]
    public void Progress_reaches_the_total()
    {
        var seen = new List<ExtractionProgress>();
        var progress = new SyncProgress(seen);
        FeaturePipeline.Run(50, InputLength, Dim, Prepare, Encode, batchSize: 8, workers: 2, progress: progress);
        Assert.Equal(50, seen[^1].Done);
        Assert.Equal(50, seen[^1].Total);
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.Done < p.Second.Done));
    }

    private sealed class SyncProgress(List<ExtractionProgress> list) : IProgress<ExtractionProgress>
    {
        public void Report(ExtractionProgress value) => list.Add(value);
    }

    [Fact]
    public void Zero_items_give_an_empty_matrix()
    {
        Assert.Empty(FeaturePipeline.Run(0, InputLength, Dim, Prepare, Encode));
    }
}
