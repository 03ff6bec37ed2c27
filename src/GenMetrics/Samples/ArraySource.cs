using GenMetrics.Formats;
using GenMetrics.Imaging;

namespace GenMetrics.Samples;

/// <summary>
/// Images held in one uint8 array (.npy, .npz or IDX), in memory. Layouts, decided from the shape:
/// <list type="bullet">
/// <item>N x H x W: greyscale (IDX images are always this).</item>
/// <item>N x H x W x C with C = 1 or 3: channels last (NHWC).</item>
/// <item>N x C x H x W with C = 1 or 3 (and the last axis neither 1 nor 3): channels first (NCHW).</item>
/// </list>
/// When both the second and the last axis are 1 or 3 (N x 3 x W x 3, say) the last axis wins: NHWC, the layout image
/// arrays are saved in by NumPy/PIL code; an NCHW array of 3-pixel-wide images must be transposed first.
/// Greyscale is replicated to RGB.
/// </summary>
internal sealed class ArraySource : SampleSourceBase
{
    private readonly byte[] _data;
    private readonly int _height, _width, _channels;
    private readonly bool _channelsFirst;

    private ArraySource(string name, byte[] data, int count, int height, int width, int channels, bool channelsFirst)
        : base(name, ImageListSource.IndexNames(count), skipInvalid: false)
    {
        _data = data;
        _height = height;
        _width = width;
        _channels = channels;
        _channelsFirst = channelsFirst;
    }

    public static ArraySource FromNpy(NpyArray array, string name)
    {
        string shape = "(" + string.Join(", ", array.Shape) + ")";
        if (array.DType.Size != 1 || array.DType.Kind != NpyKind.UInt)
            throw new InputException($"{name}: images must be uint8, but the array is '{array.DType.Descr}' with shape {shape} " +
                                     "(float arrays are features: they need no encoder)");
        return FromShape(array.ToBytes(), array.Shape, name);
    }

    /// <summary>An array source over uint8 C-order data of the given shape, applying the layout rule above.</summary>
    public static ArraySource FromShape(byte[] data, long[] shape, string name)
    {
        string text = "(" + string.Join(", ", shape) + ")";
        if (shape.Length is not (3 or 4))
            throw new InputException($"{name}: images must be N x H x W, N x H x W x C or N x C x H x W (C = 1 or 3), but the shape is {text}");
        if (shape[0] == 0) throw new InputException($"{name}: the array holds no images (shape {text})");
        foreach (var s in shape)
            if (s < 1 || s > int.MaxValue) throw new InputException($"{name}: unusable image shape {text}");
        int n = (int)shape[0];
        if (shape.Length == 3) return new ArraySource(name, data, n, (int)shape[1], (int)shape[2], 1, false);
        if (shape[3] is 1 or 3) return new ArraySource(name, data, n, (int)shape[1], (int)shape[2], (int)shape[3], false);
        if (shape[1] is 1 or 3) return new ArraySource(name, data, n, (int)shape[2], (int)shape[3], (int)shape[1], true);
        throw new InputException($"{name}: cannot find a channel axis of size 1 or 3 in shape {text} " +
                                 "(expected N x H x W x C or N x C x H x W with C = 1 or 3)");
    }

    protected override RgbImage ReadCore(int index)
    {
        int plane = _height * _width;
        var item = _data.AsSpan(index * plane * _channels, plane * _channels);
        var rgb = GC.AllocateUninitializedArray<byte>(plane * 3);
        if (_channels == 3 && !_channelsFirst) item.CopyTo(rgb);
        else
            for (int p = 0; p < plane; p++)
                for (int c = 0; c < 3; c++)
                {
                    int k = _channels == 1 ? 0 : c;
                    rgb[p * 3 + c] = _channelsFirst ? item[k * plane + p] : item[p * _channels + k];
                }
        return new RgbImage(_width, _height, rgb, $"{Name}[{index}]") { StoredGreyscale = _channels == 1 };
    }

    /// <summary>The item's pixels (as stored) after a 12-byte height, width, channels header.</summary>
    protected override ReadOnlySpan<byte> ItemBytes(int index)
    {
        int size = _height * _width * _channels;
        var bytes = new byte[12 + size];
        BitConverter.TryWriteBytes(bytes.AsSpan(0), _height);
        BitConverter.TryWriteBytes(bytes.AsSpan(4), _width);
        BitConverter.TryWriteBytes(bytes.AsSpan(8), _channels);
        _data.AsSpan(index * size, size).CopyTo(bytes.AsSpan(12));
        return bytes;
    }
}
