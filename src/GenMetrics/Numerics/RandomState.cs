namespace GenMetrics.Numerics;

/// <summary>
/// NumPy's legacy <c>np.random.RandomState(seed)</c>: the MT19937 generator and the legacy samplers that
/// torch-fidelity (and many reference scripts) use, reproduced draw for draw.
/// </summary>
/// <remarks>
/// From numpy 1.24 (<c>numpy/random/_mt19937.pyx</c> <c>_legacy_seeding</c>, <c>mtrand.pyx</c>,
/// <c>src/mt19937/mt19937.c</c>, <c>src/distributions/distributions.c</c>, <c>src/legacy/legacy-distributions.c</c>):
/// an integer seed in [0, 2³²) goes through <c>mt19937_seed</c> (Knuth's linear init, MT's <c>init_genrand</c>),
/// not <c>init_by_array</c>; checked against <c>RandomState(s).get_state()</c> for several seeds.
/// Not thread-safe: one instance per sequence of draws.
/// </remarks>
internal sealed class RandomState
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908b0dfU;
    private const uint UpperMask = 0x80000000U;
    private const uint LowerMask = 0x7fffffffU;

    private readonly uint[] _key = new uint[N];
    private int _pos;
    private bool _hasGauss;
    private double _gauss;

    /// <summary>Seeds like <c>np.random.RandomState(seed)</c> with an integer seed.</summary>
    public RandomState(uint seed)
    {
        uint s = seed;
        for (int i = 0; i < N; i++)
        {
            _key[i] = s;
            s = 1812433253U * (s ^ (s >> 30)) + (uint)(i + 1);
        }
        _pos = N;
    }

    /// <summary>Seeds from an option value; NumPy rejects seeds outside [0, 2³²) and so do we.</summary>
    public static RandomState FromSeed(long seed, string what = "seed")
    {
        CheckSeed(seed, what);
        return new RandomState((uint)seed);
    }

    /// <summary>Refuses a seed NumPy's RandomState would refuse, naming the setting <paramref name="setting"/>.</summary>
    /// <exception cref="InputException">The seed is outside [0, 2³²).</exception>
    public static void CheckSeed(long seed, string setting)
    {
        if (seed < 0 || seed > uint.MaxValue)
            throw InputException.ForSetting(setting, $"{seed} is not a valid seed; it must be between 0 and 2^32 - 1 (as NumPy's RandomState requires)");
    }

    /// <summary>The next raw 32-bit output (<c>mt19937_next32</c>).</summary>
    public uint NextUInt32()
    {
        if (_pos == N) Regenerate();
        uint y = _key[_pos++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }

    /// <summary>A double in [0, 1) with 53 random bits (<c>legacy_double</c> / <c>random_sample</c>).</summary>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary>A standard normal draw by the legacy polar (Marsaglia) method (<c>legacy_gauss</c>, as <c>randn</c>).</summary>
    public double NextGaussian()
    {
        if (_hasGauss)
        {
            _hasGauss = false;
            double cached = _gauss;
            _gauss = 0;
            return cached;
        }
        double x1, x2, r2;
        do
        {
            x1 = 2.0 * NextDouble() - 1.0;
            x2 = 2.0 * NextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        }
        while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _gauss = f * x1;
        _hasGauss = true;
        return f * x2;
    }

    /// <summary>
    /// A uniform integer in [0, max] by masked rejection (<c>random_interval</c>): draw 32 bits (64 above 2³² − 1),
    /// keep the smallest all-ones mask covering max, retry while the value exceeds max.
    /// </summary>
    public ulong Interval(ulong max)
    {
        if (max == 0) return 0;
        ulong mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;
        ulong value;
        if (max <= uint.MaxValue)
        {
            while ((value = NextUInt32() & mask) > max) { }
        }
        else
        {
            while ((value = (((ulong)NextUInt32() << 32) | NextUInt32()) & mask) > max) { }
        }
        return value;
    }

    /// <summary>
    /// Shuffles in place as the legacy <c>shuffle</c> does for a 1-d array (<c>_shuffle_raw</c>): Fisher-Yates from
    /// the end, swapping item i with item <c>Interval(i)</c> for i = n − 1 down to 1.
    /// </summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i >= 1; i--)
        {
            int j = (int)Interval((ulong)i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary><c>permutation(n)</c>: <c>arange(n)</c> shuffled.</summary>
    public int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        Shuffle<int>(p);
        return p;
    }

    /// <summary>
    /// <c>choice(n, size, replace=False)</c> without probabilities: the legacy implementation takes
    /// <c>permutation(n)[:size]</c>, so it consumes draws for all n − 1 swaps whatever the size.
    /// </summary>
    public int[] ChoiceWithoutReplacement(int n, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (size > n) throw new ArgumentOutOfRangeException(nameof(size), $"cannot take a sample of {size} from {n} without replacement");
        var p = Permutation(n);
        return size == n ? p : p[..size];
    }

    /// <summary>
    /// Like <see cref="ChoiceWithoutReplacement(int, int)"/> but writes into caller storage:
    /// <paramref name="scratch"/> (length ≥ n) receives the whole permutation, whose first <c>size</c> items are the sample.
    /// </summary>
    public void ChoiceWithoutReplacement(int n, Span<int> scratch)
    {
        var p = scratch[..n];
        for (int i = 0; i < n; i++) p[i] = i;
        Shuffle(p);
    }

    private void Regenerate()
    {
        var mt = _key;
        int kk;
        uint y;
        for (kk = 0; kk < N - M; kk++)
        {
            y = (mt[kk] & UpperMask) | (mt[kk + 1] & LowerMask);
            mt[kk] = mt[kk + M] ^ (y >> 1) ^ ((0U - (y & 1)) & MatrixA);
        }
        for (; kk < N - 1; kk++)
        {
            y = (mt[kk] & UpperMask) | (mt[kk + 1] & LowerMask);
            mt[kk] = mt[kk + (M - N)] ^ (y >> 1) ^ ((0U - (y & 1)) & MatrixA);
        }
        y = (mt[N - 1] & UpperMask) | (mt[0] & LowerMask);
        mt[N - 1] = mt[M - 1] ^ (y >> 1) ^ ((0U - (y & 1)) & MatrixA);
        _pos = 0;
    }
}
