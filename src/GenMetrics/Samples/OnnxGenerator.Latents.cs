using System.Security.Cryptography;
using GenMetrics.Formats;
using GenMetrics.Numerics;

namespace GenMetrics.Samples;

/// <summary>The latents (and labels) of <see cref="OnnxGenerator.Samples"/>: drawn as torch-fidelity draws them, or read from a file.</summary>
public sealed partial class OnnxGenerator
{
    /// <summary>
    /// torch-fidelity's <c>get_featuresdict_from_generative_model</c>: <c>rng = RandomState(seed)</c>, then for each
    /// block of min(batch_size, N) samples the block's noise <c>sample_random(rng, (size, z), z_type)</c> and, for a
    /// conditional model, its labels <c>rng.randint(0, K, size)</c>.
    /// </summary>
    internal (float[] Latents, long[]? Labels, int Count, string? LatentsSha) SampleLatents()
    {
        var o = Options;
        if (o.LatentsPath is not null) return ReadLatents();
        if (o.NumSamples is not { } n)
            throw InputException.ForSetting("num_samples", $"needed: how many samples to draw from the generator {Path}");
        int z = LatentSize;
        var latents = new float[checked(n * z)];
        var labels = NumClasses > 0 ? new long[n] : null;
        var rng = RandomState.FromSeed(o.Seed);
        int block = Math.Min(o.DrawBatchSize, n);
        for (int start = 0; start < n; start += block)
        {
            int size = Math.Min(block, n - start);
            Latents.Sample(rng, latents.AsSpan(start * z, size * z), z, o.Distribution);
            if (labels is not null) Latents.Labels(rng, size, NumClasses).CopyTo(labels, start);
        }
        return (latents, labels, n, null);
    }

    private (float[] Latents, long[]? Labels, int Count, string? LatentsSha) ReadLatents()
    {
        var path = Options.LatentsPath!;
        // A folder (or .zip) that sample --save-latents wrote holds latents.npy and, for a conditional model, labels.npy.
        string? labelsPath = null;
        if (Directory.Exists(path))
        {
            labelsPath = System.IO.Path.Combine(path, "labels.npy");
            path = System.IO.Path.Combine(path, "latents.npy");
        }
        string sha;
        using (var f = FileInput.OpenRead(path)) sha = Convert.ToHexStringLower(SHA256.HashData(f));
        NpyArray array;
        NpyArray? labelArray = labelsPath is not null && File.Exists(labelsPath) ? Npy.Read(labelsPath) : null;
        bool isZip;
        using (var f = FileInput.OpenRead(path)) isZip = FileInput.IsZip(f);
        if (isZip)
        {
            var keys = Npz.ListArrays(path);
            var key = keys.Contains("latents") ? "latents" : keys.Count == 1 ? keys[0]
                : throw InputException.ForSetting("latents", $"{path}: expected an array 'latents' (and 'labels'); the archive holds {Npz.KeyList(keys)}");
            array = Npz.ReadArray(path, key);
            if (keys.Contains("labels")) labelArray = Npz.ReadArray(path, "labels");
        }
        else array = Npy.Read(path);
        int z = LatentSize;
        var shape = array.Shape;
        if (array.DType.Kind != NpyKind.Float || shape.Length != 2 || shape[1] != z || shape[0] < 1 || shape[0] > int.MaxValue)
            throw InputException.ForSetting("latents", $"{path}: holds '{array.DType.Descr}' of shape ({string.Join(", ", shape)}), " +
                                                       $"but {System.IO.Path.GetFileName(Path)} takes float latents N x {z} (input '{_latentInput}')");
        int rows = (int)shape[0];
        int n = Options.NumSamples ?? rows;
        if (n > rows) throw InputException.ForSetting("num_samples", $"{n} samples asked for, but {path} holds {rows} latents");
        var latents = array.ToSingle()[..(n * z)];
        long[]? labels = null;
        if (NumClasses > 0)
        {
            if (labelArray is not null)
            {
                if (labelArray.DType.Kind is not (NpyKind.Int or NpyKind.UInt) || labelArray.Shape.Length != 1 || labelArray.Shape[0] < n)
                    throw InputException.ForSetting("latents", $"{path}: 'labels' holds '{labelArray.DType.Descr}' of shape ({string.Join(", ", labelArray.Shape)}); expected {n} or more integer class labels");
                labels = Array.ConvertAll(labelArray.ToDouble()[..n], v => (long)v);
                foreach (var l in labels)
                    if (l < 0 || l >= NumClasses)
                        throw InputException.ForSetting("latents", $"{path}: label {l} is not a class of a {NumClasses}-class model (0 to {NumClasses - 1})");
            }
            else labels = Latents.Labels(RandomState.FromSeed(Options.Seed), n, NumClasses);
        }
        return (latents, labels, n, sha);
    }
}
