using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace GenMetrics.Encoders;

/// <summary>
/// The FID InceptionV3's state_dict (torchvision / pytorch-fid key names), checked against the network's layout:
/// every key present with its exact shape. <c>*.num_batches_tracked</c> entries are ignored; any other unknown key,
/// a missing key or a wrong shape is an <see cref="InputException"/> naming the key and the shapes.
/// </summary>
internal sealed class InceptionWeights
{
    internal static readonly string[] BatchNormParts = ["weight", "bias", "running_mean", "running_var"];
    private readonly IReadOnlyDictionary<string, (int[] Shape, float[] Data)> _tensors;

    private InceptionWeights(IReadOnlyDictionary<string, (int[] Shape, float[] Data)> tensors, string source)
    {
        _tensors = tensors;
        Source = source;
    }

    public string Source { get; }

    /// <summary>Validates <paramref name="stateDict"/>; <paramref name="source"/> names it in messages (a file path).</summary>
    public static InceptionWeights From(IReadOnlyDictionary<string, (int[] Shape, float[] Data)> stateDict, string source = "weights")
    {
        var problems = new List<string>();
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, shape) in FidInceptionGraph.Tensors())
        {
            expected.Add(key);
            if (!stateDict.TryGetValue(key, out var t)) { problems.Add($"missing key '{key}' (expected shape {Show(shape)})"); continue; }
            if (t.Shape is null || !t.Shape.AsSpan().SequenceEqual(shape)) problems.Add($"key '{key}' has shape {Show(t.Shape)}, expected {Show(shape)}");
            else if (t.Data is null || t.Data.Length != Count(shape)) problems.Add($"key '{key}' holds {t.Data?.Length ?? 0} values, shape {Show(shape)} needs {Count(shape)}");
        }
        foreach (var key in stateDict.Keys)
            if (!expected.Contains(key) && !key.EndsWith(".num_batches_tracked", StringComparison.Ordinal))
                problems.Add($"unexpected key '{key}'");
        if (problems.Count > 0)
        {
            var shown = string.Join("; ", problems.Take(8));
            var more = problems.Count > 8 ? $"; and {problems.Count - 8} more" : "";
            throw new InputException($"{source}: not the FID InceptionV3 state_dict: {shown}{more}");
        }
        return new InceptionWeights(stateDict, source);
    }

    public (int[] Shape, float[] Data) Get(string key) => _tensors[key];

    /// <summary>The convolution with its BatchNorm folded in, computed in float64 and rounded once to float32.</summary>
    public (float[] Weight, float[] Bias) FoldedConv(InceptionConv c, double eps)
    {
        var w = _tensors[$"{c.Name}.conv.weight"].Data;
        var gamma = _tensors[$"{c.Name}.bn.weight"].Data;
        var beta = _tensors[$"{c.Name}.bn.bias"].Data;
        var mean = _tensors[$"{c.Name}.bn.running_mean"].Data;
        var variance = _tensors[$"{c.Name}.bn.running_var"].Data;
        int per = w.Length / c.Out;
        var fw = new float[w.Length];
        var fb = new float[c.Out];
        for (int o = 0; o < c.Out; o++)
        {
            double scale = gamma[o] / Math.Sqrt(variance[o] + eps);
            fb[o] = (float)(beta[o] - mean[o] * scale);
            for (int i = o * per, end = i + per; i < end; i++) fw[i] = (float)(w[i] * scale);
        }
        return (fw, fb);
    }

    /// <summary>SHA-256 (hex) of the tensors the network uses: each key, its shape and its float32 bytes, in layout order.</summary>
    public string ContentSha256()
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (key, shape) in FidInceptionGraph.Tensors())
        {
            h.AppendData(Encoding.UTF8.GetBytes($"{key}{Show(shape)}\n"));
            h.AppendData(MemoryMarshal.AsBytes(_tensors[key].Data.AsSpan()));
        }
        return Convert.ToHexStringLower(h.GetHashAndReset());
    }

    private static long Count(int[] shape)
    {
        long n = 1;
        foreach (var d in shape) n *= d;
        return n;
    }

    private static string Show(int[]? shape) => shape is null ? "(none)" : "[" + string.Join(", ", shape) + "]";
}
