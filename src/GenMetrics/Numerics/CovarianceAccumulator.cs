using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GenMetrics.Numerics;

/// <summary>
/// Streaming float64 mean and covariance of float32 rows: the count, the sum and the sum of outer products of the
/// rows shifted by a pivot (the first row of the stream, or one given), so large offsets do not cancel.
/// </summary>
/// <remarks>
/// Rows are buffered into blocks of <see cref="BlockRows"/> rows counted from the first row of the stream; each full
/// block is converted to float64 (x - pivot), its column sums are taken in row order and its upper-triangular Gram
/// matrix by <see cref="GemmF64"/> (per element, one accumulator per 256-row panel from zero, k in row order by FMA,
/// panels added in order; see its remarks). Those per-block sums are then added into <see cref="BinnedSums"/>, whose
/// value does not depend on the order or grouping of the blocks. A block is two GEMM panels: the reproducible sums cost
/// about as much memory traffic per block as one panel's product at d = 2048, so this keeps them near 30% of the time. Bit-exactness: the result is identical whatever the sizes of the batches passed to Add and whatever the
/// thread count (block boundaries depend only on the row index); and <see cref="Merge"/> of accumulators that share
/// the pivot and whose streams split the rows at multiples of <see cref="BlockRows"/> gives exactly the result of one
/// accumulator fed all the rows (shards split there).
/// </remarks>
internal sealed class CovarianceAccumulator
{
    public const int BlockRows = 2 * GemmF64.Kc;

    private readonly double[] _pivot;
    private readonly BinnedSums _sum;    // sum over rows of (x - pivot), d entries
    private readonly BinnedSums _gram;   // upper triangle, row by row: sum of (x - pivot)(x - pivot)^T
    private readonly double[] _block;    // BlockRows x d pending rows, shifted, float64
    private double[]? _scratch;          // d x d: one block's Gram matrix
    private int _pending;
    private readonly int _maxThreads;

    /// <param name="dimension">d.</param>
    /// <param name="maxThreads">Threads of the Gram products (-1: the <see cref="Parallelism"/> default).</param>
    /// <param name="pivot">The shift (default: the first row added). Shards of one stream must share it to merge exactly.</param>
    public CovarianceAccumulator(int dimension, int maxThreads = -1, ReadOnlySpan<float> pivot = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        Dimension = dimension;
        _pivot = new double[dimension];
        _sum = new BinnedSums(dimension);
        _gram = new BinnedSums(checked((int)PackedLength(dimension)));
        _block = new double[BlockRows * dimension];
        _maxThreads = maxThreads;
        if (!pivot.IsEmpty) SetPivot(pivot);
    }

    private CovarianceAccumulator(int dimension, double[] pivot, bool hasPivot, BinnedSums sum, BinnedSums gram, long count)
    {
        Dimension = dimension;
        _pivot = pivot;
        HasPivot = hasPivot;
        _sum = sum;
        _gram = gram;
        _block = new double[BlockRows * dimension];
        _maxThreads = -1;
        Count = count;
    }

    public int Dimension { get; }

    /// <summary>Rows added so far.</summary>
    public long Count { get; private set; }

    /// <summary>Whether the pivot is fixed (given, or the first row seen).</summary>
    public bool HasPivot { get; private set; }

    /// <summary>The shift (float32 values held as float64).</summary>
    public ReadOnlySpan<double> Pivot => _pivot;

    /// <summary>The number of upper-triangle entries of a d x d matrix: d (d + 1) / 2.</summary>
    public static long PackedLength(int d) => (long)d * (d + 1) / 2;

    /// <summary>Where row <paramref name="i"/> (its entries j ≥ i) starts in the packed upper triangle.</summary>
    public static long PackedRow(int d, int i) => (long)i * d - (long)i * (i - 1) / 2;

