using GenMetrics.Internals;
using System.Runtime.InteropServices;

namespace GenMetrics.Formats;

/// <summary>
/// NumPy .npy files: read features (float32 N x D, from any numeric dtype) and write arrays exactly as
/// <c>np.save</c> does. Format versions 1.0, 2.0 and 3.0 are read; version 1.0 is written.
/// </summary>
public static class Npy
{
    /// <summary>
    /// Reads a 2-D numeric array (samples x features) from an .npy file, or from an .npz archive (its only array, else
    /// the array named 'features' or 'feats'), converting any numeric dtype to float32 in C order.
    /// </summary>
    /// <remarks>Values are not checked for NaN or Inf here; <see cref="FeatureFile.Read"/> does that.</remarks>
    /// <exception cref="InputException">The file is missing, corrupt, not 2-D or not numeric.</exception>
    public static FeatureMatrix ReadFeatures(string path)
    {
        using var file = FileInput.OpenRead(path);
        if (FileInput.IsZip(file)) return Npz.ReadFeatures(file, path);
        return ReadFeatures(file, path, path, file.Length);
    }

    /// <summary>
    /// True when the .npy (or, for an .npz, its first array) has a floating-point dtype: features, not uint8 images.
    /// A file whose header cannot be read counts as features, so the features reader gives its own message.
    /// </summary>
    internal static bool HoldsFloats(string path)
    {
        try
        {
            using var file = FileInput.OpenRead(path);
            if (!FileInput.IsZip(file)) return NpyHeader.Read(file, path).DType.Kind == NpyKind.Float;
            using var zip = new System.IO.Compression.ZipArchive(file, System.IO.Compression.ZipArchiveMode.Read);
            var entry = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith(".npy", StringComparison.Ordinal));
            if (entry is null) return true;
            using var es = entry.Open();
            return NpyHeader.Read(es, path).DType.Kind == NpyKind.Float;
        }
        catch (Exception e) when (e is InputException or IOException or InvalidDataException)
        {
            return true;
        }
    }

    /// <summary>Writes float32 values (C order, this machine's byte order) with the given shape, atomically.</summary>
    /// <param name="path">The .npy file to create or replace.</param>
    /// <param name="data">The values in C (row-major) order; the length must be the product of the shape.</param>
    /// <param name="shape">The dimensions, e.g. <c>(n, d)</c>; no dimensions write a scalar.</param>
    public static void Write(string path, ReadOnlySpan<float> data, params ReadOnlySpan<long> shape) => WriteCore(path, data, shape);

    /// <summary>Writes float64 values (C order) with the given shape, atomically.</summary>
    /// <param name="path">The .npy file to create or replace.</param>
    /// <param name="data">The values in C (row-major) order; the length must be the product of the shape.</param>
    /// <param name="shape">The dimensions.</param>
    public static void Write(string path, ReadOnlySpan<double> data, params ReadOnlySpan<long> shape) => WriteCore(path, data, shape);

    /// <summary>Writes uint8 values (C order, e.g. images N x H x W x C) with the given shape, atomically.</summary>
    /// <param name="path">The .npy file to create or replace.</param>
    /// <param name="data">The values in C (row-major) order; the length must be the product of the shape.</param>
    /// <param name="shape">The dimensions.</param>
    public static void Write(string path, ReadOnlySpan<byte> data, params ReadOnlySpan<long> shape) => WriteCore(path, data, shape);

    /// <summary>Reads any supported array (header and raw bytes) from an .npy file.</summary>
    internal static NpyArray Read(string path)
    {
        using var file = FileInput.OpenRead(path);
        return Read(file, path, file.Length);
    }

    /// <summary>Reads an array from a stream at the start of an .npy image of <paramref name="length"/> bytes.</summary>
    internal static NpyArray Read(Stream stream, string source, long length)
    {
        var header = NpyHeader.Read(stream, source);
        NpyDecoder.CheckAvailable(header, length - header.EncodedLength, source);
        if (header.ByteCount > Array.MaxLength)
            throw new InputException($"{source}: shape {header.ShapeText} of '{header.DType.Descr}' is larger than one array can hold");
        var data = GC.AllocateUninitializedArray<byte>((int)header.ByteCount);
        NpyDecoder.Read<byte>(stream, header with { DType = NpyDType.UInt8, FortranOrder = false, Shape = [data.Length] }, data, source);
        return new NpyArray(header, data, source);
    }

    /// <summary>Reads features from a stream at the start of an .npy image of <paramref name="length"/> bytes.</summary>
    internal static FeatureMatrix ReadFeatures(Stream stream, string source, string name, long length)
    {
        var header = NpyHeader.Read(stream, source);
        if (header.Shape.Length != 2)
            throw new InputException($"{source}: features must be a 2-D array (samples x features), but the shape is {header.ShapeText}");
        NpyDecoder.CheckAvailable(header, length - header.EncodedLength, source); // a shape larger than the file says so first
        if (header.Shape[0] > int.MaxValue || header.Shape[1] > int.MaxValue)
            throw new InputException($"{source}: shape {header.ShapeText} is larger than a features matrix can hold");
        int count = NpyDecoder.ArrayLength(header, source);
        var data = GC.AllocateUninitializedArray<float>(count);
        NpyDecoder.Read<float>(stream, header, data, source);
        return new FeatureMatrix(data, (int)header.Shape[0], (int)header.Shape[1], name);
    }

    private static void WriteCore<T>(string path, ReadOnlySpan<T> data, ReadOnlySpan<long> shape) where T : unmanaged
    {
        foreach (var s in shape) ArgumentOutOfRangeException.ThrowIfNegative(s, nameof(shape));
        if (NpyHeader.CountOf(shape) != data.Length)
            throw new ArgumentException($"{path}: shape {NpyHeader.FormatShape(shape)} needs {NpyHeader.CountOf(shape)} values, got {data.Length}", nameof(data));
        using var file = NpyStreamWriter.Create<T>(path, shape);
        file.Append(data);
        file.Commit();
    }
}
