using System.Collections.Frozen;
using GenMetrics.Metrics;

namespace GenMetrics.Evaluation;

/// <summary>
/// Metrics by name: a frozen table (torch-fidelity's <c>registry.py</c> is the model). <see cref="Default"/> holds the
/// built-in metrics; <see cref="With"/> makes a registry that also holds one of your own.
/// </summary>
public sealed class MetricRegistry
{
    private readonly FrozenDictionary<string, MetricDefinition> _byName;

    private MetricRegistry(IReadOnlyList<MetricDefinition> definitions)
    {
        var table = new Dictionary<string, MetricDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var d in definitions)
            foreach (var name in d.Info.Aliases.Prepend(d.Info.Name))
                if (!table.TryAdd(name, d))
                    throw new ArgumentException($"metric name '{name}' is taken twice ({table[name].Info.Name} and {d.Info.Name})", nameof(definitions));
        _byName = table.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Definitions = definitions;
    }

    /// <summary>The built-in metrics, in the order help lists them. One line each.</summary>
    public static MetricRegistry Default { get; } = new(
    [
        FidMetric.Definition,
        KidMetric.Definition,
        IsMetric.Definition,
        PrdcMetric.Definition,
        PrMetric.Definition,
        MifidMetric.Definition,
        DataCopyingMetric.Definition,
        AlphaPrecisionMetric.Definition,
        CopiesMetric.Definition,
        VendiMetric.Definition,
        FdInfinityMetric.Definition,
        MindMetric.Definition,
        Metrics.Paired.SsimMetric.Definition,
        Metrics.Paired.MsSsimMetric.Definition,
        Metrics.Paired.PsnrMetric.Definition,
        Metrics.Paired.LpipsMetric.Definition,
        Metrics.Paired.LpipsDiversityMetric.Definition,
        ModesMetric.Definition,
        FidPerClassMetric.Definition,
        CafdMetric.Definition,
        CfidMetric.Definition,
        ParzenMetric.Definition,
        FldMetric.Definition,
        C2stMetric.Definition,
        PplMetric.Definition,
    ]);

    /// <summary>The definitions, in listing order.</summary>
    public IReadOnlyList<MetricDefinition> Definitions { get; }

    /// <summary>The canonical names, in listing order.</summary>
    public IReadOnlyList<string> Names => [.. Definitions.Select(d => d.Info.Name)];

    /// <summary>A registry with <paramref name="definition"/> added after these (its names must be new).</summary>
    public MetricRegistry With(MetricDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new MetricRegistry([.. Definitions, definition]);
    }

    /// <summary>The definition named <paramref name="name"/> (or one of its aliases), or null.</summary>
    public MetricDefinition? Find(string name) => _byName.GetValueOrDefault(name.Trim());

    /// <summary>The definition named <paramref name="name"/>.</summary>
    /// <exception cref="InputException">No metric has that name (setting <c>metrics</c>); the message lists the known names.</exception>
    public MetricDefinition Get(string name) =>
        Find(name) ?? throw InputException.ForSetting("metrics", $"unknown metric '{name}'; known: {string.Join(", ", Names)}");

    /// <summary>
    /// The definitions named, each once, in the order given; checked for metrics that would report the same key.
    /// </summary>
    /// <exception cref="InputException">An unknown name, no name, or two metrics reporting the same key (setting <c>metrics</c>).</exception>
    public IReadOnlyList<MetricDefinition> Resolve(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var list = new List<MetricDefinition>();
        foreach (var name in names)
        {
            var d = Get(name);
            if (!list.Contains(d)) list.Add(d);
        }
        if (list.Count == 0) throw InputException.ForSetting("metrics", $"no metric named; known: {string.Join(", ", Names)}");
        CheckKeys(list.Select(d => d.Info));
        return list;
    }

    /// <summary>Two metrics that report the same key cannot run together: the result would hold one of the two values.</summary>
    internal static void CheckKeys(IEnumerable<MetricInfo> metrics)
    {
        var owner = new Dictionary<string, MetricInfo>();
        foreach (var m in metrics)
            foreach (var k in m.Keys)
            {
                if (owner.TryGetValue(k.Name, out var other) && other.Name != m.Name)
                {
                    var shared = other.Keys.Select(x => x.Name).Intersect(m.Keys.Select(x => x.Name));
                    throw InputException.ForSetting("metrics",
                        $"'{other.Name}' and '{m.Name}' both report {string.Join(", ", shared)} (under different conventions); choose one");
                }
                owner[k.Name] = m;
            }
    }
}
