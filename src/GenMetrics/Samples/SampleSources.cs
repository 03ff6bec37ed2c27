using GenMetrics.Formats;
using GenMetrics.Imaging;

namespace GenMetrics.Samples;

/// <summary>Opens image inputs as <see cref="ISampleSource"/>s.</summary>
public static class SampleSources
{
    /// <summary>
    /// Opens <paramref name="path"/>, recognising:
    /// a folder of images (.png, .jpg, .jpeg, .bmp, .webp, .gif, any case; sorted by ordinal relative path with '/'
    /// separators; hidden files skipped; sub-folders with <see cref="SampleSourceOptions.Recursive"/>);
    /// a .zip of images (members sorted by name);
    /// a uint8 .npy or .npz array of images (N x H x W, N x H x W x C or N x C x H x W, C = 1 or 3; an .npz must hold a
    /// single array or one named 'images' or 'x');
    /// an IDX file of uint8 N x H x W images (MNIST format, raw or gzip);
    /// or a single image file.
    /// </summary>
    /// <exception cref="InputException">The path does not exist, holds no images, or is not a supported format; the
    /// message names the input and what was looked for.</exception>
    public static ISampleSource Open(string path, SampleSourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new SampleSourceOptions();
        if (Directory.Exists(path)) return Folder(path, options);
        if (!File.Exists(path)) throw new InputException($"{path}: no such file or folder");
        var ext = Path.GetExtension(path).ToLowerInvariant();
        switch (ext)
        {
            case ".zip":
                return ZipSource.Open(path, options);
            case ".npy":
                return ArraySource.FromNpy(Npy.Read(path), path);
            case ".npz":
                return ArraySource.FromNpy(Npz.ReadArray(path, NpzImageKey(path)), path);
            case ".onnx":
                throw new InputException($"{path}: an ONNX generator, not a set of images: it is sampled only where a generator is taken (eval's generated input, sample), with the number of samples to draw");
        }
        if (ImageExtensions.IsDecodable(path))
            return new FileListSource(path, [Path.GetFileName(path)], [path], options.SkipInvalid);
        if (ext == ".gz" || Idx.Looks(path))
        {
            var (data, shape) = Idx.Read(path);
            if (shape.Length != 3)
                throw new InputException($"{path}: IDX data of shape ({string.Join(", ", shape)}) are not N x H x W images" +
                                         (shape.Length == 1 ? " (a labels file?)" : ""));
            return ArraySource.FromShape(data, shape, path);
        }
        throw new InputException($"{path}: unsupported input: expected a folder, a .zip, an .npy/.npz image array, an IDX file " +
                                 $"or an image ({ImageExtensions.ListText})" +
                                 (ImageExtensions.IsUndecodableImage(path) ? $"; '{ext}' images cannot be decoded" : ""));
    }

    /// <summary>Images already decoded, as a source named <paramref name="name"/> (items are named by their index).</summary>
    public static ISampleSource FromImages(IReadOnlyList<RgbImage> images, string name = "images")
    {
        ArgumentNullException.ThrowIfNull(images);
        return new ImageListSource(name, images);
    }

    /// <summary>A source that reads only the items <paramref name="selection"/> picks from <paramref name="source"/> (which stays the caller's to dispose).</summary>
    /// <exception cref="InputException">The selection asks for more items than the source has.</exception>
    public static ISampleSource Select(ISampleSource source, SampleSelection selection)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(selection);
        return new SampleSubset(source, selection.Indices(source.Count, source.Name));
    }

    private static string NpzImageKey(string path)
    {
        var keys = Npz.ListArrays(path);
        if (keys.Count == 1) return keys[0];
        foreach (var k in (string[])["images", "x"])
            if (keys.Contains(k)) return k;
        throw new InputException($"{path}: cannot tell which array holds the images: expected a single array or one named " +
                                 $"'images' or 'x', found {Npz.KeyList(keys)}");
    }

    private static FileListSource Folder(string path, SampleSourceOptions options)
    {
        var enumeration = new EnumerationOptions
        {
            RecurseSubdirectories = options.Recursive,
            IgnoreInaccessible = false,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
            MatchType = MatchType.Simple,
        };
        var found = new List<(string Rel, string Full)>();
        int undecodable = 0;
        try
        {
            foreach (var full in Directory.EnumerateFiles(path, "*", enumeration))
            {
                if (ImageExtensions.IsDecodable(full))
                    found.Add((Path.GetRelativePath(path, full).Replace(Path.DirectorySeparatorChar, '/'), full));
                else if (ImageExtensions.IsUndecodableImage(full)) undecodable++;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot list the folder ({e.Message})", e);
        }
        if (found.Count == 0)
            throw new InputException($"{path}: no images found (looked for {ImageExtensions.ListText}" +
                                     (options.Recursive ? ", in sub-folders too)" : "; sub-folders not searched without recursion)") +
                                     (undecodable > 0 ? $"; {undecodable} .tif/.tiff/.pgm/.ppm files found, which cannot be decoded" : ""));
        found.Sort((a, b) => string.CompareOrdinal(a.Rel, b.Rel));
        return new FileListSource(path, found.ConvertAll(f => f.Rel), found.ConvertAll(f => f.Full).ToArray(), options.SkipInvalid);
    }
}
