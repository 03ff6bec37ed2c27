using GenMetrics.Imaging;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace GenMetrics.Samples;

/// <summary>What every source shares: skipping, the content hash and index checks.</summary>
internal abstract class SampleSourceBase(string name, IReadOnlyList<string> itemNames, bool skipInvalid) : ISampleSource
{
    private readonly ConcurrentDictionary<int, string> _skipped = new();
    private string? _hash;

    public string Name { get; } = name;
    public int Count => ItemNames.Count;
    public IReadOnlyList<string> ItemNames { get; } = itemNames;
    public virtual bool HasLossyItems => false;

    public IReadOnlyList<string> Skipped
    {
        get
        {
            var items = _skipped.ToArray();
            Array.Sort(items, (a, b) => a.Key.CompareTo(b.Key));
            return Array.ConvertAll(items, kv => kv.Value);
        }
    }

    public RgbImage Read(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return ReadCore(index);
    }

    public bool TryRead(int index, [NotNullWhen(true)] out RgbImage? image)
    {
        if (!skipInvalid)
        {
            image = Read(index);
            return true;
        }
        try
        {
            image = Read(index);
            return true;
        }
        catch (InputException e)
        {
            _skipped[index] = e.Message;
            image = null;
            return false;
        }
    }

    public string ContentHash() => _hash ??= ContentHash(null);

    /// <summary>
    /// The content hash of the items at <paramref name="indices"/> (all items when null), by the same rule as
    /// <see cref="ContentHash()"/>: a subset hashes as a source holding only those items would.
    /// </summary>
    internal string ContentHash(int[]? indices)
    {
        var digests = ItemDigests(indices);
        return CombineDigests(Enumerable.Range(0, digests.Length).Select(i => ItemNames[indices is null ? i : indices[i]]), digests);
    }

    /// <summary>The SHA-256 of each item's bytes (all items when <paramref name="indices"/> is null), computed in parallel.</summary>
    internal byte[][] ItemDigests(int[]? indices)
    {
        int n = indices?.Length ?? Count;
        // The work is reading and hashing files: in parallel; the caller combines them in item order.
        var digests = new byte[n][];
        Parallelism.For(0, n, i => digests[i] = SHA256.HashData(ItemBytes(indices is null ? i : indices[i])));
        return digests;
    }

    /// <summary>The content hash of items given by name and digest, in order: SHA-256 over each name, a zero byte and its digest.</summary>
    internal static string CombineDigests(IEnumerable<string> names, IReadOnlyList<byte[]> digests)
    {
        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        int i = 0;
        foreach (var name in names)
        {
            all.AppendData(Encoding.UTF8.GetBytes(name));
            all.AppendData([0]);
            all.AppendData(digests[i++]);
        }
        return Convert.ToHexStringLower(all.GetHashAndReset());
    }

    /// <summary>Decodes item <paramref name="index"/> (already range-checked); thread-safe.</summary>
    protected abstract RgbImage ReadCore(int index);

    /// <summary>The bytes the content hash covers for item <paramref name="index"/>; thread-safe.</summary>
    protected abstract ReadOnlySpan<byte> ItemBytes(int index);

    public virtual void Dispose() { }
}
