using System.Collections.Concurrent;

namespace GenMetrics.Imaging;

/// <summary>
/// The two taps and float32 weights of a bilinear resize along one axis, computed once per (filter, in size,
/// out size) as ImageSharp's ResizeKernelMap does. TF1 uses W1 (= dx) only; torch uses both lambdas.
/// </summary>
internal sealed class BilinearKernelMap
{
    private static readonly ConcurrentDictionary<(ResizeFilter, int, int), BilinearKernelMap> s_cache = new();

    private BilinearKernelMap(int inSize, int outSize)
    {
        InSize = inSize;
        OutSize = outSize;
        Lo = new int[outSize];
        Hi = new int[outSize];
        W0 = new float[outSize];
        W1 = new float[outSize];
    }

    public int InSize { get; }
    public int OutSize { get; }
    public int[] Lo { get; }
    public int[] Hi { get; }
    public float[] W0 { get; }
    public float[] W1 { get; }

    public static BilinearKernelMap Get(ResizeFilter filter, int inSize, int outSize) =>
        s_cache.GetOrAdd((filter, inSize, outSize), static k => k.Item1 switch
        {
            ResizeFilter.Tf1Bilinear => Tf1(k.Item2, k.Item3),
            ResizeFilter.TorchBilinear => Torch(k.Item2, k.Item3),
            _ => throw new ArgumentOutOfRangeException(nameof(filter), k.Item1, "not a bilinear filter"),
        });

    /// <summary>
    /// torch-fidelity interpolate_compat_tensorflow.py (resample_manually): scale = in / out as a Python double, cast
    /// to a float32 tensor; src = float32(i) * scale; lo = trunc(src); hi = min(lo + 1, in - 1); W1 = dx = src - lo.
    /// </summary>
    internal static BilinearKernelMap Tf1(int inSize, int outSize)
    {
        var map = new BilinearKernelMap(inSize, outSize);
        var scale = (float)((double)inSize / outSize);
        for (var i = 0; i < outSize; i++)
        {
            var src = (float)i * scale;
            var lo = (int)src;
            map.Lo[i] = lo;
            map.Hi[i] = Math.Min(lo + 1, inSize - 1);
            map.W1[i] = src - (float)lo;
        }
        return map;
    }

    /// <summary>
    /// ATen UpSample.h (torch 1.13): scale = float(in) / out in float32 (no scale_factor given); the source index is
    /// computed in double (acc_type of float): (scale * (i + 0.5) - 0.5) clamped at 0; lo = trunc; hi = lo + 1 unless
    /// at the edge; lambda1 = float(src - lo), lambda0 = 1f - lambda1. Equal sizes copy (lambda 1, 0).
    /// </summary>
    internal static BilinearKernelMap Torch(int inSize, int outSize)
    {
        var map = new BilinearKernelMap(inSize, outSize);
        var scale = (float)inSize / outSize;
        for (var i = 0; i < outSize; i++)
        {
            if (inSize == outSize)
            {
                map.Lo[i] = map.Hi[i] = i;
                map.W0[i] = 1f;
                map.W1[i] = 0f;
                continue;
            }
            var src = (double)scale * (i + 0.5) - 0.5;
            if (src < 0) src = 0;
            var lo = (int)src;
            map.Lo[i] = lo;
            map.Hi[i] = lo < inSize - 1 ? lo + 1 : lo;
            var l1 = (float)(src - lo);
            map.W1[i] = l1;
            map.W0[i] = 1f - l1;
        }
        return map;
    }
}
