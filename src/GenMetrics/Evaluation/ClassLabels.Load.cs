using System.Globalization;
using GenMetrics.Formats;
using GenMetrics.Samples;

namespace GenMetrics.Evaluation;

public sealed partial class ClassLabels
{
    /// <summary>The <see cref="Load"/> specification that takes each image's first sub-folder as its class.</summary>
    public const string Folders = "folders";

    /// <summary>
    /// Loads the class labels of the samples of <paramref name="samples"/>, aligned to its rows (after any sample
    /// selection and any skipped image). <paramref name="spec"/> is one of:
    /// an IDX labels file (MNIST format, uint8, raw or gzip) or an integer .npy array (or an .npz with one array, or
    /// one named <c>labels</c> or <c>y</c>): one label per item of the source, in the source's order;
    /// a .csv of <c>file,label</c> rows (an optional header <c>file,label</c>), matched by the items' relative names
    /// (<see cref="FeatureSet.ItemNames"/>); every item of the set needs a row, and every row must name an item of the
    /// source; or <see cref="Folders"/>: an image's first sub-folder is its class (<c>cat/001.png</c> is a <c>cat</c>).
    /// </summary>
    /// <exception cref="InputException">The file cannot be read, its count does not match the source's, a name is unknown
    /// or unlabelled, a class name is empty, or the set holds statistics; the message names the file.</exception>
    public static ClassLabels Load(string spec, FeatureSet samples)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(samples);
        var items = samples.Items ?? throw new InputException($"{spec}: labels for {samples.Source}, which holds statistics (mu, sigma): labels need the samples themselves");
        if (spec.Equals(Folders, StringComparison.OrdinalIgnoreCase)) return FromFolders(items, samples.Source);
        var ext = Path.GetExtension(spec).ToLowerInvariant();
        if (!File.Exists(spec)) throw new InputException($"{spec}: no such labels file (expected an IDX labels file, .npy/.npz, .csv, or '{Folders}')");
        if (ext == ".csv") return FromCsv(spec, items, samples.Source);
        long[] values = ext is ".npy" or ".npz" ? ReadArray(spec) : ReadIdx(spec);
        if (values.Length != items.SourceCount)
            throw new InputException($"{spec}: {Counted(values.Length, "label")}, but {samples.Source} has {Counted(items.SourceCount, "sample")}: the counts must match");
        var names = new string[items.Count];
        for (int i = 0; i < names.Length; i++) names[i] = values[items.Indices[i]].ToString(CultureInfo.InvariantCulture);
        return FromNames(names, spec);
    }

    private static string Counted(long n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";

    private static long[] ReadIdx(string path)
    {
        if (!Idx.Looks(path))
            throw new InputException($"{path}: not a labels file: expected an IDX labels file (raw or .gz), an integer .npy/.npz array, a .csv of file,label rows, or '{Folders}'");
        var (data, shape) = Idx.Read(path);
        if (shape.Length != 1)
            throw new InputException($"{path}: IDX data of shape ({string.Join(", ", shape)}) are not labels (a 1-D array of class numbers)" +
                                     (shape.Length == 3 ? "; it holds images" : ""));
        return Array.ConvertAll(data, b => (long)b);
    }

    private static long[] ReadArray(string path)
    {
        NpyArray array;
        if (Path.GetExtension(path).Equals(".npz", StringComparison.OrdinalIgnoreCase))
        {
            var keys = Npz.ListArrays(path);
            string? key = keys.Count == 1 ? keys[0] : keys.Contains("labels") ? "labels" : keys.Contains("y") ? "y" : null;
            if (key is null)
                throw new InputException($"{path}: cannot tell which array holds the labels: expected a single array or one named 'labels' or 'y', found {Npz.KeyList(keys)}");
            array = Npz.ReadArray(path, key);
        }
        else array = Npy.Read(path);
        var shape = array.Shape;
        if (!(shape.Length == 1 || (shape.Length == 2 && shape[1] == 1)))
            throw new InputException($"{path}: labels must be a 1-D array (one integer per sample), but the shape is ({string.Join(", ", shape)})" +
                                     (shape.Length == 2 ? "; class probabilities are given separately" : ""));
        if (array.DType.Kind == NpyKind.Float)
            throw new InputException($"{path}: labels must be integers, but the array is '{array.DType.Descr}'");
        return array.ToInt64();
    }

    private static ClassLabels FromFolders(SampleItems items, string source)
    {
        if (items.SourceNames is null)
            throw new InputException($"{Folders}: {source} holds features, not image files in folders: class folders need an image folder or a .zip");
        var names = new string[items.Count];
        for (int i = 0; i < names.Length; i++)
        {
            var name = items.NameOf(i);
            int slash = name.IndexOf('/');
            if (slash <= 0)
                throw new InputException($"{Folders}: {source}: '{name}' is not in a sub-folder, so it has no class " +
                                         "(each class is a sub-folder: cat/001.png; read sub-folders with recursion)");
            names[i] = name[..slash];
        }
        return FromNames(names, $"{Folders} of {source}");
    }

    private static ClassLabels FromCsv(string path, SampleItems items, string source)
    {
        var rows = CsvRows(path);
        var byName = new Dictionary<string, (string Label, int Line)>(StringComparer.Ordinal);
        var known = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < items.SourceCount; i++)
            known.Add(items.SourceNames?[i] ?? i.ToString(CultureInfo.InvariantCulture));
        var unknown = new List<string>();
        foreach (var (file, label, line) in rows)
        {
            var name = Normalise(file);
            if (!known.Contains(name))
            {
                unknown.Add($"'{file}' (line {line})");
                continue;
            }
            if (string.IsNullOrWhiteSpace(label)) throw new InputException($"{path}: line {line}: '{file}' has an empty class name");
            if (byName.TryGetValue(name, out var first))
            {
                if (first.Label != label)
                    throw new InputException($"{path}: '{file}' is listed twice with different classes ('{first.Label}' on line {first.Line}, '{label}' on line {line})");
                continue;
            }
            byName[name] = (label, line);
        }
        if (unknown.Count > 0)
            throw new InputException($"{path}: {Counted(unknown.Count, "row")} with a file name that {source} does not hold: " +
                                     string.Join(", ", unknown.Take(3)) + (unknown.Count > 3 ? ", ..." : "") + " (names are relative paths with '/', as in the source)");
        var names = new string[items.Count];
        var missing = new List<string>();
        for (int i = 0; i < names.Length; i++)
        {
            if (byName.TryGetValue(items.NameOf(i), out var r)) names[i] = r.Label;
            else missing.Add(items.NameOf(i));
        }
        if (missing.Count > 0)
            throw new InputException($"{path}: no label for {Counted(missing.Count, "sample")} of {source}: " +
                                     string.Join(", ", missing.Take(3).Select(m => $"'{m}'")) + (missing.Count > 3 ? ", ..." : ""));
        return FromNames(names, path);
    }

    private static string Normalise(string file)
    {
        var name = file.Replace('\\', '/');
        while (name.StartsWith("./", StringComparison.Ordinal)) name = name[2..];
        return name;
    }

    /// <summary>The (file, label, line) rows of a two-column CSV: fields may be double-quoted; a first row file,label is a header.</summary>
    private static List<(string File, string Label, int Line)> CsvRows(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new InputException($"{path}: cannot read the file ({e.Message})", e); }
        var rows = new List<(string, string, int)>();
        for (int i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            if (text.Length == 0) continue;
            var fields = Fields(text, path, i + 1);
            if (fields.Count != 2)
                throw new InputException($"{path}: line {i + 1} has {fields.Count} field(s); expected two: file,label");
            if (rows.Count == 0 && fields[0].Trim().ToLowerInvariant() is "file" or "filename" or "path" or "name" && fields[1].Trim().ToLowerInvariant() is "label" or "class")
                continue;
            rows.Add((fields[0].Trim(), fields[1].Trim(), i + 1));
        }
        if (rows.Count == 0) throw new InputException($"{path}: no file,label rows");
        return rows;
    }

    private static List<string> Fields(string line, string path, int number)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c != '"') current.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        if (quoted) throw new InputException($"{path}: line {number} has an unclosed quote");
        fields.Add(current.ToString());
        return fields;
    }
}
