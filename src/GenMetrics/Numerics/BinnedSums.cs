using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GenMetrics.Numerics;

/// <summary>
/// Reproducible float64 sums, one per entry: the result depends only on the multiset of values added to an entry,
/// never on their order or grouping, so sums over parts (shards) merge into exactly the sum of the whole.
/// </summary>
/// <remarks>
/// A binned (indexed) accumulator in the manner of Demmel and Nguyen's ReproBLAS, with integer digits. Bins lie on a
/// fixed global grid: bin b has quantum q_b = 2^(32 b − 1088), and a value x belongs to the bin b with
/// q_b ≤ |x| &lt; 2^32 q_b. Each entry keeps its top bin T (the largest bin of any value added so far) and three int64
/// digits for bins T, T − 1, T − 2. Adding x splits it from the top down: at each kept bin the slice is the remainder
/// rounded to the nearest multiple of the quantum (ties to even), so the slices down to bin b add up to x rounded to
/// q_b whatever T was. Digits are exact integer sums; when a larger value raises T, the digits of bins that fall below
/// T − 2 are dropped, and the kept ones still hold, for every value added, x rounded to q_(T−2): the entry's value is
/// Σ round(x, q_(T−2)) exactly, for the final T alone. Digits never carry between bins (that would tie the value to
/// the order of arrival), which bounds an entry to 2^29 additions (each adds at most 2^33 to a digit).
/// The value is read as that exact sum, rounded once to the nearest double. Precision: q_(T−2) ≤ 2^-64 max|x|, so
/// the value is within (count · 2^-65 + 2^-53) · max|x| of the exact sum of the values, better than a plain float64
/// loop (count · 2^-53 · max|x|).
/// </remarks>
[SkipLocalsInit]
internal sealed class BinnedSums
{
    /// <summary>Bits per bin.</summary>
    public const int Width = 32;

    /// <summary>The exponent of bin 0's quantum: q_b = 2^(Width · b + Base); every double's bin is in [0, 65].</summary>
    public const int Base = -1088;

    /// <summary>The most additions an entry takes (digits never overflow below it).</summary>
    public const long MaxAdditions = 1L << 29;

    private const int Empty = -1;
    private const double Magic = 6755399441055744.0;                // 1.5 · 2^52: adding it rounds |t| < 2^51 to an integer, ties to even
    private static readonly long s_magicBits = BitConverter.DoubleToInt64Bits(Magic);

    private readonly long[] _d0, _d1, _d2;   // digits of bins T, T − 1, T − 2
    private readonly int[] _top;             // T per entry, or Empty
    private double[]? _special;              // per entry, the sum of non-finite values added (NaN or ±∞ wins over digits)

    public BinnedSums(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        _d0 = new long[length];
        _d1 = new long[length];
        _d2 = new long[length];
        _top = new int[length];
        Array.Fill(_top, Empty);
    }

    /// <summary>The number of entries.</summary>
    public int Length { get; }

    /// <summary>The most additions any entry has taken (a bound, for the overflow check).</summary>
    public long Additions { get; private set; }

    /// <summary>The state, for files: digits (three per entry: bins T, T − 1, T − 2) and top bins (−1: nothing but zeros added).</summary>
    public (long[] D0, long[] D1, long[] D2, int[] Top) State => (_d0, _d1, _d2, _top);

    /// <summary>Whether some entry took NaN or an infinity (its value is then not finite, and the state does not hold it).</summary>
    public bool HasNonFinite => _special is not null;

    /// <summary>Rebuilds sums from a <see cref="State"/> (checked: bins in range, digits within what the additions allow).</summary>
    /// <exception cref="ArgumentException">The state is inconsistent.</exception>
    public static BinnedSums FromState(long[] d0, long[] d1, long[] d2, int[] top, long additions)
    {
        int n = top.Length;
        if (d0.Length != n || d1.Length != n || d2.Length != n) throw new ArgumentException($"digits of {d0.Length}, {d1.Length}, {d2.Length} entries for {n} top bins");
        if (additions < 0 || additions > MaxAdditions) throw new ArgumentException($"{additions} additions is outside [0, 2^29]");
        long bound = (additions + 1) << (Width + 1);
        var s = new BinnedSums(n) { Additions = additions };
        for (int i = 0; i < n; i++)
        {
            if (top[i] is < Empty or > MaxBin) throw new ArgumentException($"entry {i}: bin {top[i]} is outside [-1, {MaxBin}]");
            // Compared both ways rather than through Math.Abs, which throws on long.MinValue.
            if (Beyond(d0[i], bound) || Beyond(d1[i], bound) || Beyond(d2[i], bound) || (top[i] == Empty && (d0[i] | d1[i] | d2[i]) != 0))
                throw new ArgumentException($"entry {i}: digits {d0[i]}, {d1[i]}, {d2[i]} cannot come from {additions} additions");
        }
        top.CopyTo(s._top, 0);
        d0.CopyTo(s._d0, 0);
        d1.CopyTo(s._d1, 0);
        d2.CopyTo(s._d2, 0);
        return s;
    }

