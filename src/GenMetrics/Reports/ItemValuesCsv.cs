using System.Globalization;
using System.Text;
using GenMetrics.Evaluation;
using GenMetrics.Internals;

namespace GenMetrics.Reports;

/// <summary>
/// Writes per-item values (<see cref="EvaluationResult.ItemValues"/>, per image pair for the paired metrics) as CSV:
/// a header <c>name,value</c>, then one line per item in input order. Values are written round-trip (shortest text
/// that reads back to the same double), infinities as <c>inf</c> / <c>-inf</c> and NaN as <c>nan</c>, which Python's
/// <c>float</c>, NumPy and pandas read back; names are quoted (RFC 4180) when they hold a comma, a quote or a line break.
/// </summary>
public static class ItemValuesCsv
{
    /// <summary>The CSV text.</summary>
    public static string Serialize(IReadOnlyList<ItemValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var text = new StringBuilder("name,value\n", 16 + values.Count * 32);
        foreach (var (name, value) in values) text.Append(Quote(name)).Append(',').Append(Format(value)).Append('\n');
        return text.ToString();
    }

    /// <summary>Writes the CSV file atomically: nothing is left at <paramref name="path"/> if writing fails.</summary>
    /// <exception cref="InputException">The file cannot be written.</exception>
    public static void WriteFile(string path, IReadOnlyList<ItemValue> values) => OutputFile.WriteAllText(path, Serialize(values));

    /// <summary>A value as the CSV writes it.</summary>
    public static string Format(double value) =>
        double.IsNaN(value) ? "nan" : double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string name) =>
        name.AsSpan().IndexOfAny(",\"\r\n") < 0 ? name : "\"" + name.Replace("\"", "\"\"") + "\"";
}
