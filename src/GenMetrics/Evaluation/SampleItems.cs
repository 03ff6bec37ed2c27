namespace GenMetrics.Evaluation;

/// <summary>
/// Which items of its source each row of a <see cref="FeatureSet"/> is: the source's size, the source index of every
/// row (after any sample selection and any skipped image) and, for image sources, the items' names. Labels given per
/// item of the source (an IDX labels file, an array, a CSV by file name, class folders) are aligned to the rows
/// through it.
/// </summary>
/// <param name="SourceCount">The number of items of the whole source.</param>
/// <param name="Indices">Per row, the index of its item in the source (ascending).</param>
/// <param name="SourceNames">The names of all items of the source (relative paths, archive members, array
/// indices), or null when the source has none (a features file: rows are named by their index).</param>
internal sealed record SampleItems(int SourceCount, int[] Indices, IReadOnlyList<string>? SourceNames)
{
    /// <summary>Every item of a source of <paramref name="count"/> items, in order.</summary>
    public static SampleItems All(int count, IReadOnlyList<string>? names = null)
    {
        var indices = new int[count];
        for (int i = 0; i < count; i++) indices[i] = i;
        return new SampleItems(count, indices, names);
    }

    /// <summary>The number of rows.</summary>
    public int Count => Indices.Length;

    /// <summary>The name of row <paramref name="row"/>'s item (its source index when the source has no names).</summary>
    public string NameOf(int row) =>
        SourceNames?[Indices[row]] ?? Indices[row].ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The rows <paramref name="rows"/> of these, in that order.</summary>
    public SampleItems Rows(ReadOnlySpan<int> rows)
    {
        var indices = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++) indices[i] = Indices[rows[i]];
        return this with { Indices = indices };
    }
}
