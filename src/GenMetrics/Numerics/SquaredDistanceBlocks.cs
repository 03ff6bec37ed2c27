namespace GenMetrics.Numerics;

/// <summary>
/// Float64 squared distances from query rows to a fixed set of centres, ||q||² + ||c||² − 2 q·c clipped at 0, handed
/// to a callback a block of rows at a time: the consumers (Parzen windows, fld's mixture) reduce each row right away,
/// so the n x m matrix never exists.
/// </summary>
/// <remarks>
/// Rows go in chunks sized so a chunk's distances take about 64 MB; each chunk is one <see cref="GemmF64"/> product
/// (parallel inside, its centres packed once per chunk rather than once per small block), then its rows are
/// clipped and handed out in blocks of 64 in parallel. GemmF64's elements do not depend on the row blocking or the
/// thread count, so neither do the distances.
/// </remarks>
internal sealed class SquaredDistanceBlocks
{
    public const int RowBlock = 64;

    private readonly double[] _c, _cc;

    /// <summary>Prepares the centres: <paramref name="centres"/> (m x d float32, row-major) in float64 with their squared norms.</summary>
    public SquaredDistanceBlocks(ReadOnlySpan<float> centres, int m, int d)
    {
        M = m;
        D = d;
        _c = new double[(long)m * d];
        for (long i = 0; i < _c.LongLength; i++) _c[i] = centres[(int)i];
        _cc = new double[m];
        for (int j = 0; j < m; j++)
        {
            double s = 0;
            for (int k = 0; k < d; k++) s += _c[(long)j * d + k] * _c[(long)j * d + k];
            _cc[j] = s;
        }
    }

    public int M { get; }

    public int D { get; }

    /// <summary>
    /// For query rows 0 .. <paramref name="n"/> − 1 (<paramref name="row"/> gives row i's d values) calls
    /// <paramref name="block"/>(first, count, d2, offset) with the squared distance of row first + r to centre j at
    /// d2[offset + r m + j]; blocks of one chunk run in parallel, chunks in order.
    /// </summary>
    public void ForEach(int n, Func<int, ReadOnlyMemory<float>> row, Action<int, int, double[], long> block)
    {
        int m = M, d = D;
        int chunk = (int)Math.Clamp(64L * 1024 * 1024 / 8 / Math.Max(m, 1) / RowBlock * RowBlock, RowBlock, 4096);
        chunk = Math.Min(chunk, Math.Max(n, 1));
        var q = new double[(long)chunk * d];
        var qq = new double[chunk];
        var d2 = new double[(long)chunk * m];
        for (int c0 = 0; c0 < n; c0 += chunk)
        {
            int cn = Math.Min(chunk, n - c0);
            Parallel.For(0, cn, Parallelism.Options(), r =>
            {
                var src = row(c0 + r).Span;
                var dst = q.AsSpan((int)((long)r * d), d);
                double s = 0;
                for (int k = 0; k < d; k++) { dst[k] = src[k]; s += (double)src[k] * src[k]; }
                qq[r] = s;
            });
            Array.Clear(d2, 0, (int)Math.Min(d2.LongLength, (long)cn * m));
            // d2 = Q Cᵀ: A(r, k) = q[r, k], B(k, j) = c[j, k].
            GemmF64.Multiply(cn, m, d, 1.0, q, d, 1, _c, 1, d, d2, m);
            int start = c0;
            Parallel.For(0, (cn + RowBlock - 1) / RowBlock, Parallelism.Options(), b =>
            {
                int r0 = b * RowBlock, rn = Math.Min(RowBlock, cn - r0);
                for (int r = r0; r < r0 + rn; r++)
                {
                    long at = (long)r * m;
                    for (int j = 0; j < m; j++) d2[at + j] = Math.Max(qq[r] + _cc[j] - 2 * d2[at + j], 0);
                }
                block(start + r0, rn, d2, (long)r0 * m);
            });
        }
    }
}
