using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using GenMetrics.Evaluation;
using GenMetrics.Imaging;

namespace GenMetrics.Samples;

/// <summary>
/// The samples of an <see cref="OnnxGenerator"/> as a sample source (<see cref="OnnxGenerator.Samples"/>): item i is
/// the image of latent i. Images are generated a batch at a time when first read and a few recent batches are kept
/// (readers go roughly in order), so memory stays bounded; a batch read again after it was dropped is generated again,
/// to the same pixels. Thread-safe. It does not own the generator.
/// </summary>
internal sealed class GeneratorSource : ISampleSource
{
    private readonly OnnxGenerator _generator;
    private readonly float[] _latents;
    private readonly long[]? _labels;
    private readonly string _hash;
    private readonly int _batch, _keep;
    private readonly ConcurrentDictionary<int, Lazy<byte[]>> _batches = new();
    private readonly ConcurrentDictionary<int, RgbImage> _pinned = new();

    public GeneratorSource(OnnxGenerator generator, float[] latents, long[]? labels, int count, IReadOnlyList<Setting> settings, string hash)
    {
        _generator = generator;
        _latents = latents;
        _labels = labels;
        _hash = hash;
        Count = count;
        Settings = settings;
        ItemNames = ImageListSource.IndexNames(count);
        _batch = generator.BatchSize;
        _keep = Math.Max(4, 2 * Parallelism.Threads + 2);
    }

    public string Name => _generator.Path;

    public int Count { get; }

    public IReadOnlyList<string> ItemNames { get; }

    public bool HasLossyItems => false;

    public IReadOnlyList<string> Skipped => [];

    /// <summary>The generator's settings and the latents' origin, for provenance.</summary>
    public IReadOnlyList<Setting> Settings { get; }

    /// <summary>The latents, row-major Count x z (before truncation).</summary>
    public ReadOnlySpan<float> Latents => _latents;

    /// <summary>The class labels, or null for an unconditional model.</summary>
    public IReadOnlyList<long>? Labels => _labels;

    public OnnxGenerator Generator => _generator;

    /// <summary>
    /// Generates the items <paramref name="indices"/> now, a batch at a time in ascending order, and keeps them until
    /// disposal: for readers that jump around (random pairs), which would otherwise generate a batch per read. The
    /// images are those of the same batches read in order, to the bit.
    /// </summary>
    public void Pin(IEnumerable<int> indices, CancellationToken ct = default)
    {
        foreach (var group in indices.Distinct().Order().GroupBy(i => i / _batch))
        {
            ct.ThrowIfCancellationRequested();
            foreach (var i in group)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(i);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, Count);
                _pinned[i] = Unpinned(i);
            }
        }
    }

    public RgbImage Read(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _pinned.TryGetValue(index, out var image) ? image : Unpinned(index);
    }

    private RgbImage Unpinned(int index)
    {
        int b = index / _batch;
        var pixels = Batch(b);
        var (c, h, w) = _generator.ImageShape;
        int plane = h * w, at = (index - b * _batch) * c * plane;
        var rgb = GC.AllocateUninitializedArray<byte>(plane * 3);
        for (int p = 0; p < plane; p++)
            for (int k = 0; k < 3; k++)
                rgb[p * 3 + k] = pixels[at + (c == 1 ? 0 : k) * plane + p];
        return new RgbImage(w, h, rgb, $"{Name}[{index}]") { StoredGreyscale = c == 1 };
    }

    public bool TryRead(int index, [NotNullWhen(true)] out RgbImage? image)
    {
        image = Read(index);
        return true;
    }

    /// <summary>The uint8 images of items <paramref name="start"/> .. start + count − 1, count x C x H x W, generated now.</summary>
    public byte[] Generate(int start, int count)
    {
        int z = _generator.LatentSize;
        return _generator.Generate(_latents.AsSpan(start * z, count * z), _labels is null ? default : _labels.AsSpan(start, count), count);
    }

    public string ContentHash() => _hash;

    public void Dispose()
    {
        _batches.Clear();
        _pinned.Clear();
    }

    private byte[] Batch(int b)
    {
        var lazy = _batches.GetOrAdd(b, k => new Lazy<byte[]>(() =>
        {
            int start = k * _batch;
            return Generate(start, Math.Min(_batch, Count - start));
        }, LazyThreadSafetyMode.ExecutionAndPublication));
        byte[] pixels;
        try
        {
            pixels = lazy.Value;
        }
        catch
        {
            _batches.TryRemove(new KeyValuePair<int, Lazy<byte[]>>(b, lazy));
            throw;
        }
        // Keep the most recent batches: drop the lowest-numbered ones beyond the budget.
        if (_batches.Count > _keep)
            foreach (var old in _batches.Keys.Order().Take(_batches.Count - _keep))
                if (old != b) _batches.TryRemove(old, out _);
        return pixels;
    }
}
