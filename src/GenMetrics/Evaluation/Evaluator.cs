using System.Diagnostics;
using GenMetrics.Reports;

namespace GenMetrics.Evaluation;

/// <summary>
/// Runs metrics on an <see cref="EvaluationSet"/> and gathers the values, the inputs' provenance, the settings, timings
/// and warnings into one <see cref="EvaluationResult"/>. Everything that can be checked without computing (roles,
/// keys, dimensions, encoders) is checked before the first metric starts.
/// </summary>
public static class Evaluator
{
    /// <summary>Computes the built-in metrics named (default options) on <paramref name="set"/>.</summary>
    /// <exception cref="InputException">An unknown metric, a missing input, or an unusable one.</exception>
    public static EvaluationResult Evaluate(EvaluationSet set, params string[] metrics) =>
        Evaluate(set, [.. MetricRegistry.Default.Resolve(metrics).Select(d => d.Create())]);

    /// <summary>Computes <paramref name="metrics"/>, in order, on <paramref name="set"/>.</summary>
    /// <param name="set">The inputs by role.</param>
    /// <param name="metrics">The metrics (from <see cref="MetricDefinition.Create()"/>, or your own).</param>
    /// <param name="progress">Receives the name of each metric as it starts.</param>
    /// <param name="cancellationToken">Checked between metrics.</param>
    /// <exception cref="InputException">A metric's input is missing or unusable, two metrics report the same key, or
    /// the inputs come from different encoders or preprocessing.</exception>
    public static EvaluationResult Evaluate(EvaluationSet set, IReadOnlyList<IMetric> metrics, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(metrics);
        if (metrics.Count == 0) throw InputException.ForSetting("metrics", "no metric to compute");
        var infos = metrics.Select(m => m.Info).ToList();
        MetricRegistry.CheckKeys(infos);
        CheckRoles(infos, set.Roles);
        CheckClassInputs(infos, set.ClassInputs);
        CheckClassCounts(set);
        foreach (var info in infos) CheckComparable(set, info);

        var values = new List<KeyValuePair<string, double>>();
        var settings = new List<KeyValuePair<string, IReadOnlyList<Setting>>>();
        var details = new List<KeyValuePair<string, System.Text.Json.Nodes.JsonObject>>();
        var items = new List<KeyValuePair<string, IReadOnlyList<ItemValue>>>();
        var timing = new List<KeyValuePair<string, double>>();
        var warnings = new List<string>();
        foreach (var (_, s) in set.FeatureSets)
            foreach (var w in s.Warnings)
                if (!warnings.Contains(w)) warnings.Add(w);
        var total = Stopwatch.StartNew();
        foreach (var metric in metrics)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(metric.Info.Name);
            var sw = Stopwatch.StartNew();
            var r = metric.Evaluate(set);
            values.AddRange(r.Values);
            settings.Add(new(metric.Info.Name, r.Settings));
            if (r.Details is { } d) details.Add(new(metric.Info.Name, d));
            if (r.ItemValues is { } iv) items.Add(new(metric.Info.Name, iv));
            warnings.AddRange(r.Warnings);
            timing.Add(new(metric.Info.Name, sw.Elapsed.TotalSeconds));
        }
        timing.Add(new("total", total.Elapsed.TotalSeconds));

