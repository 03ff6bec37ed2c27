using GenMetrics.Metrics;

namespace GenMetrics.Formats;

/// <summary>
/// Statistics files as pytorch-fid and clean-fid write them: an .npz holding <c>mu</c> (d,) and <c>sigma</c> (d, d),
/// float64 (float32 is accepted on reading).
/// </summary>
public static class StatsFile
{
    private const string MeanKey = "mu";
    private const string CovarianceKey = "sigma";

    /// <summary>Reads and validates a statistics file (its sample count is unknown: 0).</summary>
    /// <exception cref="InputException">A key is missing, the shapes disagree, d is 0, or a value is NaN or infinite.</exception>
    public static GaussianStats Read(string path)
    {
        using (var file = FileInput.OpenRead(path))
            if (!FileInput.IsZip(file))
                throw new InputException($"{path}: not a statistics file (expected an .npz archive with '{MeanKey}' and '{CovarianceKey}')");
        var keys = Npz.ListArrays(path);
        foreach (var key in (ReadOnlySpan<string>)[MeanKey, CovarianceKey])
            if (!keys.Contains(key))
                throw new InputException($"{path}: not a statistics file: no array '{key}' (found {Npz.KeyList(keys)})");
        var mu = Npz.ReadArray(path, MeanKey);
        var sigma = Npz.ReadArray(path, CovarianceKey);
        if (mu.Shape.Length != 1 || sigma.Shape is not [var rows, var cols] || rows != mu.Shape[0] || cols != mu.Shape[0])
            throw new InputException($"{path}: '{MeanKey}' has shape {mu.Header.ShapeText} and '{CovarianceKey}' has shape " +
                                     $"{sigma.Header.ShapeText}; expected (d,) and (d, d)");
        if (mu.Shape[0] == 0) throw new InputException($"{path}: empty statistics (d = 0)");
        int d = checked((int)mu.Shape[0]);
        var mean = mu.ToDouble();
        var covariance = sigma.ToDouble();
        CheckFinite(path, MeanKey, mean, 1);
        CheckFinite(path, CovarianceKey, covariance, d);
        return new GaussianStats(mean, covariance, 0, CovarianceEstimator.Unbiased, path, owned: true);
    }

    /// <summary>Writes <c>mu</c> and <c>sigma</c> as float64 stored members, as <c>np.savez(path, mu=mu, sigma=sigma)</c> does, atomically.</summary>
    /// <param name="path">The .npz file to create or replace.</param>
    /// <param name="stats">The statistics (finite).</param>
    public static void Write(string path, GaussianStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        Write(path, stats.Mean, stats.Covariance, stats.Dimension);
    }

    internal static void Write(string path, ReadOnlySpan<double> mean, ReadOnlySpan<double> covariance, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (mean.Length != dimension) throw new ArgumentException($"mean has {mean.Length} values, expected d = {dimension}", nameof(mean));
        if (covariance.Length != (long)dimension * dimension)
            throw new ArgumentException($"covariance has {covariance.Length} values, expected d * d = {(long)dimension * dimension}", nameof(covariance));
        if (!AllFinite(mean) || !AllFinite(covariance))
            throw new ArgumentException("statistics must be finite (NaN or infinity found)", nameof(covariance));
        Npz.Write(path, [
            new(MeanKey, NpyArray.From(mean, [dimension])),
            new(CovarianceKey, NpyArray.From(covariance, [dimension, dimension])),
        ]);
    }

    /// <summary>True when the file is an .npz archive holding both <c>mu</c> and <c>sigma</c>; false for other files.</summary>
    /// <exception cref="InputException">The file is missing, or looks like a zip archive but is corrupt.</exception>
    public static bool IsStatsFile(string path) => Npz.Has(path, MeanKey, CovarianceKey);

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
            if (!double.IsFinite(v)) return false;
        return true;
    }

    private static void CheckFinite(string path, string key, double[] values, int columns)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
            {
                var at = key == MeanKey ? $"[{i}]" : $"[{i / columns}, {i % columns}]";
                throw new InputException($"{path}: '{key}'{at} is {values[i]} (statistics must be finite)");
            }
    }
}
