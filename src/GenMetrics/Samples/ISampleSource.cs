using GenMetrics.Imaging;
using System.Diagnostics.CodeAnalysis;

namespace GenMetrics.Samples;

/// <summary>
/// An ordered, fixed set of images: a folder, a zip archive, a uint8 .npy/.npz array or an IDX file. Open one with
/// <see cref="SampleSources.Open"/>. Reading is thread-safe, so images can be decoded on several threads at once.
/// </summary>
public interface ISampleSource : IDisposable
{
    /// <summary>The input as the user named it (a path).</summary>
    string Name { get; }

    /// <summary>The number of items, including any that turn out to be undecodable.</summary>
    int Count { get; }

    /// <summary>The items' names in order: relative paths with '/' separators, archive member names, or array indices.</summary>
    IReadOnlyList<string> ItemNames { get; }

    /// <summary>
    /// True when some items are stored in a lossy format (.jpg, .jpeg, .webp by extension, as torch-fidelity judges),
    /// which shifts metrics against losslessly stored images: a caller should warn.
    /// </summary>
    bool HasLossyItems { get; }

    /// <summary>Decodes item <paramref name="index"/> to RGB.</summary>
    /// <exception cref="InputException">The item is corrupt or truncated; the message names it.</exception>
    RgbImage Read(int index);

    /// <summary>
    /// Decodes item <paramref name="index"/>; when the source was opened with
    /// <see cref="SampleSourceOptions.SkipInvalid"/>, an undecodable item returns false and is added to
    /// <see cref="Skipped"/>, otherwise it throws as <see cref="Read"/> does.
    /// </summary>
    bool TryRead(int index, [NotNullWhen(true)] out RgbImage? image);

    /// <summary>The items <see cref="TryRead"/> skipped so far, as messages that name each item, in item order.</summary>
    IReadOnlyList<string> Skipped { get; }

    /// <summary>
    /// A SHA-256 (lower-case hex) of the whole input, for caches and result records: over the items in order, each
    /// contributing its name (UTF-8), a zero byte and the SHA-256 of its bytes (the encoded file for folders and
    /// archives; the item's pixels, prefixed by its height, width and channel count, for arrays). Renaming or moving
    /// the folder or file does not change it. Computed once (it reads every file) and remembered.
    /// </summary>
    string ContentHash();
}
