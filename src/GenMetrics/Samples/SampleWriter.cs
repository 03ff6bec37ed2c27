using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Imaging;
using GenMetrics.Internals;

namespace GenMetrics.Samples;

/// <summary>
/// Writes the images of a sample source (a generator's samples, typically) as files any other tool reads: a folder of
/// PNGs, a .zip of PNGs, or a uint8 .npz. Items are named by zero-padded index (<c>000000.png</c>, ...), so a folder
/// sorts in item order; PNGs are lossless, so reading them back gives the same pixels (and the same metrics).
/// </summary>
public static class SampleWriter
{
    private const int Chunk = 64;

    /// <summary>
    /// Writes every item of <paramref name="source"/> to <paramref name="path"/>: a path ending in <c>.zip</c> is a zip of
    /// PNGs, one ending in <c>.npz</c> holds <c>images</c>, uint8 N x H x W x 3 (N x H x W for one-channel images); any
    /// other path is a folder of PNGs, which must not exist yet or be empty. With <paramref name="saveLatents"/> (a
    /// generator's samples only) the latents (float32 N x z, before truncation) and, for a conditional model, the labels
    /// (int64 N) go beside the images: <c>latents.npy</c> and <c>labels.npy</c> in the folder or zip, arrays
    /// <c>latents</c> and <c>labels</c> in the .npz (what <see cref="GeneratorOptions.LatentsPath"/> reads back).
    /// Nothing is left at <paramref name="path"/> if writing fails.
    /// </summary>
    /// <returns>The number of images written.</returns>
    /// <exception cref="InputException">The path cannot be written, a folder is not empty, the images of an .npz differ in
    /// size, latents were asked of a source that is not a generator, or an item cannot be read.</exception>
    public static int Write(ISampleSource source, string path, bool saveLatents = false, IProgress<ExtractionProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(path);
        var generator = source as GeneratorSource;
        if (saveLatents && generator is null)
            throw InputException.ForSetting("save_latents", $"{source.Name} is not a generator: it has no latents to save");
        if (source.Count == 0) throw new InputException($"{source.Name}: no images");
        var ext = Path.GetExtension(path).ToLowerInvariant();
        var latents = saveLatents ? generator : null;
        if (ext == ".zip") WriteZip(source, path, latents, progress, cancellationToken);
        else if (ext == ".npz") WriteNpz(source, path, latents, progress, cancellationToken);
        else WriteFolder(source, path, latents, progress, cancellationToken);
        return source.Count;
    }

    /// <summary>The file name of item <paramref name="index"/> of <paramref name="count"/>: at least six digits, zero-padded.</summary>
    internal static string FileName(int index, int count) =>
        index.ToString(CultureInfo.InvariantCulture).PadLeft(Math.Max(6, (count - 1).ToString(CultureInfo.InvariantCulture).Length), '0') + ".png";

