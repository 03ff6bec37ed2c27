namespace GenMetrics.Formats;

/// <summary>The element kinds GenMetrics reads from .npy files (numpy's dtype.kind letters).</summary>
internal enum NpyKind : byte
{
    Float = (byte)'f',
    Int = (byte)'i',
    UInt = (byte)'u',
    Bool = (byte)'b',
}

/// <summary>
/// A numeric numpy dtype: kind, item size in bytes and byte order. Parsed from the header's 'descr'
/// ('&lt;f4', '&gt;i8', '|u1', '|b1'); object, string, complex, datetime and structured dtypes are not numeric
/// features and are rejected.
/// </summary>
internal readonly record struct NpyDType(NpyKind Kind, int Size, bool BigEndian)
{
    public static NpyDType Float32 => new(NpyKind.Float, 4, false);
    public static NpyDType Float64 => new(NpyKind.Float, 8, false);
    public static NpyDType UInt8 => new(NpyKind.UInt, 1, false);

    /// <summary>True when the bytes on disk must be reversed per element on this (little-endian) machine.</summary>
    public bool NeedsSwap => BigEndian != !BitConverter.IsLittleEndian && Size > 1;

    /// <summary>The descr numpy writes for this dtype: '|' for one byte, else the explicit byte order.</summary>
    public string Descr => (Size == 1 ? "|" : BigEndian ? ">" : "<") + (char)Kind + Size.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses a descr string; null when the dtype is not one GenMetrics supports.</summary>
    public static NpyDType? TryParse(string descr)
    {
        if (descr.Length < 3) return null;
        bool big;
        switch (descr[0])
        {
            case '<': big = false; break;
            case '>': big = true; break;
            case '|': case '=': big = !BitConverter.IsLittleEndian; break; // '|': not applicable; '=': native
            default: return null;
        }
        int size = descr.AsSpan(2) switch { "1" => 1, "2" => 2, "4" => 4, "8" => 8, _ => 0 };
        var kind = (NpyKind)descr[1];
        bool ok = kind switch
        {
            NpyKind.Float => size is 2 or 4 or 8,
            NpyKind.Int or NpyKind.UInt => size != 0,
            NpyKind.Bool => size == 1,
            _ => false,
        };
        return ok ? new NpyDType(kind, size, size > 1 && big) : null;
    }

    public override string ToString() => Descr;
}
