namespace GenMetrics.Formats;

/// <summary>
/// One storage of a checkpoint: a flat run of <see cref="Count"/> elements of one dtype, shared by every tensor that
/// views it. The bytes are filled in after the pickle is read (the legacy format stores them after it); a legacy
/// storage view is a window on its root storage.
/// </summary>
internal sealed class TorchStorage(string key, TorchDType dtype, long count)
{
    private byte[]? _data;
    private TorchStorage? _root;
    private long _rootOffset;

    public string Key { get; } = key;
    public TorchDType DType { get; } = dtype;

    /// <summary>Elements, as the persistent id declares them.</summary>
    public long Count { get; } = count;

    public long ByteCount => Count * DType.Size();

    public bool IsView => _root is not null;

    public bool IsLoaded => _root?.IsLoaded ?? _data is not null;

    /// <summary>The storage's bytes (little-endian elements) and where this storage starts in them.</summary>
    public (byte[] Data, long ByteOffset) Bytes
    {
        get
        {
            if (_root is not null)
            {
                var (data, offset) = _root.Bytes;
                return (data, offset + _rootOffset * DType.Size());
            }
            return (_data ?? throw new InvalidOperationException($"storage '{Key}' was never loaded"), 0);
        }
    }

    public void SetData(byte[] data)
    {
        if (data.LongLength != ByteCount) throw new ArgumentException($"storage '{Key}' holds {ByteCount} bytes, got {data.LongLength}", nameof(data));
        _data = data;
    }

    /// <summary>Makes this storage a window [offset, offset + Count) on <paramref name="root"/> (legacy storage views).</summary>
    public void ViewOf(TorchStorage root, long offset)
    {
        _root = root;
        _rootOffset = offset;
    }
}
