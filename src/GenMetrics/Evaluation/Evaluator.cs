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

    // Sets a metric compares must live in one feature space: same dimension, same encoder and preprocessing where known.
    private static void CheckComparable(EvaluationSet set, MetricInfo info)
    {
        var sets = info.Roles.Select(r => (Role: r, Set: set.Get(r))).Where(x => x.Set is not null).Select(x => (x.Role, Set: x.Set!)).ToList();
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