    private static bool Beyond(long digit, long bound) => digit < -bound || digit > bound;

    private const int MaxBin = (1023 - Base) / Width;   // 65

    /// <summary>The bin of a finite nonzero value: floor((ilogb |x| − Base) / Width).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int BinOf(double x) => (Math.ILogB(x) - Base) / Width;

    /// <summary>Counts one more addition to every entry (call once per round of <see cref="Add"/> over the entries).</summary>
    /// <exception cref="InvalidOperationException">More than <see cref="MaxAdditions"/>.</exception>
    public void CountAddition(long rounds = 1)
    {
        if (Additions + rounds > MaxAdditions) throw new InvalidOperationException($"more than {MaxAdditions} additions to one reproducible sum");
        Additions += rounds;
    }

    /// <summary>Adds <paramref name="values"/>[i] to entry <paramref name="offset"/> + i. Threads may add to disjoint entries at once.</summary>
    public void Add(ReadOnlySpan<double> values, int offset, SimdWidth width = SimdWidth.V256)
    {
        if ((uint)offset > (uint)Length || values.Length > Length - offset) throw new ArgumentOutOfRangeException(nameof(offset));
        int i = 0, n = values.Length;
        if (width != SimdWidth.Scalar && Vector256.IsHardwareAccelerated)
        {
            for (; i + 4 <= n; i += 4)
                if (!TryAddVector(values, i, offset + i))
                    for (int q = 0; q < 4; q++) AddOne(values[i + q], offset + i + q);
        }
        for (; i < n; i++) AddOne(values[i], offset + i);
    }

    /// <summary>Adds another sum entry by entry: the result is that of adding all values to one.</summary>
    public void Merge(BinnedSums other)
    {
        if (other.Length != Length) throw new ArgumentException($"merging {other.Length} sums into {Length}");
        CountAddition(other.Additions);
        if (other._special is { } sp)
        {
            _special ??= new double[Length];
            for (int i = 0; i < Length; i++) _special[i] += sp[i];
        }
        for (int i = 0; i < Length; i++)
        {
            int t = other._top[i];
            if (t == Empty) continue;
            Raise(i, t);
            int shift = _top[i] - t;   // other's digits sit this many bins lower
            if (shift == 0) { _d0[i] += other._d0[i]; _d1[i] += other._d1[i]; _d2[i] += other._d2[i]; }
            else if (shift == 1) { _d1[i] += other._d0[i]; _d2[i] += other._d1[i]; }
            else if (shift == 2) _d2[i] += other._d0[i];
        }
    }

    /// <summary>The value of entry <paramref name="i"/>: its exact sum, rounded once to the nearest double (ties to even).</summary>
    public double Value(int i)
    {
        if (_special is { } sp && sp[i] != 0) return sp[i];
        int t = _top[i];
        if (t == Empty) return 0;
        // d0·2^64 + d1·2^32 + d2, exact in 128 bits: |d| ≤ 2^62. .NET converts Int128 to the nearest double (ties to
        // even; checked against RoundToDouble in the tests), and the power of two scales it exactly where it is normal.
        Int128 v = ((Int128)_d0[i] << 64) + ((Int128)_d1[i] << 32) + _d2[i];
        int e = Width * (t - 2) + Base;
        return e >= -900 ? (double)v * BitConverter.Int64BitsToDouble((long)(e + 1023) << 52) : RoundToDouble(v, e);
    }

    /// <summary>All values.</summary>
    public double[] Values()
    {
        var r = new double[Length];
        for (int i = 0; i < Length; i++) r[i] = Value(i);
        return r;
    }

    /// <summary>v · 2^exponent rounded to the nearest double, ties to even (one rounding, above the subnormal range).</summary>
    internal static double RoundToDouble(Int128 v, int exponent)
    {
        if (v == 0) return 0;
        bool negative = v < 0;
        UInt128 u = negative ? (UInt128)(-v) : (UInt128)v;
        int bits = 128 - (int)UInt128.LeadingZeroCount(u);
        if (bits > 53)
        {
            int drop = bits - 53;
            UInt128 kept = u >> drop;
            UInt128 rest = u - (kept << drop);
            UInt128 half = (UInt128)1 << (drop - 1);
            if (rest > half || (rest == half && (kept & 1) == 1)) kept++;
            u = kept;
            exponent += drop;
        }
        double m = (double)(ulong)u;   // at most 2^53: exact
        return Math.ScaleB(negative ? -m : m, exponent);
    }