    /// <summary>Adds whole rows (row-major, a multiple of <see cref="Dimension"/> values).</summary>
    public void Add(ReadOnlySpan<float> rows)
    {
        int d = Dimension;
        if (rows.Length % d != 0) throw new ArgumentException($"{rows.Length} values are not whole rows of {d}", nameof(rows));
        if (rows.IsEmpty) return;
        if (!HasPivot) SetPivot(rows[..d]);
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

    /// <summary>
    /// Adds the rows another accumulator has seen. Both must share the pivot (or one must be empty); the result equals
    /// one accumulator fed both streams when the other's rows followed this one's at a multiple of <see cref="BlockRows"/>
    /// (any pending partial block of either side is summed as a block of its own).
    /// </summary>
    public void Merge(CovarianceAccumulator other)
    {
        if (other.Dimension != Dimension) throw new ArgumentException($"merging d={other.Dimension} into d={Dimension}");
        if (other.Count == 0) return;
        other.Flush();
        Flush();
        if (!HasPivot) SetPivot(other._pivot);
        else if (!other._pivot.AsSpan().SequenceEqual(_pivot)) throw new ArgumentException("merging accumulators with different pivots");
        _sum.Merge(other._sum);
        _gram.Merge(other._gram);
        Count += other.Count;
    }

    /// <summary>The sums as files keep them (after summing any pending rows): pivot, reproducible sums of x - pivot and of its outer products.</summary>
    internal (double[] Pivot, BinnedSums Sum, BinnedSums Gram) State()
    {
        Flush();
        return (_pivot, _sum, _gram);
    }

    /// <summary>An accumulator holding a <see cref="State"/> read back.</summary>
    internal static CovarianceAccumulator FromState(int dimension, long count, double[]? pivot, BinnedSums sum, BinnedSums gram)
    {
        if (sum.Length != dimension || gram.Length != PackedLength(dimension))
            throw new ArgumentException($"sums of {sum.Length} and {gram.Length} entries do not fit d = {dimension}");
        if (pivot is not null && pivot.Length != dimension) throw new ArgumentException($"a pivot of {pivot.Length} values for d = {dimension}");
        return new CovarianceAccumulator(dimension, pivot ?? new double[dimension], pivot is not null, sum, gram, count);
    }

    /// <summary>The sum of the shifted rows, rounded to float64 (d values).</summary>
    public double[] ShiftedSum()
    {
        Flush();
        return _sum.Values();
    }

    /// <summary>The sum of the shifted rows' outer products, rounded to float64 (full d x d, symmetric).</summary>
    public double[] ShiftedGram()
    {
        Flush();
        int d = Dimension;
        var g = new double[(long)d * d];
        for (int i = 0; i < d; i++)
        {
            long at = PackedRow(d, i);
            for (int j = i; j < d; j++) g[(long)i * d + j] = g[(long)j * d + i] = _gram.Value((int)(at + j - i));
        }
        return g;
    }

    /// <summary>The mean and the covariance (full d x d, row-major) with divisor N - ddof.</summary>
    public (double[] Mean, double[] Covariance) Result(int ddof)
    {
        Flush();
        int d = Dimension;
        double n = Count;
        var sum = _sum.Values();
        var mean = new double[d];
        var shiftedMean = new double[d];
        for (int j = 0; j < d; j++)
        {
            shiftedMean[j] = sum[j] / n;
            mean[j] = _pivot[j] + shiftedMean[j];
        }
        var cov = new double[(long)d * d];
        double inv = 1.0 / (n - ddof);
        Parallel.For(0, d, Parallelism.Options(_maxThreads), i =>
        {
            double si = sum[i];
            long at = PackedRow(d, i);
            for (int j = i; j < d; j++)
            {
                double v = (_gram.Value((int)(at + j - i)) - si * shiftedMean[j]) * inv;
                cov[(long)i * d + j] = v;
                cov[(long)j * d + i] = v;
            }
        });
        return (mean, cov);
    }

    private void SetPivot(ReadOnlySpan<float> pivot)
    {
        if (pivot.Length != Dimension) throw new ArgumentException($"a pivot of {pivot.Length} values for d = {Dimension}", nameof(pivot));
        for (int j = 0; j < Dimension; j++) _pivot[j] = pivot[j];
        HasPivot = true;
    }

    private void SetPivot(ReadOnlySpan<double> pivot)
    {
        pivot.CopyTo(_pivot);
        HasPivot = true;
    }

    private void Flush()
    {
        if (_pending == 0) return;
        int d = Dimension, k = _pending;
        // Column sums of the block in row order: fixed order per block.
        var blockSum = new double[d];
        for (int r = 0; r < k; r++) AddTo(_block.AsSpan(r * d, d), blockSum);
        _sum.Add(blockSum, 0);
        _sum.CountAddition();
        // The block's Gram matrix (upper triangle), from zero: A(i, r) = block[r, i], B(r, j) = block[r, j].
        var g = _scratch ??= new double[(long)d * d];
        for (int i = 0; i < d; i++) Array.Clear(g, i * d + i, d - i);
        GemmF64.Multiply(d, d, k, 1.0, _block, 1, d, _block, d, 1, g, d, TileMask.Upper, _maxThreads);
        const int rowsPerTask = 16;
        Parallel.For(0, (d + rowsPerTask - 1) / rowsPerTask, Parallelism.Options(_maxThreads), t =>
        {
            for (int i = t * rowsPerTask, end = Math.Min(d, i + rowsPerTask); i < end; i++)
                _gram.Add(g.AsSpan(i * d + i, d - i), (int)PackedRow(d, i));
        });
        _gram.CountAddition();
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
