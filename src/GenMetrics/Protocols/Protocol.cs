using GenMetrics.Imaging;

namespace GenMetrics.Protocols;

/// <summary>
/// A named preprocessing recipe that fixes everything between a decoded image and the encoder's input: the resize
/// filter, the output size, the value range the resize works in, whether the result is clipped, and the mapping to
/// [-1, 1]. Use the built-in <see cref="Tf"/>, <see cref="PytorchFid"/> or <see cref="Clean"/>, or look one up by
/// name with <see cref="Get"/>. The output is float32 CHW, 3 x <see cref="Size"/> x <see cref="Size"/>.
/// </summary>
/// <param name="Name">The protocol's name, as the command line and result files spell it.</param>
/// <param name="Filter">The resize filter.</param>
/// <param name="Range">The value range the resize works in, which also fixes the final mapping to [-1, 1].</param>
/// <param name="ClipAfterResize">Clip the resized values to the range (needed where the filter overshoots).</param>
/// <param name="Size">The output height and width.</param>
public sealed partial record Protocol(string Name, ResizeFilter Filter, PixelRange Range, bool ClipAfterResize, int Size = 299)
    : IImagePreprocessing
{
    /// <summary>
    /// <c>tf</c>, the default: torch-fidelity (hence TTUR and StyleGAN numbers). uint8 as float32, TF1 legacy bilinear
    /// to 299 x 299 (no half-pixel offset), then <c>(x - 128) / 128</c>.
    /// </summary>
    public static Protocol Tf { get; } = new("tf", ResizeFilter.Tf1Bilinear, PixelRange.Zero255, ClipAfterResize: false);

    /// <summary>
    /// <c>pytorch-fid</c>: <c>x / 255</c>, <c>F.interpolate(bilinear, align_corners=False)</c> to 299 x 299, then
    /// <c>2x - 1</c>.
    /// </summary>
    public static Protocol PytorchFid { get; } = new("pytorch-fid", ResizeFilter.TorchBilinear, PixelRange.Unit, ClipAfterResize: false);

    /// <summary>
    /// <c>clean</c>: clean-fid's "clean" mode. Each channel as a float32 image resized by Pillow's bicubic filter
    /// (antialiased when downscaling) to 299 x 299, clipped to [0, 255] and not quantized, then <c>(x - 128) / 128</c>.
    /// </summary>
    public static Protocol Clean { get; } = new("clean", ResizeFilter.PilBicubic, PixelRange.Zero255, ClipAfterResize: true);

    /// <summary>The number of floats one preprocessed image takes: 3 x <see cref="Size"/> x <see cref="Size"/>.</summary>
    public int ImageLength => 3 * Size * Size;

    /// <summary>A string naming the protocol and every setting, for cache keys.</summary>
    public string Key => $"{Name};filter={Filter};range={Range};clip={(ClipAfterResize ? 1 : 0)};size={Size}";

    /// <summary>The name, with <c>@size</c> when the size is not 299 (<c>tf@64</c>, the random CNN's input).</summary>
    public string Id => Size == 299 ? Name : $"{Name}@{Size}";

    /// <inheritdoc/>
    public (int Channels, int Height, int Width) InputShape => (3, Size, Size);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
