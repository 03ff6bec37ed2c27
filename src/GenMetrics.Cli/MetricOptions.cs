using System.CommandLine;
using System.Globalization;
using GenMetrics.Evaluation;

namespace GenMetrics.Cli;

/// <summary>
/// <c>--metrics</c> and one flag per metric parameter, all derived from the registry: a parameter <c>kid_subsets</c>
/// becomes <c>--kid-subsets</c>; parameters of the same name in several metrics share one flag. A flag that belongs to
/// no selected metric is an error.
/// </summary>
internal sealed class MetricOptions
{
    private readonly MetricRegistry _registry;
    private readonly List<(MetricParameter Parameter, Option Option, List<string> Owners)> _parameters = [];

    public MetricOptions(MetricRegistry registry)
    {
        _registry = registry;
        Metrics = new Option<string?>("--metrics", "-m") { Description = MetricsHelp(registry) };
        foreach (var d in registry.Definitions.Where(d => !IsPaired(d)))
            foreach (var p in d.Parameters)
            {
                var existing = _parameters.FindIndex(x => x.Parameter.Name == p.Name);
                if (existing >= 0)
                {
                    if (_parameters[existing].Parameter.ValueType != p.ValueType)
                        throw new InvalidOperationException($"parameter {p.Name} has two value types");
                    _parameters[existing].Owners.Add(d.Info.Name);
                    continue;
                }
                _parameters.Add((p, CreateOption(p), [d.Info.Name]));
            }
        foreach (var (p, option, owners) in _parameters)
            option.Description = $"{p.Description} [{string.Join(", ", owners.Select(o => $"{o}: default {Show(Default(o, p.Name))}"))}]";
    }

    public Option<string?> Metrics { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Metrics);
        foreach (var (_, option, _) in _parameters) command.Options.Add(option);
    }

    /// <summary>The flag of the parameter named <paramref name="name"/> (<c>seed</c> → <c>--seed</c>), or null.</summary>
    public Option? FlagOf(string name) => _parameters.Find(x => x.Parameter.Name == name).Option;

    /// <summary>
    /// The metrics named by --metrics (or <paramref name="defaults"/>), each with the parameter values given. A
    /// parameter in <paramref name="usedByInputs"/> (a generator input's <c>seed</c>) may be given without a metric
    /// that takes it.
    /// </summary>
    public IReadOnlyList<IMetric> Create(ParseResult p, string defaults, IReadOnlyCollection<string>? usedByInputs = null)
    {
        var names = (p.GetValue(Metrics) ?? defaults).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var selected = _registry.Resolve(names);
        if (selected.FirstOrDefault(IsPaired) is { } paired)
            throw new InputException($"--metrics: {paired.Info.Name} compares image pairs: run 'genmetrics {paired.Info.Name.Replace('_', '-')} A B' (or see 'genmetrics --help')");
        var given = new List<(MetricParameter Parameter, object Value, string Flag)>();
        foreach (var (parameter, option, owners) in _parameters)
        {
            if (p.GetResult(option) is not { Implicit: false }) continue;
            var value = Value(p, option, parameter);
            if (!selected.Any(d => d.Parameters.Any(x => x.Name == parameter.Name)))
            {
                if (usedByInputs?.Contains(parameter.Name) == true) continue;
                throw new InputException($"{option.Name}: applies to {string.Join(", ", owners)}, and none of them is selected (--metrics {string.Join(",", selected.Select(d => d.Info.Name))})");
            }
            given.Add((parameter, value, option.Name));
        }
        var metrics = new List<IMetric>();
        foreach (var d in selected)
        {
            var values = new Dictionary<string, object>();
            foreach (var (parameter, value, _) in given)
                if (d.Parameters.Any(x => x.Name == parameter.Name)) values[parameter.Name] = value;
            metrics.Add(d.Create(values));
        }
        return metrics;
    }

    // Metrics of image pairs have their own commands (genmetrics ssim A B, ...), with their own flags.
    internal static bool IsPaired(MetricDefinition d) => d.Info.Roles.Contains(InputRole.Pairs);

    private object Default(string metric, string parameter) =>
        _registry.Get(metric).Parameters.First(x => x.Name == parameter).DefaultValue;

    private static Option CreateOption(MetricParameter p)
    {
        var name = "--" + p.Name.Replace('_', '-');
        var t = p.ValueType;
        if (t == typeof(int)) return new Option<int?>(name);
        if (t == typeof(long)) return new Option<long?>(name);
        if (t == typeof(double)) return new Option<double?>(name) { CustomParser = ParseDouble };
        if (t == typeof(bool)) return new Option<bool>(name);
        return new Option<string?>(name);   // strings and enums (parsed by name below)
    }

    private static object Value(ParseResult p, Option option, MetricParameter parameter)
    {
        switch (option)
        {
            case Option<int?> i: return p.GetValue(i)!.Value;
            case Option<long?> l: return p.GetValue(l)!.Value;
            case Option<double?> d: return p.GetValue(d)!.Value;
            case Option<bool> b: return p.GetValue(b);
        }
        var text = p.GetValue((Option<string?>)option)!;
        if (!parameter.ValueType.IsEnum) return text;
        foreach (var name in Enum.GetNames(parameter.ValueType))
            if (Normalise(name) == Normalise(text)) return Enum.Parse(parameter.ValueType, name);
        throw new InputException($"{option.Name} '{text}': expected one of {string.Join(", ", Enum.GetNames(parameter.ValueType).Select(Kebab))}");
    }

    // Numbers as written in C or Python: invariant culture, and inf / infinity (either sign) for the infinities.
    private static double? ParseDouble(System.CommandLine.Parsing.ArgumentResult r)
    {
        var text = r.Tokens.Count == 1 ? r.Tokens[0].Value.Trim() : "";
        switch (text.ToLowerInvariant())
        {
            case "inf" or "+inf" or "infinity" or "+infinity": return double.PositiveInfinity;
            case "-inf" or "-infinity": return double.NegativeInfinity;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return v;
        var flag = r.Parent is System.CommandLine.Parsing.OptionResult o ? o.Option.Name : "value";
        r.AddError($"{flag}: '{text}' is not a number (nor inf)");
        return null;
    }

    private static string Normalise(string s) => s.Replace("-", "").Replace("_", "").ToLowerInvariant();

    private static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string Show(object v) => v switch
    {
        bool b => b ? "on" : "off",
        double d when double.IsNaN(d) => "auto",
        double d when double.IsInfinity(d) => d > 0 ? "inf" : "-inf",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string { Length: 0 } => "none",
        Enum e => Kebab(e.ToString()),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    private static string MetricsHelp(MetricRegistry registry) =>
        "Comma-separated metrics (default: fid with two inputs, is with one). " +
        string.Join(" ", registry.Definitions.Where(d => !IsPaired(d)).Select(d =>
            $"{d.Info.Name}: {d.Info.Title} -> {string.Join(", ", d.Info.Keys.Select(k => k.Name))}; needs {string.Join(" + ", d.Info.Roles.Select(InputRoles.Name))}; {d.Info.Convention}.")) +
        (registry.Definitions.Any(IsPaired) ? $" Metrics of image pairs have their own commands: {string.Join("; ", registry.Definitions.Where(IsPaired).Select(d => $"{d.Info.Name}: genmetrics {d.Info.Name.Replace('_', '-')}"))}." : "");
}
