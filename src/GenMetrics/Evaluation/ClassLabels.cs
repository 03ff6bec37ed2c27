using System.Globalization;

namespace GenMetrics.Evaluation;

/// <summary>
/// One class name per sample of a <see cref="FeatureSet"/>, in its row order. Class names are strings (a label value
/// such as <c>3</c>, or a folder name); <see cref="Classes"/> lists them sorted: integers by value first, then other
/// names in ordinal order. Load them aligned to a feature set with <see cref="Load"/>, or give them with
/// <see cref="FromNames"/>.
/// </summary>
public sealed partial class ClassLabels
{
    private readonly int[] _codes;
    private readonly string[] _classes;

    private ClassLabels(int[] codes, string[] classes, string source)
    {
        _codes = codes;
        _classes = classes;
        Source = source;
    }

    /// <summary>Where the labels came from (a path, <c>folders</c>, or a name given in code).</summary>
    public string Source { get; }

    /// <summary>The number of samples labelled.</summary>
    public int Count => _codes.Length;

    /// <summary>The distinct class names, sorted (integers by value, then other names in ordinal order).</summary>
    public IReadOnlyList<string> Classes => _classes;

    /// <summary>The class of sample <paramref name="index"/>.</summary>
    public string this[int index] => _classes[_codes[index]];

    /// <summary>Per sample, the index of its class in <see cref="Classes"/>.</summary>
    internal ReadOnlySpan<int> Codes => _codes;

    /// <summary>The number of samples of each class, in <see cref="Classes"/> order.</summary>
    public int[] CountPerClass()
    {
        var counts = new int[_classes.Length];
        foreach (var c in _codes) counts[c]++;
        return counts;
    }

    /// <summary>Labels from one class name per sample.</summary>
    /// <param name="labels">The class of each sample, in row order.</param>
    /// <param name="source">A name for results and messages.</param>
    /// <exception cref="InputException">There are no labels, or a class name is empty.</exception>
    public static ClassLabels FromNames(IReadOnlyList<string> labels, string source = "labels")
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0) throw new InputException($"{source}: no labels");
        for (int i = 0; i < labels.Count; i++)
            if (string.IsNullOrWhiteSpace(labels[i]))
                throw new InputException($"{source}: sample {i} has an empty class name");
        var classes = labels.Distinct(StringComparer.Ordinal).ToArray();
        Array.Sort(classes, ClassNameComparer.Instance);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < classes.Length; c++) index[classes[c]] = c;
        var codes = new int[labels.Count];
        for (int i = 0; i < codes.Length; i++) codes[i] = index[labels[i]];
        return new ClassLabels(codes, classes, source);
    }

    /// <summary>Integers (as <see cref="long"/> parses them, invariant) by value first, then other names in ordinal order.</summary>
    internal sealed class ClassNameComparer : IComparer<string>
    {
        public static ClassNameComparer Instance { get; } = new();

        public int Compare(string? x, string? y)
        {
            bool xi = long.TryParse(x, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var a);
            bool yi = long.TryParse(y, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var b);
            if (xi && yi && a != b) return a.CompareTo(b);
            if (xi != yi) return xi ? -1 : 1;
            return string.CompareOrdinal(x, y);
        }
    }
}
