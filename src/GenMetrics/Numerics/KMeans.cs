using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GenMetrics.Numerics;

/// <summary>A k-means partition of the fitted points.</summary>
/// <param name="Centers">The centres, K x Dimension, float64, row-major.</param>
/// <param name="K">The number of cells.</param>
/// <param name="Dimension">The feature dimension.</param>
/// <param name="Labels">Each fitted point's cell.</param>
/// <param name="Inertia">The sum of squared distances from the points to their centres.</param>
/// <param name="Restart">Which of the restarts (0-based) gave the partition.</param>
/// <param name="Iterations">Lloyd iterations of that restart.</param>
internal sealed record KMeansFit(double[] Centers, int K, int Dimension, int[] Labels, double Inertia, int Restart, int Iterations);

/// <summary>
/// sklearn's <c>KMeans(n_clusters=k, init='k-means++', n_init=restarts, random_state=seed, algorithm='lloyd')</c>
/// (scikit-learn 1.2, <c>cluster/_kmeans.py</c>), draw for draw, in float64.
/// </summary>
/// <remarks>
/// One NumPy <see cref="RandomState"/> (the <c>rng</c> argument) serves all restarts in turn, as sklearn's <c>check_random_state</c> does.
/// Each restart: greedy k-means++ (<see cref="PlusPlus"/>), then Lloyd's iterations (at most
/// maxIterations): assign every point to its nearest centre (the first on a tie), move each centre
/// to the mean of its points (an empty cell takes the point farthest from its current centre, sklearn's
/// <c>_relocate_empty_clusters_dense</c>), stop when the labels repeat or when the summed squared centre shift is at
/// most tol = 1e-4 x the mean per-feature variance (ddof 0); in the latter case relabel with the final centres. The
/// restart with the lowest inertia wins; a later one replaces an earlier only when strictly lower and a different
/// partition (sklearn's <c>_is_same_clustering</c>). sklearn computes in the data's precision (float32 for float32
/// features, GEMM-expanded distances); here every distance and mean is float64, so the partitions agree except when a
/// rounding difference changes a k-means++ draw, a label at a near-tie or the stopping iteration (rare; the parity
/// fixtures check it).
/// </remarks>
internal static partial class KMeans
{
    /// <summary>Rows per block of the deterministic parallel passes (fixed, never from the thread count).</summary>
    private const int BlockRows = 1024;

    public static KMeansFit Fit(FeatureMatrix x, int k, RandomState rng, int restarts = 10, int maxIterations = 300, double tolerance = 1e-4)
    {
        int n = x.Rows;
        if (k < 1) Internals.Throw.Input($"k-means: {k} cells, but at least 1 is needed");
        if (n < k) Internals.Throw.TooFewSamples(x.Source, n, k, $"k-means with {k} cells");
        if (restarts < 1) Internals.Throw.Input($"k-means: {restarts} restarts, but at least 1 is needed");
        double tol = tolerance * MeanVariance(x);
        KMeansFit? best = null;
        for (int r = 0; r < restarts; r++)
        {
            var centers = PlusPlus(x, k, rng);
            var fit = Lloyd(x, k, centers, maxIterations, tol, r);
            if (best == null || (fit.Inertia < best.Inertia && !SameClustering(fit.Labels, best.Labels, k))) best = fit;
        }
        return best!;
    }

    /// <summary>The nearest centre of every row (the first on a tie), by float64 squared distances.</summary>
    public static int[] Assign(FeatureMatrix x, double[] centers, int k)
    {
        var labels = new int[x.Rows];
        AssignInto(x, centers, k, labels, null);
        return labels;
    }

    private static KMeansFit Lloyd(FeatureMatrix x, int k, double[] centers, int maxIterations, double tol, int restart)
    {
        int n = x.Rows, d = x.Columns;
        var labels = new int[n];
        var labelsOld = new int[n];
        Array.Fill(labelsOld, -1);
        var distances = new double[n];
        bool strict = false;
        int it = 0;
        while (it < maxIterations)
        {
            AssignInto(x, centers, k, labels, distances);
            var next = Means(x, k, labels, distances);
            double shift = 0;
            for (int q = 0; q < next.Length; q++) { double v = next[q] - centers[q]; shift += v * v; }
            centers = next;
            it++;
            if (labels.AsSpan().SequenceEqual(labelsOld)) { strict = true; break; }
            if (shift <= tol) break;
            labels.CopyTo(labelsOld, 0);
        }
        if (!strict) AssignInto(x, centers, k, labels, distances);
        else AssignInto(x, centers, k, new int[n], distances);   // distances to the final centres (labels unchanged)
        return new KMeansFit(centers, k, d, labels, SumInBlocks(distances), restart, it);
    }

