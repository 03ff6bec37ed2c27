using System.Security.Cryptography;
using System.Text;
using GenMetrics.Samples;

namespace GenMetrics.Sharding;

/// <summary>
/// The sample list shards cut: a source's items in order, or those a <see cref="SampleSelection"/> picks, and the
/// part [Start, End) one shard takes.
/// </summary>
internal sealed class SampleList
{
    private readonly int[]? _indices;   // into the source; null: all items in order

    private SampleList(int sourceCount, int[]? indices, Shard shard, string? selection)
    {
        _indices = indices;
        Total = indices?.Length ?? sourceCount;
        (Start, End) = shard.Rows(Total);
        Selection = selection;
    }

    /// <summary>Samples in the whole list.</summary>
    public int Total { get; }

    /// <summary>The shard's first sample (a list position).</summary>
    public int Start { get; }

    /// <summary>One past the shard's last.</summary>
    public int End { get; }

    /// <summary>The shard's samples.</summary>
    public int Count => End - Start;

    /// <summary>How the selection is described, or null for all items.</summary>
    public string? Selection { get; }

    public static SampleList Of(int sourceCount, string sourceName, SampleSelection? selection, Shard shard) =>
        new(sourceCount, selection?.Indices(sourceCount, sourceName), shard, selection?.Describe(sourceCount));

    /// <summary>The source index of list position <paramref name="position"/>.</summary>
    public int SourceIndex(int position) => _indices?[position] ?? position;

    /// <summary>The source indices of the shard's samples, in order.</summary>
    public int[] ShardIndices()
    {
        var r = new int[Count];
        for (int i = 0; i < r.Length; i++) r[i] = SourceIndex(Start + i);
        return r;
    }

    /// <summary>Whether the shard's samples are one run of consecutive source items.</summary>
    public bool Contiguous => _indices is null;

    /// <summary>A SHA-256 of the whole list's item names in order (with its length): the same in every shard of one list.</summary>
    public string NamesSha256(IReadOnlyList<string> names)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData(BitConverter.GetBytes((long)Total));
        for (int p = 0; p < Total; p++)
        {
            h.AppendData(Encoding.UTF8.GetBytes(names[SourceIndex(p)]));
            h.AppendData([0]);
        }
        return Convert.ToHexStringLower(h.GetHashAndReset());
    }

    /// <summary>A SHA-256 of a features list: the file's shape, the list's length and selection, and its first row.</summary>
    public string FeaturesSha256(long rows, int columns, ReadOnlySpan<float> firstRow)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData(BitConverter.GetBytes(rows));
        h.AppendData(BitConverter.GetBytes((long)columns));
        h.AppendData(BitConverter.GetBytes((long)Total));
        h.AppendData(Encoding.UTF8.GetBytes(Selection ?? ""));
        h.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(firstRow));
        return Convert.ToHexStringLower(h.GetHashAndReset());
    }
}
