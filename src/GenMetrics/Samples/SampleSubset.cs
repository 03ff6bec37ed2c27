using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using GenMetrics.Imaging;

namespace GenMetrics.Samples;

/// <summary>
/// Some items of another source, in the given (ascending) order: what a <see cref="SampleSelection"/> picks. It does
/// not own the source it reads from.
/// </summary>
internal sealed class SampleSubset(ISampleSource source, int[] indices, string? contentHash = null) : ISampleSource
{
    private string? _hash = contentHash;

    public string Name => source.Name;

    public int Count => indices.Length;

    /// <summary>The source index of each item, ascending.</summary>
    public int[] Indices => indices;

    public IReadOnlyList<string> ItemNames { get; } = Array.ConvertAll(indices, i => source.ItemNames[i]);

    public bool HasLossyItems => source.HasLossyItems;

    public IReadOnlyList<string> Skipped => source.Skipped;

    public RgbImage Read(int index) => source.Read(indices[index]);

    public bool TryRead(int index, [NotNullWhen(true)] out RgbImage? image) => source.TryRead(indices[index], out image);

    /// <summary>The hash a source holding only these items would have (for built-in sources); else one over the whole source's hash and the indices.</summary>
    public string ContentHash() => _hash ??= source is SampleSourceBase b ? b.ContentHash(indices) : HashOfIndices();

    private string HashOfIndices()
    {
        var text = new StringBuilder(source.ContentHash()).Append('\n');
        foreach (var i in indices) text.Append(i).Append(',');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public void Dispose() { }
}
