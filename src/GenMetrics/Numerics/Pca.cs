namespace GenMetrics.Numerics;

/// <summary>
/// Principal component projection fitted on one set: the float64 mean and the leading eigenvectors of the float64
/// covariance (exact, <see cref="SymmetricEigen.Largest"/>), applied as (x − mean) Vᵀ in float64 and stored as float32
/// (sklearn's <c>PCA.transform</c> keeps float32 input float32).
/// </summary>
/// <remarks>
/// sklearn's <c>PCA(n_components)</c> spans the same subspace: its components are the leading right singular vectors
/// of the centred data, the covariance's leading eigenvectors. It computes them in the input's precision (float32
/// LAPACK for float32 features) and, with the default <c>svd_solver='auto'</c> on data larger than 500 x 500, by
/// unseeded randomized SVD (an approximation that changes from run to run); signs differ freely. Distances in the
/// projected space do not depend on the signs.
/// </remarks>
internal sealed class Pca
{
    private Pca(double[] mean, double[] components, int count, int dimension)
    {
        Mean = mean;
        Components = components;
        Count = count;
        Dimension = dimension;
    }

    /// <summary>The fitted set's mean, length d.</summary>
    public double[] Mean { get; }

    /// <summary>The components as rows, Count x d, by decreasing variance.</summary>
    public double[] Components { get; }

    /// <summary>The number of components kept.</summary>
    public int Count { get; }

    /// <summary>The input dimension d.</summary>
    public int Dimension { get; }

    /// <summary>Fits <paramref name="components"/> components on the rows of <paramref name="x"/> (needs components ≤ min(N, d), as sklearn).</summary>
    public static Pca Fit(FeatureMatrix x, int components)
    {
        int d = x.Columns;
        if (components < 1 || components > Math.Min(x.Rows, d))
            Internals.Throw.Input($"{x.Source}: {x.Rows} x {d} features, but PCA to {components} dimensions needs at least {components} samples and dimensions");
        var acc = new CovarianceAccumulator(d);
        acc.Add(x.Span);
        var (mean, cov) = acc.Result(ddof: Math.Min(1, x.Rows - 1));
        var (_, vectors) = SymmetricEigen.Largest(cov, d, components);
        return new Pca(mean, vectors, components, d);
    }

    /// <summary>(x − mean) Vᵀ for every row, in float64, rounded to float32.</summary>
    public FeatureMatrix Project(FeatureMatrix x)
    {
        if (x.Columns != Dimension) Internals.Throw.DimMismatch(x.Source, x.Columns, "the PCA fit", Dimension);
        int n = x.Rows, d = Dimension, k = Count;
        var y = new float[(long)n * k];
        Parallel.For(0, (n + 127) / 128, Parallelism.Options(), b =>
        {
            var centred = new double[d];
            var src = x.Span;
            for (int i = b * 128, end = Math.Min(n, i + 128); i < end; i++)
            {
                var row = src.Slice(i * d, d);
                for (int j = 0; j < d; j++) centred[j] = (double)row[j] - Mean[j];
                for (int c = 0; c < k; c++) y[(long)i * k + c] = (float)DotF64.Dot(centred, Components.AsSpan(c * d, d));
            }
        });
        return new FeatureMatrix(y, n, k, $"{x.Source} (PCA {k})");
    }
}
