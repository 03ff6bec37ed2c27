namespace GenMetrics.Numerics;

internal static partial class KMeans
{
    /// <summary>
    /// sklearn's greedy k-means++ (<c>_kmeans_plusplus</c>): the first centre is point <c>randint(n)</c>; each next
    /// one is the best of 2 + ⌊ln k⌋ candidates drawn with probability proportional to the squared distance to the
    /// nearest centre so far (<c>uniform(size=trials) * potential</c>, located by <c>searchsorted</c> in the
    /// cumulative sums, left side, clipped to n − 1), the candidate leaving the smallest potential (the first on a
    /// tie). Returns the centres, k x d float64.
    /// </summary>
    internal static double[] PlusPlus(FeatureMatrix x, int k, RandomState rng)
    {
        int n = x.Rows, d = x.Columns;
        int trials = 2 + (int)Math.Log(k);
        var centers = new double[k * d];
        int first = (int)rng.Interval((ulong)(n - 1));
        SetCenter(x, first, centers, 0);
        var closest = DistancesTo(x, first);
        double potential = SumInBlocks(closest);
        var cumulative = new double[n];
        var draws = new double[trials];
        for (int c = 1; c < k; c++)
        {
            for (int t = 0; t < trials; t++) draws[t] = rng.NextDouble() * potential;
            double run = 0;
            for (int i = 0; i < n; i++) cumulative[i] = run += closest[i];
            double[]? bestDistances = null;
            int bestId = -1;
            double bestPotential = double.PositiveInfinity;
            for (int t = 0; t < trials; t++)
            {
                int id = Math.Min(SearchSortedLeft(cumulative, draws[t]), n - 1);
                var dist = DistancesTo(x, id);
                for (int i = 0; i < n; i++) dist[i] = Math.Min(closest[i], dist[i]);
                double pot = SumInBlocks(dist);
                if (pot < bestPotential) (bestPotential, bestId, bestDistances) = (pot, id, dist);
            }
            SetCenter(x, bestId, centers, c);
            closest = bestDistances!;
            potential = bestPotential;
        }
        return centers;
    }

    private static void SetCenter(FeatureMatrix x, int row, double[] centers, int c)
    {
        var r = x.Row(row);
        for (int j = 0; j < r.Length; j++) centers[c * r.Length + j] = r[j];
    }

    /// <summary>Squared float64 distances from every row to row <paramref name="id"/>.</summary>
    private static double[] DistancesTo(FeatureMatrix x, int id)
    {
        int n = x.Rows, d = x.Columns;
        var dist = new double[n];
        Parallel.For(0, (n + BlockRows - 1) / BlockRows, Parallelism.Options(), b =>
        {
            var src = x.Span;
            var center = src.Slice(id * d, d);
            for (int i = b * BlockRows, end = Math.Min(n, i + BlockRows); i < end; i++)
                dist[i] = Knn.SquaredDistance(src.Slice(i * d, d), center);
        });
        return dist;
    }

    /// <summary>NumPy's <c>searchsorted(a, v, side='left')</c>: the first index i with a[i] ≥ v (a.Length when none).</summary>
    private static int SearchSortedLeft(double[] a, double v)
    {
        int lo = 0, hi = a.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
