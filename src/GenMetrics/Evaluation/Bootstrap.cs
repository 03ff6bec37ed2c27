using System.Diagnostics;
using GenMetrics.Numerics;

namespace GenMetrics.Evaluation;

/// <summary>A metric that computes its bootstrap replicates from multiplicity weights instead of resampled copies (FID).</summary>
internal interface IWeightedReplicates
{
    /// <summary>
    /// A function of the generated rows' counts (and the real rows' counts when <paramref name="resampleReal"/>) that
    /// returns the metric's values on that resample, or null to take the general path.
    /// </summary>
    Func<int[], int[]?, IReadOnlyList<KeyValuePair<string, double>>>? PrepareReplicates(EvaluationSet set, bool resampleReal);
}

/// <summary>The percentile bootstrap of <see cref="BootstrapOptions"/>: draws, replicates and intervals.</summary>
internal static class Bootstrap
{
    /// <summary>Checks the options before any work.</summary>
    /// <exception cref="InputException">Fewer than 2 replicates, a seed NumPy rejects, or a level outside (0, 1).</exception>
    public static void Validate(BootstrapOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (o.Replicates < 2) throw InputException.ForSetting("bootstrap", $"{o.Replicates} replicates, but a percentile interval needs at least 2 (100 for a quick look, 1000 for stable ends)");
        RandomState.FromSeed(o.Seed, "bootstrap_seed");
        if (!(o.Level > 0 && o.Level < 1)) throw new InputException($"bootstrap level {o.Level}: it must be between 0 and 1");
    }

    public static (List<KeyValuePair<string, MetricInterval>> Intervals, BootstrapSummary Summary, List<string> Warnings) Run(
        EvaluationSet set, IReadOnlyList<IMetric> metrics, BootstrapOptions o, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var intervals = new List<KeyValuePair<string, MetricInterval>>();
        var resampled = new List<KeyValuePair<string, IReadOnlyList<InputRole>>>();
        var without = new List<KeyValuePair<string, string>>();
        var seconds = new List<KeyValuePair<string, double>>();
        var warnings = new List<string>();
        foreach (var metric in metrics)
        {
            var info = metric.Info;
            var (roles, reason) = Roles(set, info, o);
            var keys = info.Keys.Where(k => reason is null && k.WithoutInterval is null).Select(k => k.Name).ToList();
            foreach (var k in info.Keys)
                if (!keys.Contains(k.Name)) without.Add(new(k.Name, k.WithoutInterval ?? reason!));
            if (keys.Count == 0) continue;
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report($"{info.Name} (bootstrap, {o.Replicates} replicates)");
            var clock = Stopwatch.StartNew();
            bool real = roles.Contains(InputRole.Real);
            try
            {
                var values = Replicates(set, metric, o, real, cancellationToken);
                foreach (var key in keys)
                {
                    if (!values.TryGetValue(key, out var v)) continue;
                    if (Array.Exists(v, x => !double.IsFinite(x)))
                    {
                        without.Add(new(key, "some resamples give a value that is not finite"));
                        warnings.Add($"{info.Name}: no interval for {key}: some resamples give a value that is not finite");
                        continue;
                    }
                    Array.Sort(v);
                    double tail = (1 - o.Level) / 2;
                    intervals.Add(new(key, new MetricInterval(NumPy.QuantileLinear(v, tail), NumPy.QuantileLinear(v, 1 - tail))));
                }
                resampled.Add(new(info.Name, roles));
            }
            catch (InputException e)
            {
                foreach (var key in keys) without.Add(new(key, $"a resample cannot be evaluated: {e.Message}"));
                warnings.Add($"{info.Name}: no bootstrap interval: a resample cannot be evaluated: {e.Message}");
            }
            seconds.Add(new(info.Name, clock.Elapsed.TotalSeconds));
        }
        return (intervals, new BootstrapSummary(o, resampled, without, seconds), warnings);
    }

