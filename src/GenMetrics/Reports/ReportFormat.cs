using System.Globalization;

namespace GenMetrics.Reports;

/// <summary>How the report writes numbers: five significant digits (random-CNN FIDs are about 0.1, so fixed decimals would not do).</summary>
internal static class ReportFormat
{
    public static string Value(double v)
    {
        if (!double.IsFinite(v)) return double.IsNaN(v) ? "NaN" : v > 0 ? "∞" : "−∞";
        if (v == 0) return "0";
        double a = Math.Abs(v);
        if (a == Math.Round(a) && a < 1e6) return v.ToString("0", CultureInfo.InvariantCulture);
        if (a >= 1e6 || a < 1e-4) return v.ToString("0.0000e+00", CultureInfo.InvariantCulture);
        int integerDigits = (int)Math.Floor(Math.Log10(a)) + 1;
        int decimals = Math.Clamp(5 - integerDigits, 0, 10);
        return v.ToString("F" + decimals, CultureInfo.InvariantCulture);
    }

    /// <summary>The round-trip text of a value (the <c>data-value</c> attribute tests compare with the JSON).</summary>
    public static string Exact(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static string Percent(double v) => (v * 100).ToString(v * 100 >= 10 || v == 0 ? "0" : "0.#", CultureInfo.InvariantCulture) + "%";
}
