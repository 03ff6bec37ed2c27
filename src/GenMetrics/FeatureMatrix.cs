namespace GenMetrics;

/// <summary>
/// An N x D matrix of float32 features, row-major (one sample per row), as an encoder produces them
/// or as a features file holds them. Immutable once built.
/// </summary>
public sealed class FeatureMatrix
{
    private readonly ReadOnlyMemory<float> _data;

    /// <summary>Wraps row-major data of <paramref name="rows"/> x <paramref name="columns"/> floats.</summary>
    /// <param name="data">The values, row after row; its length must be rows * columns.</param>
    /// <param name="rows">The number of samples N.</param>
    /// <param name="columns">The feature dimension D.</param>
    /// <param name="source">A name for messages (usually the file it came from).</param>
    public FeatureMatrix(ReadOnlyMemory<float> data, int rows, int columns, string source = "features")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns != data.Length)
            throw new ArgumentException($"{source}: {rows} x {columns} needs {(long)rows * columns} values, got {data.Length}", nameof(data));
        _data = data;
        Rows = rows;
        Columns = columns;
        Source = source;
    }

    /// <summary>The number of samples N.</summary>
    public int Rows { get; }

    /// <summary>The feature dimension D.</summary>
    public int Columns { get; }

    /// <summary>Where the features came from, used in messages.</summary>
    public string Source { get; }

    /// <summary>All values, row-major.</summary>
    public ReadOnlySpan<float> Span => _data.Span;

    /// <summary>All values, row-major.</summary>
    public ReadOnlyMemory<float> Memory => _data;

    /// <summary>One sample.</summary>
    public ReadOnlySpan<float> Row(int i) => _data.Span.Slice(i * Columns, Columns);

    /// <summary>Builds a matrix from a jagged array (convenient in tests and small programs).</summary>
    public static FeatureMatrix FromRows(float[][] rows, string source = "features")
    {
        int n = rows.Length, d = n == 0 ? 0 : rows[0].Length;
        var data = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            if (rows[i].Length != d) throw new ArgumentException($"{source}: row {i} has {rows[i].Length} values, row 0 has {d}");
            rows[i].CopyTo(data, i * d);
        }
        return new FeatureMatrix(data, n, d, source);
    }

    /// <summary>A new matrix holding the given rows, in the given order.</summary>
    public FeatureMatrix SelectRows(ReadOnlySpan<int> indices)
    {
        var data = new float[indices.Length * Columns];
        var src = Span;
        for (int i = 0; i < indices.Length; i++)
            src.Slice(indices[i] * Columns, Columns).CopyTo(data.AsSpan(i * Columns, Columns));
        return new FeatureMatrix(data, indices.Length, Columns, Source);
    }
}