    /// <summary>New centres: the mean of each cell's points; empty cells relocated as sklearn (see the type's remarks).</summary>
    private static double[] Means(FeatureMatrix x, int k, int[] labels, double[] distances)
    {
        int n = x.Rows, d = x.Columns, blocks = (n + BlockRows - 1) / BlockRows;
        var partSums = new double[blocks][];
        var partCounts = new long[blocks][];
        Parallel.For(0, blocks, Parallelism.Options(), b =>
        {
            var s = new double[k * d];
            var c = new long[k];
            var src = x.Span;
            for (int i = b * BlockRows, end = Math.Min(n, i + BlockRows); i < end; i++)
            {
                int l = labels[i];
                c[l]++;
                AddWidened(src.Slice(i * d, d), s.AsSpan(l * d, d));
            }
            partSums[b] = s;
            partCounts[b] = c;
        });
        var sums = new double[k * d];
        var counts = new long[k];
        for (int b = 0; b < blocks; b++)
        {
            for (int q = 0; q < sums.Length; q++) sums[q] += partSums[b][q];
            for (int c = 0; c < k; c++) counts[c] += partCounts[b][c];
        }
        RelocateEmpty(x, k, labels, distances, sums, counts);
        for (int c = 0; c < k; c++)
        {
            if (counts[c] == 0) continue;
            double inv = 1.0 / counts[c];
            for (int j = 0; j < d; j++) sums[c * d + j] *= inv;
        }
        return sums;
    }

    /// <summary>
    /// sklearn's <c>_relocate_empty_clusters_dense</c>: each empty cell, in order, takes one of the points farthest
    /// from their current centres (farthest first; the lower index on a tie), which leaves its old cell's sum.
    /// Labels are not changed here (the next assignment does that).
    /// </summary>
    private static void RelocateEmpty(FeatureMatrix x, int k, int[] labels, double[] distances, double[] sums, long[] counts)
    {
        int empty = 0;
        for (int c = 0; c < k; c++) if (counts[c] == 0) empty++;
        if (empty == 0) return;
        int n = x.Rows, d = x.Columns;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Array.Sort(order, (a, b) => distances[b] != distances[a] ? distances[b].CompareTo(distances[a]) : a.CompareTo(b));
        int taken = 0;
        for (int c = 0; c < k; c++)
        {
            if (counts[c] != 0) continue;
            int far = order[taken++];
            int old = labels[far];
            var row = x.Row(far);
            for (int j = 0; j < d; j++)
            {
                sums[old * d + j] -= row[j];
                sums[c * d + j] = row[j];
            }
            counts[c] = 1;
            counts[old]--;
        }
    }

    /// <summary>Labels (and, when asked, squared distances to the chosen centre) of every row.</summary>
    private static void AssignInto(FeatureMatrix x, double[] centers, int k, int[] labels, double[]? distances)
    {
        int n = x.Rows, d = x.Columns;
        Parallel.For(0, (n + BlockRows - 1) / BlockRows, Parallelism.Options(), b =>
        {
            var src = x.Span;
            var e = new double[k];
            for (int i = b * BlockRows, end = Math.Min(n, i + BlockRows); i < end; i++)
            {
                SquaredDistances(src.Slice(i * d, d), centers, k, e);
                int best = 0;
                double bestD = e[0];
                for (int c = 1; c < k; c++)
                    if (e[c] < bestD) (best, bestD) = (c, e[c]);
                labels[i] = best;
                if (distances != null) distances[i] = bestD;
            }
        });
    }