    /// <summary>The inputs a metric's replicates resample, or why it gets no interval.</summary>
    private static (IReadOnlyList<InputRole> Roles, string? Reason) Roles(EvaluationSet set, MetricInfo info, BootstrapOptions o)
    {
        if (!info.Resampled.Contains(InputRole.Generated))
            return ([], "the metric does not allow resampling (a resample's repeated samples would change what it measures)");
        if (set.Generated?.Features is null) return ([], "the generated input holds statistics, whose samples cannot be resampled");
        var roles = new List<InputRole> { InputRole.Generated };
        if (o.ResampleReal && info.Resampled.Contains(InputRole.Real) && set.Real?.Features is not null) roles.Add(InputRole.Real);
        return (roles, null);
    }

    internal static Dictionary<string, double[]> Replicates(EvaluationSet set, IMetric metric, BootstrapOptions o, bool resampleReal, CancellationToken cancellationToken)
    {
        var generated = set.Generated!;
        var real = resampleReal ? set.Real! : null;
        int ng = generated.Features!.Rows, nr = real?.Features!.Rows ?? 0;
        var fast = metric is IWeightedReplicates w ? w.PrepareReplicates(set, resampleReal) : null;
        var rng = RandomState.FromSeed(o.Seed, "bootstrap_seed");
        var values = new Dictionary<string, double[]>();
        if (fast is not null)
        {
            FastReplicates(fast, rng, ng, real is null ? 0 : nr, o.Replicates, values, cancellationToken);
            return values;
        }
        var ig = new int[ng];
        var ir = new int[nr];
        for (int b = 0; b < o.Replicates; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Draw(rng, ig);
            if (real is not null) Draw(rng, ir);
            var resample = new EvaluationSet
            {
                Generated = generated.Resample(ig),
                Real = real is null ? set.Real : real.Resample(ir),
                Train = set.Train,
            };
            Store(values, metric.Evaluate(resample).Values, b, o.Replicates);
        }
        return values;
    }

    /// <summary>
    /// Replicates from weights, several at once: their eigenvalue problems parallelise poorly inside, so the replicates
    /// of a chunk (drawn in order first) run side by side, each on one thread; every value is the same whatever the
    /// thread count.
    /// </summary>
    private static void FastReplicates(Func<int[], int[]?, IReadOnlyList<KeyValuePair<string, double>>> fast, RandomState rng, int ng, int nr,
        int replicates, Dictionary<string, double[]> values, CancellationToken cancellationToken)
    {
        int width = Math.Max(1, Parallelism.Threads);
        var generated = new int[width][];
        var real = new int[width][];
        var results = new IReadOnlyList<KeyValuePair<string, double>>[width];
        var idx = new int[ng];
        var idxReal = new int[nr];
        for (int b0 = 0; b0 < replicates; b0 += width)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(width, replicates - b0);
            for (int j = 0; j < count; j++)
            {
                Draw(rng, idx);
                generated[j] = Counts(idx);
                if (nr > 0)
                {
                    Draw(rng, idxReal);
                    real[j] = Counts(idxReal);
                }
            }
            Parallelism.For(0, count, j =>
            {
                using var one = Parallelism.Limit(1);
                results[j] = fast(generated[j], nr > 0 ? real[j] : null);
            }, cancellationToken);
            for (int j = 0; j < count; j++) Store(values, results[j], b0 + j, replicates);
        }
    }

    private static void Store(Dictionary<string, double[]> values, IReadOnlyList<KeyValuePair<string, double>> result, int b, int replicates)
    {
        foreach (var (key, v) in result)
        {
            if (!values.TryGetValue(key, out var list)) values[key] = list = new double[replicates];
            list[b] = v;
        }
    }

    /// <summary><c>rng.randint(0, n, n)</c> (legacy masked rejection: <see cref="RandomState.Interval"/> of n − 1 per draw).</summary>
    internal static void Draw(RandomState rng, int[] indices)
    {
        ulong max = (ulong)(indices.Length - 1);
        for (int i = 0; i < indices.Length; i++) indices[i] = (int)rng.Interval(max);
    }

    private static int[] Counts(int[] indices)
    {
        var counts = new int[indices.Length];
        foreach (int i in indices) counts[i]++;
        return counts;
    }
}
