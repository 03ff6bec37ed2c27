using System.Numerics;
using System.Runtime.InteropServices;

namespace GenMetrics.Formats;

/// <summary>Features files (.npy, or .npz as <see cref="Npy.ReadFeatures(string)"/> picks the array), validated for metrics.</summary>
public static class FeatureFile
{
    /// <summary>Reads an N x D features file and checks it has samples and only finite values.</summary>
    /// <exception cref="InputException">The file cannot be read as features, has no samples or no columns, or holds NaN or Inf.</exception>
    public static FeatureMatrix Read(string path)
    {
        var features = Npy.ReadFeatures(path);
        Validate(features, path);
        return features;
    }

    /// <summary>Throws unless the matrix has at least one sample and column and all its values are finite.</summary>
    internal static void Validate(FeatureMatrix features, string name)
    {
        if (features.Rows == 0) throw new InputException($"{name}: no samples (shape (0, {features.Columns}))");
        if (features.Columns == 0) throw new InputException($"{name}: features have dimension 0 (shape ({features.Rows}, 0))");
        int bad = IndexOfNonFinite(features.Span);
        if (bad >= 0)
        {
            float v = features.Span[bad];
            var what = float.IsNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
            throw new InputException($"{name}: row {bad / features.Columns}, column {bad % features.Columns} is {what} (features must be finite)");
        }
    }

    /// <summary>The first index holding NaN or ±Inf, or -1. x - x is 0 exactly for finite x and NaN otherwise.</summary>
    internal static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        int i = 0, w = Vector<float>.Count;
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
        for (int v = 0; v < vectors.Length; v++, i += w)
        {
            var x = vectors[v];
            if (!Vector.EqualsAll(x - x, Vector<float>.Zero)) break;
        }
        for (; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return i;
        return -1;
    }
}