    /// <summary>acc[j] += x[j] in float64, element by element (vectorised across j: each sum's order is the rows' order).</summary>
    private static void AddWidened(ReadOnlySpan<float> x, Span<double> acc)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref double ar = ref MemoryMarshal.GetReference(acc);
        nuint j = 0, n = (nuint)x.Length;
        for (; j + 4 <= n; j += 4)
            (Vector256.LoadUnsafe(ref ar, j) + Vector256.WidenLower(Vector128.LoadUnsafe(ref xr, j).ToVector256Unsafe())).StoreUnsafe(ref ar, j);
        for (; j < n; j++) acc[(int)j] += x[(int)j];
    }

    /// <summary>
    /// <see cref="SquaredDistance"/> from <paramref name="x"/> to each of the <paramref name="k"/> centres (k x d,
    /// row-major) into <paramref name="result"/>: the point is loaded and widened once for all centres, and each
    /// centre's sum takes exactly the steps SquaredDistance takes, so the values are the same bits.
    /// </summary>
    internal static void SquaredDistances(ReadOnlySpan<float> x, double[] centers, int k, Span<double> result)
    {
        const int Group = 4;   // centres per pass: four accumulators stay in registers
        int d = x.Length;
        ref float xr = ref MemoryMarshal.GetReference(x);
        for (int c0 = 0; c0 < k; c0 += Group)
        {
            // A last group of fewer than four repeats its last centre in the spare accumulators (computed, not kept).
            int g = Math.Min(Group, k - c0);
            ref double c0r = ref centers[c0 * d];
            ref double c1r = ref centers[(c0 + Math.Min(1, g - 1)) * d];
            ref double c2r = ref centers[(c0 + Math.Min(2, g - 1)) * d];
            ref double c3r = ref centers[(c0 + Math.Min(3, g - 1)) * d];
            Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
            nuint i = 0, n = (nuint)d;
            for (; i + 4 <= n; i += 4)
            {
                var w = Vector256.WidenLower(Vector128.LoadUnsafe(ref xr, i).ToVector256Unsafe());
                var v0 = w - Vector256.LoadUnsafe(ref c0r, i);
                var v1 = w - Vector256.LoadUnsafe(ref c1r, i);
                var v2 = w - Vector256.LoadUnsafe(ref c2r, i);
                var v3 = w - Vector256.LoadUnsafe(ref c3r, i);
                a0 = Vector256.FusedMultiplyAdd(v0, v0, a0);
                a1 = Vector256.FusedMultiplyAdd(v1, v1, a1);
                a2 = Vector256.FusedMultiplyAdd(v2, v2, a2);
                a3 = Vector256.FusedMultiplyAdd(v3, v3, a3);
            }
            result[c0] = Tail(x, centers.AsSpan(c0 * d, d), (int)i, Vector256.Sum(a0));
            if (g > 1) result[c0 + 1] = Tail(x, centers.AsSpan((c0 + 1) * d, d), (int)i, Vector256.Sum(a1));
            if (g > 2) result[c0 + 2] = Tail(x, centers.AsSpan((c0 + 2) * d, d), (int)i, Vector256.Sum(a2));
            if (g > 3) result[c0 + 3] = Tail(x, centers.AsSpan((c0 + 3) * d, d), (int)i, Vector256.Sum(a3));
        }
    }

    /// <summary>Σ (x_j − c_j)² in float64 for a float32 point and a float64 centre.</summary>
    internal static double SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<double> c)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref double cr = ref MemoryMarshal.GetReference(c);
        nuint i = 0, n = (nuint)x.Length;
        var acc = Vector256<double>.Zero;
        for (; i + 4 <= n; i += 4)
        {
            var v = Vector256.WidenLower(Vector128.LoadUnsafe(ref xr, i).ToVector256Unsafe()) - Vector256.LoadUnsafe(ref cr, i);
            acc = Vector256.FusedMultiplyAdd(v, v, acc);
        }
        return Tail(x, c, (int)i, Vector256.Sum(acc));
    }

    /// <summary>The scalar end of <see cref="SquaredDistance"/>: s plus (x_j − c_j)² for j from <paramref name="from"/> on, fused.</summary>
    private static double Tail(ReadOnlySpan<float> x, ReadOnlySpan<double> c, int from, double s)
    {
        for (int i = from; i < x.Length; i++)
        {
            double v = x[i] - c[i];
            s = Math.FusedMultiplyAdd(v, v, s);
        }
        return s;
    }

    /// <summary>Mean over features of the population variance (ddof 0), sklearn's <c>_tolerance</c> scale.</summary>
    private static double MeanVariance(FeatureMatrix x)
    {
        int n = x.Rows, d = x.Columns;
        var src = x.Span;
        var mean = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += src[i * d + j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        var ss = new double[d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) { double v = src[i * d + j] - mean[j]; ss[j] += v * v; }
        double s = 0;
        for (int j = 0; j < d; j++) s += ss[j] / n;
        return s / d;
    }

    private static double SumInBlocks(double[] v)
    {
        double total = 0;
        for (int b = 0; b < v.Length; b += BlockRows)
        {
            double s = 0;
            for (int i = b, end = Math.Min(v.Length, b + BlockRows); i < end; i++) s += v[i];
            total += s;
        }
        return total;
    }

    /// <summary>Whether two labelings are the same partition up to renaming the cells (sklearn's <c>_is_same_clustering</c>).</summary>
    internal static bool SameClustering(int[] a, int[] b, int k)
    {
        var map = new int[k];
        Array.Fill(map, -1);
        for (int i = 0; i < a.Length; i++)
        {
            if (map[a[i]] == -1) map[a[i]] = b[i];
            else if (map[a[i]] != b[i]) return false;
        }
        return true;
    }
}