    // Raises entry i's top bin to at least t: digits of bins below t − 2 are dropped.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Raise(int i, int t)
    {
        int old = _top[i];
        if (t <= old) return;
        int shift = old == Empty ? 3 : t - old;
        if (shift == 1) { _d2[i] = _d1[i]; _d1[i] = _d0[i]; _d0[i] = 0; }
        else if (shift == 2) { _d2[i] = _d0[i]; _d1[i] = 0; _d0[i] = 0; }
        else { _d0[i] = 0; _d1[i] = 0; _d2[i] = 0; }
        _top[i] = t;
    }

    private void AddOne(double x, int i)
    {
        if (x == 0) return;
        if (!double.IsFinite(x))
        {
            // NaN and ±∞ are kept apart (their sum does not depend on order either): the value is then non-finite, as a plain sum's would be.
            lock (_top) (_special ??= new double[Length])[i] += x;
            return;
        }
        Raise(i, BinOf(x));
        int t = _top[i];
        double rem = x;
        _d0[i] += Slice(ref rem, t);
        _d1[i] += Slice(ref rem, t - 1);
        _d2[i] += Slice(ref rem, t - 2);
    }

    // The remainder rounded to bin b's quantum (ties to even), as an integer count of quanta; the remainder keeps the rest (exactly).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Slice(ref double rem, int b)
    {
        if (rem == 0) return 0;
        int e = Width * b + Base;
        double t = Math.ScaleB(rem, -e);
        if (Math.Abs(t) < 0.5) return 0;   // also where the scaling underflowed
        double s = Math.Round(t, MidpointRounding.ToEven);
        rem -= Math.ScaleB(s, e);
        return (long)s;
    }

    // Four entries at once when every lane's bin is at most its entry's top bin and the scale factors are normal
    // doubles (top ≥ 5, i.e. values above 2^-928); otherwise false and nothing is changed.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryAddVector(ReadOnlySpan<double> values, int at, int entry)
    {
        var x = Vector256.Create(values.Slice(at, 4));
        ref int tr = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_top), entry);
        var top = Vector256.Create((long)tr, Unsafe.Add(ref tr, 1), Unsafe.Add(ref tr, 2), Unsafe.Add(ref tr, 3));
        var biased = Vector256.ShiftRightLogical(x.AsInt64(), 52) & Vector256.Create(0x7FFL);
        var bin = Vector256.ShiftRightArithmetic(biased + Vector256.Create((long)(-1023 - Base)), 5);
        var zero = Vector256.Equals(x, Vector256<double>.Zero).AsInt64();
        // Zeros add nothing; subnormal, infinite and NaN lanes go the scalar way.
        var normal = ~Vector256.Equals(biased, Vector256.Create(0x7FFL)) & ~Vector256.Equals(biased, Vector256<long>.Zero);
        var ok = Vector256.GreaterThanOrEqual(top, Vector256.Create(5L)) & (zero | (normal & Vector256.LessThanOrEqual(bin, top)));
        if (!Vector256.EqualsAll(ok, Vector256<long>.AllBitsSet)) return false;
        var magic = Vector256.Create(Magic);
        var magicBits = Vector256.Create(s_magicBits);
        var rem = x;
        ref long d0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_d0), entry);
        ref long d1 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_d1), entry);
        ref long d2 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_d2), entry);
        SliceVector(ref rem, top, 0, ref d0, magic, magicBits);
        SliceVector(ref rem, top, 1, ref d1, magic, magicBits);
        SliceVector(ref rem, top, 2, ref d2, magic, magicBits);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SliceVector(ref Vector256<double> rem, Vector256<long> top, int k, ref long digits, Vector256<double> magic, Vector256<long> magicBits)
    {
        // bin b = top − k: 1 / q_b = 2^(−32 b − Base) has biased exponent 1023 − Base − 32 b; q_b has 1023 + Base + 32 b.
        var b32 = Vector256.ShiftLeft(top - Vector256.Create((long)k), 5);
        var inv = Vector256.ShiftLeft(Vector256.Create((long)(1023 - Base)) - b32, 52).AsDouble();
        var q = Vector256.ShiftLeft(Vector256.Create((long)(1023 + Base)) + b32, 52).AsDouble();
        var y = rem * inv + magic;              // the product is exact (a power of two); the sum rounds to an integer, ties to even
        var s = y - magic;                      // exact
        (Vector256.LoadUnsafe(ref digits) + (y.AsInt64() - magicBits)).StoreUnsafe(ref digits);
        rem -= s * q;                           // exact
    }
}
