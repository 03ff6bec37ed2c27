using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using GenMetrics.Imaging;

namespace GenMetrics.Metrics.Paired;

/// <summary>Checks and messages shared by the paired metrics: both images are named in every message.</summary>
[StackTraceHidden]
internal static class PairedInput
{
    /// <summary>Throws an <see cref="InputException"/> naming both images unless they have the same size.</summary>
    public static void CheckSameSize(RgbImage a, RgbImage b)
    {
        if (a.Width != b.Width || a.Height != b.Height) SizeMismatch(a.Source, a.Width, a.Height, b.Source, b.Width, b.Height);
    }

    /// <summary>Throws an <see cref="InputException"/> naming both images unless they have the same shape.</summary>
    public static void CheckSameShape(ImagePlanes a, ImagePlanes b)
    {
        if (a.Channels != b.Channels)
            throw new InputException($"{a.Source} has {a.Channels} channel(s) but {b.Source} has {b.Channels}; a pair must have the same channel count");
        if (a.Width != b.Width || a.Height != b.Height) SizeMismatch(a.Source, a.Width, a.Height, b.Source, b.Width, b.Height);
    }

    [DoesNotReturn]
    public static void SizeMismatch(string a, int wa, int ha, string b, int wb, int hb) =>
        throw new InputException($"{a} is {wa} x {ha} but {b} is {wb} x {hb}; a pair must have the same size");

    [DoesNotReturn]
    public static void TooSmall(string a, string b, int width, int height, int minimum, string why) =>
        throw new InputException($"{a} and {b}: {width} x {height} is too small for {why}, which needs at least {minimum} x {minimum} pixels");
}