        var inputs = set.FeatureSets.Select(x => new InputSummary(InputRoles.Name(x.Role), x.Set.Provenance, x.Set.Dimension)).ToList();
        if (set.Pairs is { } pairs) inputs.AddRange(pairs.Inputs);
        if (set.Generator is { } g)
            inputs.Add(new InputSummary(InputRoles.Name(InputRole.Generator),
                new Provenance(g.Path, InputKind.Generator, g.Options.NumSamples ?? 0, g.ModelSha256) { Generator = g.Settings }, 0));
        var encoded = inputs.Where(i => i.Provenance.Encoder is not null).ToList();
        return new EvaluationResult
        {
            Metrics = values,
            MetricInfos = infos,
            Inputs = inputs,
            Settings = settings,
            Details = details,
            ItemValues = items,
            TimingSeconds = timing,
            Warnings = warnings,
            Encoder = encoded.Count > 0 ? encoded[0].Provenance.Encoder : null,
            Preprocessing = encoded.Count > 0 ? encoded[0].Provenance.Preprocessing : null,
        };
    }

    /// <summary>
    /// Computes <paramref name="metrics"/> on <paramref name="set"/>, then their bootstrap intervals (see
    /// <see cref="BootstrapOptions"/>): every metric whose <see cref="MetricInfo.Resampled"/> allows it is recomputed on
    /// each resample (FID from multiplicity weights, without copying rows); the others are listed without an interval.
    /// </summary>
    /// <exception cref="InputException">As the other overload, or bootstrap options out of range (checked first).</exception>
    public static EvaluationResult Evaluate(EvaluationSet set, IReadOnlyList<IMetric> metrics, BootstrapOptions bootstrap, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        Bootstrap.Validate(bootstrap);
        var result = Evaluate(set, metrics, progress, cancellationToken);
        var clock = Stopwatch.StartNew();
        var (intervals, summary, warnings) = Bootstrap.Run(set, metrics, bootstrap, progress, cancellationToken);
        var timing = result.TimingSeconds.ToList();
        timing.Insert(timing.Count - 1, new("bootstrap", clock.Elapsed.TotalSeconds));
        timing[^1] = new("total", timing[^1].Value + clock.Elapsed.TotalSeconds);
        return new EvaluationResult
        {
            Metrics = result.Metrics,
            MetricInfos = result.MetricInfos,
            Inputs = result.Inputs,
            Settings = result.Settings,
            Details = result.Details,
            TimingSeconds = timing,
            Warnings = [.. result.Warnings, .. warnings],
            Encoder = result.Encoder,
            Preprocessing = result.Preprocessing,
            Intervals = intervals,
            Bootstrap = summary,
        };
    }

    /// <summary>Checks bootstrap options as <see cref="Evaluate(EvaluationSet, IReadOnlyList{IMetric}, BootstrapOptions, IProgress{string}?, CancellationToken)"/> does first: call it before reading any input.</summary>
    /// <exception cref="InputException">Fewer than 2 replicates (setting <c>bootstrap</c>), a seed outside [0, 2^32) (<c>bootstrap_seed</c>), or a level outside (0, 1).</exception>
    public static void Validate(BootstrapOptions bootstrap) => Bootstrap.Validate(bootstrap);

    /// <summary>
    /// Checks that every metric finds the inputs it needs among <paramref name="available"/>: call it as soon as the
    /// inputs are known, before any is read.
    /// </summary>
    /// <exception cref="InputException">A metric needs a role that is not available; the message names both.</exception>
    public static void CheckRoles(IEnumerable<MetricInfo> metrics, IEnumerable<InputRole> available)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var have = available.ToHashSet();
        foreach (var m in metrics)
        {
            var missing = m.Roles.Where(r => !have.Contains(r)).ToList();
            if (missing.Count > 0)
                throw new InputException($"{m.Name}: needs {string.Join(" and ", missing.Select(r => $"a {InputRoles.Name(r)} input"))}" +
                                         $" (it uses {string.Join(", ", m.Roles.Select(InputRoles.Name))}; given: " +
                                         (have.Count == 0 ? "none" : string.Join(", ", have.Order().Select(InputRoles.Name))) + ")");
        }
    }

    /// <summary>
    /// Checks that every metric finds the class labels or probabilities it needs (<see cref="MetricInfo.ClassInputs"/>)
    /// among <paramref name="available"/>: call it as soon as the inputs are known.
    /// </summary>
    /// <exception cref="InputException">A metric needs class inputs that are not available; the message names the setting that gives them.</exception>
    public static void CheckClassInputs(IEnumerable<MetricInfo> metrics, ClassInputs available)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        foreach (var m in metrics)
        {
            var missing = m.ClassInputs & ~available;
            if (missing == ClassInputs.None) continue;
            var said = new List<string>();
            if (missing.HasFlag(ClassInputs.RealLabels)) said.Add("class labels of the real samples (the 'real_labels' setting)");
            if (missing.HasFlag(ClassInputs.GeneratedLabels)) said.Add("class labels of the generated samples (the 'fake_labels' setting)");
            if (missing.HasFlag(ClassInputs.RealProbabilities)) said.Add("class probabilities of the real samples (the 'real_probs' setting)");
            if (missing.HasFlag(ClassInputs.GeneratedProbabilities)) said.Add("class probabilities of the generated samples (the 'fake_probs' setting)");
            throw new InputException($"{m.Name}: needs {string.Join(" and ", said)}");
        }
    }

    // Labels and probabilities must have one row per sample of their set.
    private static void CheckClassCounts(EvaluationSet set)
    {
        void Check(string what, string source, int count, FeatureSet? samples, string role)
        {
            if (samples is null) throw new InputException($"{source}: {what} of the {role} samples, but there is no {role} input");
            if (samples.IsStatisticsOnly)
                throw new InputException($"{source}: {what} of the {role} samples, but {samples.Source} holds statistics (mu, sigma), not samples");
            if (count != samples.Count)
                throw new InputException($"{source}: {count} {what}, but the {role} set {samples.Source} has {samples.Count} samples: the counts must match");
        }
        if (set.RealLabels is { } rl) Check("labels", rl.Source, rl.Count, set.Real, "real");
        if (set.GeneratedLabels is { } gl) Check("labels", gl.Source, gl.Count, set.Generated, "generated");
        if (set.RealProbabilities is { } rp) Check("rows of probabilities", rp.Source, rp.Count, set.Real, "real");
        if (set.GeneratedProbabilities is { } gp) Check("rows of probabilities", gp.Source, gp.Count, set.Generated, "generated");
    }

    // Sets a metric compares must live in one feature space: same dimension, same encoder and preprocessing where known.
    private static void CheckComparable(EvaluationSet set, MetricInfo info)
    {
        // Every input the metric reads must live in one feature space, except the conditioning inputs of a conditional
        // generator (conditional FID relates them through covariances only).
        var sets = info.Roles.Concat(info.OptionalRoles).Where(r => r != InputRole.Condition).Select(r => (Role: r, Set: set.Get(r))).Where(x => x.Set is not null).Select(x => (x.Role, Set: x.Set!)).ToList();
        for (int i = 1; i < sets.Count; i++)
        {
            var (ra, a) = sets[0];
            var (rb, b) = sets[i];
            if (a.Dimension != b.Dimension)
                throw new InputException($"{info.Name}: {InputRoles.Name(ra)} {a.Source} has features of dimension {a.Dimension}, but {InputRoles.Name(rb)} {b.Source} has {b.Dimension}; both sets must come from the same encoder");
            var (pa, pb) = (a.Provenance, b.Provenance);
            if (pa.Encoder is { } ea && pb.Encoder is { } eb && (ea.Key != eb.Key || pa.Preprocessing != pb.Preprocessing))
                throw new InputException($"{info.Name}: {InputRoles.Name(ra)} {a.Source} was encoded by {ea} with {pa.Preprocessing}, " +
                                         $"but {InputRoles.Name(rb)} {b.Source} by {eb} with {pb.Preprocessing}: features of different encoders or preprocessing are not comparable");
        }
    }
}
