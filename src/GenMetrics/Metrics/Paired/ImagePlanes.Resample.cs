namespace GenMetrics.Metrics.Paired;

internal sealed partial class ImagePlanes
{
    /// <summary>
    /// piq's <c>F.avg_pool2d(x, kernel_size=f)</c>: floor(H / f) x floor(W / f), the remainder rows and columns
    /// dropped; each f x f block summed row by row (torch's order) and divided by f².
    /// </summary>
    public ImagePlanes AveragePool(int f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(f, 1);
        int h = Height / f, w = Width / f;
        if (h < 1 || w < 1) throw new ArgumentOutOfRangeException(nameof(f), $"{Source}: {Width} x {Height} is smaller than the {f} x {f} pooling block");
        var result = new ImagePlanes(Channels, h, w, Source);
        double area = f * f;
        for (int c = 0; c < Channels; c++)
        {
            ReadOnlySpan<double> src = Plane(c);
            var dst = result.Plane(c);
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++)
                {
                    double sum = 0;
                    for (int di = 0; di < f; di++)
                    {
                        var row = src.Slice((i * f + di) * Width + j * f, f);
                        foreach (var v in row) sum += v;
                    }
                    dst[i * w + j] = sum / area;
                }
        }
        return result;
    }

    /// <summary>
    /// One MS-SSIM scale step as piq's <c>_multi_scale_ssim</c> takes it: p = max(H mod 2, W mod 2) rows and columns
    /// of replicate padding at the top and left (both axes, even when only one is odd), then a 2 x 2 average pool
    /// with floor: floor((H + p) / 2) x floor((W + p) / 2). So an odd height with an even width drops the last column.
    /// </summary>
    public ImagePlanes HalveForMsSsim()
    {
        int p = Math.Max(Height % 2, Width % 2);
        int h = (Height + p) / 2, w = (Width + p) / 2;
        var result = new ImagePlanes(Channels, h, w, Source);
        for (int c = 0; c < Channels; c++)
        {
            ReadOnlySpan<double> src = Plane(c);
            var dst = result.Plane(c);
            for (int i = 0; i < h; i++)
            {
                // Padded row r is source row max(r - p, 0); likewise for columns.
                int r0 = Math.Max(2 * i - p, 0) * Width, r1 = Math.Max(2 * i + 1 - p, 0) * Width;
                for (int j = 0; j < w; j++)
                {
                    int c0 = Math.Max(2 * j - p, 0), c1 = Math.Max(2 * j + 1 - p, 0);
                    double sum = src[r0 + c0] + src[r0 + c1] + src[r1 + c0] + src[r1 + c1];
                    dst[i * w + j] = sum / 4.0;
                }
            }
        }
        return result;
    }

    /// <summary>
    /// torch's <c>F.pad(mode='reflect')</c> by <paramref name="pad"/> on every side (the edge is not repeated:
    /// index -1 reads 1), as torchmetrics pads before its SSIM window. Needs pad &lt; H and pad &lt; W.
    /// </summary>
    public ImagePlanes ReflectPad(int pad)
    {
        if (pad >= Height || pad >= Width)
            throw new ArgumentOutOfRangeException(nameof(pad), $"{Source}: reflect padding {pad} needs more than {pad} pixels per side, got {Width} x {Height}");
        int h = Height + 2 * pad, w = Width + 2 * pad;
        var result = new ImagePlanes(Channels, h, w, Source);
        for (int c = 0; c < Channels; c++)
        {
            ReadOnlySpan<double> src = Plane(c);
            var dst = result.Plane(c);
            for (int i = 0; i < h; i++)
            {
                var row = src.Slice(Reflect(i - pad, Height) * Width, Width);
                var to = dst.Slice(i * w, w);
                row.CopyTo(to[pad..]);
                for (int j = 0; j < pad; j++)
                {
                    to[j] = row[Reflect(j - pad, Width)];
                    to[pad + Width + j] = row[Reflect(Width + j, Width)];
                }
            }
        }
        return result;
    }

    private static int Reflect(int i, int n) => i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
}
