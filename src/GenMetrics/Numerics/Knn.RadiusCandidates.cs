namespace GenMetrics.Numerics;

/// <summary>
/// Per point, the neighbours that may still be among its k+1 nearest (itself included), with float32 bounds
/// L ≤ D² ≤ U. Invariant: every neighbour whose exact D² is at most the final (k+1)-th smallest D² is kept.
/// Proof sketch: let C be the (k+1)-th smallest U seen (the cut); the true (k+1)-th smallest D² is ≤ C, so a
/// neighbour with L &gt; C has D² &gt; C and can be dropped; cuts only decrease, so a drop is never regretted.
/// Callers serialise inserts per row (a lock per row block); the final choice is order-independent.
/// </summary>
internal sealed partial class RadiusCandidates
{
    private sealed class Row(int capacity)
    {
        public float[] L = new float[capacity];
        public float[] U = new float[capacity];
        public int[] J = new int[capacity];
        public int Count;
    }

    private readonly Row[] _rows;
    private readonly int _k;
    private readonly bool _self;

    /// <summary>The current cut per row (+∞ until the row holds k+1 candidates); read without locks by scanners.</summary>
    public float[] Cut { get; }

    /// <param name="n">Number of points (rows).</param>
    /// <param name="k">The order statistic kept, 0-based (the (k+1)-th smallest).</param>
    /// <param name="self">Whether each row starts with the point itself at distance 0 (a set against itself).</param>
    public RadiusCandidates(int n, int k, bool self = true)
    {
        _k = k;
        _self = self;
        Cut = new float[n];
        Array.Fill(Cut, float.PositiveInfinity);
        _rows = new Row[n];
        int capacity = 4 * (k + 1) + 8;
        for (int i = 0; i < n; i++)
        {
            var r = _rows[i] = new Row(capacity);
            if (!self) continue;
            r.J[0] = i;   // the point itself, at exactly 0
            r.Count = 1;
        }
    }

    /// <summary>Lowers a row's cut to <paramref name="cut"/>, which must be the (k+1)-th smallest of upper bounds of
    /// candidates that are (or will be) inserted, the point itself counted.</summary>
    public void Tighten(int row, float cut)
    {
        if (cut < Cut[row]) Volatile.Write(ref Cut[row], cut);
    }

    public void Insert(Knn.Hit h)
    {
        if (h.Lower > Cut[h.Row]) return;
        var r = _rows[h.Row];
        if (r.Count == r.L.Length) Compact(h.Row, r);
        if (h.Lower > Cut[h.Row]) return;
        r.L[r.Count] = h.Lower;
        r.U[r.Count] = h.Upper;
        r.J[r.Count] = h.Col;
        r.Count++;
    }

    private void Compact(int row, Row r)
    {
        float cut = KthSmallest(r.U.AsSpan(0, r.Count), _k);
        int kept = 0;
        for (int q = 0; q < r.Count; q++)
        {
            if (r.L[q] > cut) continue;
            r.L[kept] = r.L[q];
            r.U[kept] = r.U[q];
            r.J[kept] = r.J[q];
            kept++;
        }
        r.Count = kept;
        Volatile.Write(ref Cut[row], cut);
        if (kept > r.L.Length / 2)
        {
            Array.Resize(ref r.L, r.L.Length * 2);
            Array.Resize(ref r.U, r.U.Length * 2);
            Array.Resize(ref r.J, r.J.Length * 2);
        }
    }

    /// <summary>The exact float64 (k+1)-th smallest squared distance of point <paramref name="i"/>, itself included.</summary>
    public double Exact(int i, ReadOnlySpan<float> x, int d) => Exact(i, x.Slice(i * d, d), x, d);

    /// <summary>The exact float64 (k+1)-th smallest squared distance from <paramref name="xi"/> (row i) to the candidates in <paramref name="x"/>.</summary>
    public double Exact(int i, ReadOnlySpan<float> xi, ReadOnlySpan<float> x, int d)
    {
        var r = _rows[i];
        float cut = KthSmallest(r.U.AsSpan(0, r.Count), _k);
        var exact = new double[r.Count];
        int m = 0;
        for (int q = 0; q < r.Count; q++)
        {
            if (r.L[q] > cut) continue;
            exact[m++] = _self && r.J[q] == i ? 0.0 : Knn.SquaredDistance(xi, x.Slice(r.J[q] * d, d));
        }
        var e = exact.AsSpan(0, m);
        e.Sort();
        return e[_k];
    }

    private static float KthSmallest(ReadOnlySpan<float> values, int k)
    {
        Span<float> tmp = values.Length <= 256 ? stackalloc float[values.Length] : new float[values.Length];
        values.CopyTo(tmp);
        tmp.Sort();
        return tmp[k];
    }
}