    private static void WriteFolder(ISampleSource source, string path, GeneratorSource? latents, IProgress<ExtractionProgress>? progress, CancellationToken ct)
    {
        var full = Path.GetFullPath(path.TrimEnd('/', Path.DirectorySeparatorChar));
        if (File.Exists(full)) throw new InputException($"{path}: is a file; give a folder (or a .zip or .npz path)");
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
            throw new InputException($"{path}: the folder exists and is not empty; give a new or empty folder");
        var parent = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(parent)) throw new InputException($"{path}: folder '{parent}' does not exist");
        // Written into a hidden sibling, moved into place when complete.
        var temp = Path.Combine(parent, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(temp);
            Images(source, progress, ct, (i, png) => File.WriteAllBytes(Path.Combine(temp, FileName(i, source.Count)), png), png: true);
            if (latents is not null)
            {
                Npy.Write(Path.Combine(temp, "latents.npy"), latents.Latents, latents.Count, latents.Generator.LatentSize);
                if (latents.Labels is { } labels)
                {
                    using var w = NpyStreamWriter.Create<long>(Path.Combine(temp, "labels.npy"), [labels.Count]);
                    w.Append<long>(labels.ToArray());
                    w.Commit();
                }
            }
            if (Directory.Exists(full)) Directory.Delete(full);
            Directory.Move(temp, full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot write the folder ({e.Message})", e);
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    private static void WriteZip(ISampleSource source, string path, GeneratorSource? latents, IProgress<ExtractionProgress>? progress, CancellationToken ct)
    {
        using var file = OutputFile.Create(path);
        using (var zip = new ZipArchive(file.Stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Images(source, progress, ct, (i, png) =>
            {
                using var s = Entry(zip, FileName(i, source.Count)).Open();
                s.Write(png);
            }, png: true);
            if (latents is not null) WriteLatents(zip, latents);
        }
        file.Commit();
    }

    private static void WriteNpz(ISampleSource source, string path, GeneratorSource? latents, IProgress<ExtractionProgress>? progress, CancellationToken ct)
    {
        var first = source.Read(0);
        bool grey = first.StoredGreyscale;
        long[] shape = grey ? [source.Count, first.Height, first.Width] : [source.Count, first.Height, first.Width, 3];
        using var file = OutputFile.Create(path);
        using (var zip = new ZipArchive(file.Stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var s = Entry(zip, "images.npy").Open())
            {
                s.Write(new NpyHeader(NpyDType.UInt8, false, shape).ToBytes());
                Images(source, progress, ct, (i, pixels) => s.Write(pixels), png: false, (first.Width, first.Height, grey));
            }
            if (latents is not null) WriteLatents(zip, latents);
        }
        file.Commit();
    }

    private static void WriteLatents(ZipArchive zip, GeneratorSource g)
    {
        using (var s = Entry(zip, "latents.npy").Open())
            NpyArray.From(g.Latents, [g.Count, g.Generator.LatentSize]).WriteTo(s);
        if (g.Labels is { } labels)
        {
            using var s = Entry(zip, "labels.npy").Open();
            NpyArray.From<long>(labels.ToArray(), [labels.Count]).WriteTo(s);
        }
    }

    private static ZipArchiveEntry Entry(ZipArchive zip, string name)
    {
        var e = zip.CreateEntry(name, CompressionLevel.NoCompression);
        e.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);   // reproducible bytes
        return e;
    }

    // Reads (and encodes) a chunk of items on the worker threads, then hands them to `write` in item order. For raw
    // pixels, every image must have the first one's size and channel count: an .npz holds one array.
    private static void Images(ISampleSource source, IProgress<ExtractionProgress>? progress, CancellationToken ct, Action<int, byte[]> write,
        bool png, (int W, int H, bool Grey)? same = null)
    {
        int n = source.Count;
        var clock = Stopwatch.StartNew();
        progress?.Report(new ExtractionProgress(source.Name, 0, n, 0));
        var buffer = new byte[Chunk][];
        for (int start = 0; start < n; start += Chunk)
        {
            ct.ThrowIfCancellationRequested();
            int count = Math.Min(Chunk, n - start);
            Parallelism.For(0, count, k =>
            {
                var image = source.Read(start + k);
                buffer[k] = png ? PngWriter.Encode(image) : Raw(image, same!.Value);
            }, ct);
            for (int k = 0; k < count; k++) write(start + k, buffer[k]);
            progress?.Report(new ExtractionProgress(source.Name, start + count, n, (start + count) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9)) { Decoded = start + count });
        }
    }

    private static byte[] Raw(RgbImage image, (int W, int H, bool Grey) same)
    {
        if (image.Width != same.W || image.Height != same.H || image.StoredGreyscale != same.Grey)
            throw new InputException($"{image.Source}: {image.Width} x {image.Height}{(image.StoredGreyscale ? " grey" : "")}, but the first image is {same.W} x {same.H}{(same.Grey ? " grey" : "")}: an .npz holds images of one size (write a folder or a .zip)");
        if (!same.Grey) return image.Pixels;
        var grey = new byte[image.Width * image.Height];
        for (int i = 0; i < grey.Length; i++) grey[i] = image.Pixels[3 * i];
        return grey;
    }
}
