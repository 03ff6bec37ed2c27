using GenMetrics.Formats;

namespace GenMetrics.Evaluation;

/// <summary>
/// Soft class assignments: per sample of a <see cref="FeatureSet"/>, in its row order, a probability for each of K
/// classes (a classifier's softmax output), float64. The classes are named <c>0</c> .. <c>K-1</c> (column order).
/// </summary>
public sealed class ClassProbabilities
{
    private readonly double[] _values;

    private ClassProbabilities(double[] values, int count, int classes, string source)
    {
        _values = values;
        Count = count;
        ClassCount = classes;
        Source = source;
    }

    /// <summary>Where they came from.</summary>
    public string Source { get; }

    /// <summary>The number of samples.</summary>
    public int Count { get; }

    /// <summary>The number of classes K.</summary>
    public int ClassCount { get; }

    /// <summary>The probabilities of sample <paramref name="index"/>, one per class.</summary>
    public ReadOnlySpan<double> Row(int index) => _values.AsSpan(index * ClassCount, ClassCount);

    /// <summary>All values, N x K row-major.</summary>
    internal ReadOnlySpan<double> Values => _values;

    /// <summary>Probabilities from N x K row-major values (copied).</summary>
    /// <exception cref="InputException">The shape is empty or does not match, or a value is negative or not finite.</exception>
    public static ClassProbabilities FromValues(ReadOnlySpan<double> values, int count, int classes, string source = "probabilities")
    {
        if (count < 1 || classes < 1) throw new InputException($"{source}: {count} x {classes} probabilities: needs at least one sample and one class");
        if ((long)count * classes != values.Length)
            throw new InputException($"{source}: {count} x {classes} probabilities need {(long)count * classes} values, got {values.Length}");
        for (int i = 0; i < values.Length; i++)
            if (!(values[i] >= 0) || double.IsPositiveInfinity(values[i]))
                throw new InputException($"{source}: sample {i / classes}, class {i % classes}: {values[i]} is not a probability (it must be finite and at least 0)");
        return new ClassProbabilities(values.ToArray(), count, classes, source);
    }

    /// <summary>
    /// Probabilities from a classifier's outputs, one row per sample: taken as they are when every row is non-negative
    /// and sums to 1 within 1e-4 (a model that ends in a softmax), else their softmax (float64, each row's maximum
    /// subtracted first).
    /// </summary>
    /// <exception cref="InputException">A value is not finite.</exception>
    public static ClassProbabilities FromClassifierOutputs(FeatureMatrix outputs, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        source ??= outputs.Source;
        int n = outputs.Rows, k = outputs.Columns;
        var x = outputs.Span;
        var values = new double[(long)n * k];
        bool probabilities = true;
        for (int i = 0; i < n && probabilities; i++)
        {
            double sum = 0;
            foreach (var v in x.Slice(i * k, k))
            {
                if (v < 0) { probabilities = false; break; }
                sum += v;
            }
            probabilities &= Math.Abs(sum - 1) <= 1e-4;
        }
        for (int i = 0; i < n; i++)
        {
            var row = x.Slice(i * k, k);
            var dst = values.AsSpan(i * k, k);
            double max = double.NegativeInfinity;
            foreach (var v in row)
            {
                if (!float.IsFinite(v)) throw new InputException($"{source}: sample {i}: the classifier's output {v} is not finite");
                max = Math.Max(max, v);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) sum += dst[c] = probabilities ? row[c] : Math.Exp(row[c] - max);
            if (!probabilities) for (int c = 0; c < k; c++) dst[c] /= sum;
        }
        return FromValues(values, n, k, source);
    }

    /// <summary>The most likely class of each sample (the first on a tie), as labels named <c>0</c> .. <c>K-1</c>.</summary>
    public ClassLabels MostLikely()
    {
        var names = new string[Count];
        for (int i = 0; i < Count; i++)
        {
            var row = Row(i);
            int best = 0;
            for (int c = 1; c < row.Length; c++) if (row[c] > row[best]) best = c;
            names[i] = best.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return ClassLabels.FromNames(names, Source);
    }

    /// <summary>
    /// Loads an N x K float .npy (or an .npz with one array, or one named <c>probs</c>, <c>probabilities</c> or
    /// <c>p</c>) holding one row per item of the source of <paramref name="samples"/>, and keeps the rows of its
    /// samples (after any selection or skipped image).
    /// </summary>
    /// <exception cref="InputException">The file cannot be read, is not 2-D, or its row count differs from the source's size.</exception>
    public static ClassProbabilities Load(string path, FeatureSet samples)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(samples);
        var items = samples.Items ?? throw new InputException($"{path}: probabilities for {samples.Source}, which holds statistics (mu, sigma): they need the samples themselves");
        NpyArray array;
        if (Path.GetExtension(path).Equals(".npz", StringComparison.OrdinalIgnoreCase))
        {
            var keys = Npz.ListArrays(path);
            string? key = keys.Count == 1 ? keys[0] : keys.FirstOrDefault(k => k is "probs" or "probabilities" or "p");
            if (key is null)
                throw new InputException($"{path}: cannot tell which array holds the probabilities: expected a single array or one named 'probs', 'probabilities' or 'p', found {Npz.KeyList(keys)}");
            array = Npz.ReadArray(path, key);
        }
        else if (Path.GetExtension(path).Equals(".npy", StringComparison.OrdinalIgnoreCase)) array = Npy.Read(path);
        else throw new InputException($"{path}: class probabilities must be an N x K .npy or .npz array");
        if (array.Shape.Length != 2 || array.Shape[1] < 1)
            throw new InputException($"{path}: class probabilities must be a 2-D array (samples x classes), but the shape is ({string.Join(", ", array.Shape)})");
        if (array.Shape[0] != items.SourceCount)
            throw new InputException($"{path}: {array.Shape[0]} rows of probabilities, but {samples.Source} has {items.SourceCount} samples: the counts must match");
        int k = (int)array.Shape[1];
        var all = array.ToDouble();
        var kept = new double[(long)items.Count * k];
        for (int i = 0; i < items.Count; i++) all.AsSpan(items.Indices[i] * k, k).CopyTo(kept.AsSpan(i * k, k));
        return FromValues(kept, items.Count, k, path);
    }
}
