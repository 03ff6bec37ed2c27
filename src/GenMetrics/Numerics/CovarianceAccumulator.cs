using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GenMetrics.Numerics;

/// <summary>
/// Streaming float64 mean and covariance of float32 rows: the count, the sum and the sum of outer products of the
/// rows shifted by a pivot (the first row seen), so large offsets do not cancel.
/// </summary>
/// <remarks>
/// Rows are buffered into blocks of <see cref="BlockRows"/> rows counted from the first row of the stream; each full
/// block is converted to float64 (x - pivot), and its upper-triangular Gram matrix is added to the running sum by
/// <see cref="GemmF64"/> (acc = 0, k in row order by FMA, then sum += acc; see its remarks).
/// Bit-exactness: for one stream of rows, the result is identical whatever the sizes of the batches passed to
/// Add and whatever the thread count, because block boundaries depend only on the row index.
/// <see cref="Merge"/> of two accumulators is exact in exact arithmetic but rounds differently from feeding the same rows
/// into one accumulator (the second pivot is translated and its sums are added in one step); it is bit-exact only
/// when one side is empty.
/// </remarks>
internal sealed class CovarianceAccumulator
{
    public const int BlockRows = GemmF64.Kc;

    private readonly double[] _pivot;
    private readonly double[] _sum;      // sum over rows of (x - pivot)
    private readonly double[] _gram;     // d x d, upper triangle: sum of (x - pivot)(x - pivot)^T
    private readonly double[] _block;    // BlockRows x d pending rows, shifted, float64
    private int _pending;
    private readonly int _maxThreads;

    public CovarianceAccumulator(int dimension, int maxThreads = -1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        Dimension = dimension;
        _pivot = new double[dimension];
        _sum = new double[dimension];
        _gram = new double[(long)dimension * dimension];
        _block = new double[BlockRows * dimension];
        _maxThreads = maxThreads;
    }

    public int Dimension { get; }

    /// <summary>Rows added so far.</summary>
    public long Count { get; private set; }

    /// <summary>Adds whole rows (row-major, a multiple of <see cref="Dimension"/> values).</summary>
    public void Add(ReadOnlySpan<float> rows)
    {
        int d = Dimension;
        if (rows.Length % d != 0) throw new ArgumentException($"{rows.Length} values are not whole rows of {d}", nameof(rows));
        if (rows.IsEmpty) return;
        if (Count == 0)
            for (int j = 0; j < d; j++) _pivot[j] = rows[j];
        int n = rows.Length / d;
        for (int r = 0; r < n; r++)
        {
            ShiftRow(rows.Slice(r * d, d), _pivot, _block.AsSpan(_pending * d, d));
            Count++;
            if (++_pending == BlockRows) Flush();
        }
    }

    /// <summary>Adds all rows of a matrix.</summary>
    public void Add(FeatureMatrix x)
    {
        if (x.Columns != Dimension) throw new ArgumentException($"{x.Source}: d={x.Columns}, accumulator d={Dimension}");
        Add(x.Span);
    }

    /// <summary>Adds the rows another accumulator has seen (see the remarks on exactness).</summary>
    public void Merge(CovarianceAccumulator other)
    {
        if (other.Dimension != Dimension) throw new ArgumentException($"merging d={other.Dimension} into d={Dimension}");
        if (other.Count == 0) return;
        other.Flush();
        Flush();
        int d = Dimension;
        if (Count == 0)
        {
            other._pivot.CopyTo(_pivot, 0);
            other._sum.CopyTo(_sum, 0);
            other._gram.CopyTo(_gram, 0);
            Count = other.Count;
            return;
        }
        // x - p = (x - q) + delta with delta = q - p: G += Go + delta so^T + so delta^T + n delta delta^T.
        double nb = other.Count;
        var delta = new double[d];
        for (int j = 0; j < d; j++) delta[j] = other._pivot[j] - _pivot[j];
        for (int i = 0; i < d; i++)
        {
            double di = delta[i], si = other._sum[i];
            for (int j = i; j < d; j++)
                _gram[(long)i * d + j] += other._gram[(long)i * d + j] + (di * other._sum[j] + si * delta[j] + nb * di * delta[j]);
        }
        for (int j = 0; j < d; j++) _sum[j] += other._sum[j] + nb * delta[j];
        Count += other.Count;
    }

    /// <summary>The mean and the covariance (full d x d, row-major) with divisor N - ddof.</summary>
    public (double[] Mean, double[] Covariance) Result(int ddof)
    {
        Flush();
        int d = Dimension;
        double n = Count;
        var mean = new double[d];
        var shiftedMean = new double[d];
        for (int j = 0; j < d; j++)
        {
            shiftedMean[j] = _sum[j] / n;
            mean[j] = _pivot[j] + shiftedMean[j];
        }
        var cov = new double[(long)d * d];
        double inv = 1.0 / (n - ddof);
        for (int i = 0; i < d; i++)
        {
            double si = _sum[i];
            for (int j = i; j < d; j++)
            {
                double v = (_gram[(long)i * d + j] - si * shiftedMean[j]) * inv;
                cov[(long)i * d + j] = v;
                cov[(long)j * d + i] = v;
            }
        }
        return (mean, cov);
    }

    private void Flush()
    {
        if (_pending == 0) return;
        int d = Dimension, k = _pending;
        // Column sums of the block in row order, then added to the running sum: fixed order per block.
        var blockSum = new double[d];
        for (int r = 0; r < k; r++) AddTo(_block.AsSpan(r * d, d), blockSum);
        for (int j = 0; j < d; j++) _sum[j] += blockSum[j];
        // gram += block^T block (upper triangle): A(i, r) = block[r, i], B(r, j) = block[r, j].
        GemmF64.Multiply(d, d, k, 1.0, _block, 1, d, _block, d, 1, _gram, d, TileMask.Upper, _maxThreads);
        _pending = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ShiftRow(ReadOnlySpan<float> x, ReadOnlySpan<double> pivot, Span<double> dst)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref double pr = ref MemoryMarshal.GetReference(pivot);
        ref double dr = ref MemoryMarshal.GetReference(dst);
        nuint i = 0, n = (nuint)x.Length;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= n; i += 16)
            {
                var (lo, hi) = Vector512.Widen(Vector512.LoadUnsafe(ref xr, i));
                (lo - Vector512.LoadUnsafe(ref pr, i)).StoreUnsafe(ref dr, i);
                (hi - Vector512.LoadUnsafe(ref pr, i + 8)).StoreUnsafe(ref dr, i + 8);
            }
        }
        for (; i < n; i++) Unsafe.Add(ref dr, i) = Unsafe.Add(ref xr, i) - Unsafe.Add(ref pr, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddTo(ReadOnlySpan<double> x, Span<double> acc)
    {
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double ar = ref MemoryMarshal.GetReference(acc);
        nuint i = 0, n = (nuint)x.Length;
        for (; i + 8 <= n; i += 8)
            (Vector512.LoadUnsafe(ref ar, i) + Vector512.LoadUnsafe(ref xr, i)).StoreUnsafe(ref ar, i);
        for (; i < n; i++) Unsafe.Add(ref ar, i) += Unsafe.Add(ref xr, i);
    }
}
