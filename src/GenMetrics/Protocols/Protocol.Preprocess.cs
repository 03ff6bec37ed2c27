using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using GenMetrics.Imaging;
using GenMetrics.Numerics;

namespace GenMetrics.Protocols;

public sealed partial record Protocol
{
    /// <summary>The encoder input for <paramref name="image"/>: float32 CHW, 3 x <see cref="Size"/> x <see cref="Size"/>.</summary>
    public float[] Preprocess(RgbImage image)
    {
        var result = new float[ImageLength];
        Preprocess(image, result);
        return result;
    }

    /// <summary>Writes the encoder input for <paramref name="image"/> into the first <see cref="ImageLength"/> floats of <paramref name="destination"/>.</summary>
    public void Preprocess(RgbImage image, Span<float> destination) => Preprocess(image, destination, Simd.Best);

    /// <summary>
    /// Writes the encoder inputs for <paramref name="images"/> into <paramref name="destination"/> as one
    /// N x 3 x <see cref="Size"/> x <see cref="Size"/> tensor. Images run in parallel; each image's values do not
    /// depend on the others or on the thread count.
    /// </summary>
    /// <param name="images">The decoded images.</param>
    /// <param name="destination">At least <c>images.Count * ImageLength</c> floats.</param>
    /// <param name="maxDegreeOfParallelism">At most this many threads; -1 (the default) lets the runtime choose.</param>
    public void PreprocessBatch(IReadOnlyList<RgbImage> images, Memory<float> destination, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(images);
        var len = ImageLength;
        if (destination.Length < (long)images.Count * len)
            throw new ArgumentException($"destination holds {destination.Length} floats; {images.Count} images of {Name} need {(long)images.Count * len}", nameof(destination));
        var width = Simd.Best;
        Parallel.For(0, images.Count, Parallelism.Options(maxDegreeOfParallelism),
            i => Preprocess(images[i], destination.Span.Slice(i * len, len), width));
    }

    internal void Preprocess(RgbImage image, Span<float> destination, SimdWidth width)
    {
        ArgumentNullException.ThrowIfNull(image);
        var plane = Size * Size;
        if (destination.Length < 3 * plane)
            throw new ArgumentException($"destination holds {destination.Length} floats; {Name} needs {3 * plane}", nameof(destination));
        int w = image.Width, h = image.Height;
        var inPlane = w * h;
        var planes = ArrayPool<float>.Shared.Rent(3 * inPlane);
        try
        {
            Deinterleave(image.Pixels, planes, inPlane, Range);
            for (var c = 0; c < 3; c++)
                PlaneResizer.Resize(Filter, planes.AsSpan(c * inPlane, inPlane), w, h, destination.Slice(c * plane, plane), Size, Size, width);
            Normalize(destination[..(3 * plane)], Range, ClipAfterResize, width);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(planes);
        }
    }

    /// <summary>HWC bytes to three float32 planes: the byte's value, or ToTensor's <c>float(x) / 255f</c>.</summary>
    private static void Deinterleave(byte[] pixels, float[] planes, int n, PixelRange range)
    {
        ref var p = ref MemoryMarshal.GetArrayDataReference(pixels);
        ref var r = ref MemoryMarshal.GetArrayDataReference(planes);
        ref var g = ref Unsafe.Add(ref r, n);
        ref var b = ref Unsafe.Add(ref g, n);
        if (range == PixelRange.Unit)
        {
            for (nint i = 0; i < n; i++)
            {
                Unsafe.Add(ref r, i) = Unsafe.Add(ref p, 3 * i) / 255f;
                Unsafe.Add(ref g, i) = Unsafe.Add(ref p, 3 * i + 1) / 255f;
                Unsafe.Add(ref b, i) = Unsafe.Add(ref p, 3 * i + 2) / 255f;
            }
            return;
        }
        for (nint i = 0; i < n; i++)
        {
            Unsafe.Add(ref r, i) = Unsafe.Add(ref p, 3 * i);
            Unsafe.Add(ref g, i) = Unsafe.Add(ref p, 3 * i + 1);
            Unsafe.Add(ref b, i) = Unsafe.Add(ref p, 3 * i + 2);
        }
    }

    /// <summary>
    /// Optional clip to the range, then the map to [-1, 1]: <c>(x - 128) / 128</c> (written as * 0.0078125, the same
    /// bits since 128 is a power of two) or <c>2x - 1</c>.
    /// </summary>
    private static void Normalize(Span<float> x, PixelRange range, bool clip, SimdWidth width)
    {
        var hi = range == PixelRange.Unit ? 1f : 255f;
        var (scale, shift) = range == PixelRange.Unit ? (2f, -1f) : (0.0078125f, -128f);
        ref var d = ref MemoryMarshal.GetReference(x);
        nuint i = 0, n = (nuint)x.Length;
        // Zero255: (x + shift) * scale; Unit: x * scale + shift. Two operator orders, kept exactly.
        var unit = range == PixelRange.Unit;
        if (width != SimdWidth.Scalar)
        {
            var vlo = Vector256<float>.Zero;
            var vhi = Vector256.Create(hi);
            var vs = Vector256.Create(scale);
            var vt = Vector256.Create(shift);
            for (; i + 8 <= n; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref d, i);
                if (clip) v = Vector256.Min(Vector256.Max(v, vlo), vhi);
                v = unit ? v * vs + vt : (v + vt) * vs;
                v.StoreUnsafe(ref d, i);
            }
        }
        for (; i < n; i++)
        {
            var v = Unsafe.Add(ref d, i);
            if (clip) v = Math.Min(Math.Max(v, 0f), hi);
            Unsafe.Add(ref d, i) = unit ? v * scale + shift : (v + shift) * scale;
        }
    }
}
