using System.CommandLine;
using System.Globalization;
using GenMetrics.Evaluation;
using GenMetrics.Metrics.Paired;
using GenMetrics.Reports;
using GenMetrics.Samples;

namespace GenMetrics.Cli.Commands;

/// <summary>
/// The options every paired command shares (outputs, folders, threads) plus one flag per parameter of its registry
/// metric (<c>convention</c> → <c>--convention</c>, an enum's values in kebab case; <c>greyscale</c> → a flag), and
/// the run: metric checked, outputs checked, pairs opened, evaluated, written.
/// </summary>
internal sealed class PairedOptions
{
    private readonly MetricDefinition _definition;
    private readonly List<(MetricParameter Parameter, Option Option)> _parameters = [];

    public PairedOptions(MetricDefinition definition)
    {
        _definition = definition;
        foreach (var p in definition.Parameters) _parameters.Add((p, CreateOption(p)));
        if (IsNetwork) Device = new Option<string>("--device") { Description = "Where the network runs: cpu (the only device of this build).", DefaultValueFactory = _ => "cpu" };
    }

    public Option<string?> Out { get; } = new("--out", "-o", "--json") { Description = "Write the result as JSON to this file (- for standard output, instead of the table)." };

    public Option<string?> PerImage { get; } = new("--per-image") { Description = "Also write each pair's value as CSV (header name,value; pairs in order) to this file (- for standard output)." };

    public Option<bool> Recursive { get; } = new("--recursive", "-r") { Description = "Look for images in sub-folders too (pairs are matched by relative path)." };

    public Option<int?> Threads { get; } = new("--threads") { Description = "Threads for decoding and the metric (and the network's intra-op threads; default: all cores). Results do not depend on it." };

    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "Print no table (errors and warnings still go to stderr)." };

    public Option<string?> Progress { get; } = ProgressDisplay.Option();

    public Option<string>? Device { get; }

    private readonly ReportCliOptions _report = new();

    private bool IsNetwork => _definition.Parameters.Any(p => p.Name == "net");

    public void AddTo(Command command)
    {
        foreach (var (_, option) in _parameters) command.Options.Add(option);
        foreach (var o in (Option[])[Out, PerImage, Recursive, Threads, Quiet, Progress]) command.Options.Add(o);
        if (Device is not null) command.Options.Add(Device);
        _report.AddTo(command);
    }

    /// <summary>Checks the metric's settings and the outputs, opens the pairs, evaluates and writes the result.</summary>
    public int Run(ParseResult p, Func<SampleSourceOptions, IProgress<ExtractionProgress>, ImagePairs> open)
    {
        var display = ProgressDisplay.For(p, Progress, "pairs");
        var metric = CreateMetric(p, display);   // bad values fail here, before any input is read
        var jsonPath = p.GetValue(Out);
        var csvPath = p.GetValue(PerImage);
        if (jsonPath == "-" && csvPath == "-") throw new InputException("--out and --per-image: only one of them can be standard output (-)");
        if (jsonPath is not null and not "-") OutputPath.Check("--out", jsonPath);
        if (csvPath is not null and not "-") OutputPath.Check("--per-image", csvPath);
        var reportPath = _report.Check(p);
        if (Device is not null && p.GetValue(Device) is { } device && !device.Equals("cpu", StringComparison.OrdinalIgnoreCase))
            throw new InputException($"--device {device}: this build runs on the CPU only (--device cpu)");
        using var threads = p.GetValue(Threads) is { } t ? (t < 1 ? throw new InputException($"--threads: must be at least 1, got {t}") : Parallelism.Limit(t)) : null;

        var output = p.InvocationConfiguration.Output;
        var error = p.InvocationConfiguration.Error;
        using var pairs = open(new SampleSourceOptions(Recursive: p.GetValue(Recursive)), display);
        var result = display.Run(() => Evaluator.Evaluate(new EvaluationSet { Pairs = pairs }, [metric], display));
        var values = result.ItemValues.Count > 0 ? result.ItemValues[0].Value : [];
        if (jsonPath == "-") output.WriteLine(ResultJson.Serialize(result));
        else if (jsonPath is not null) ResultJson.WriteFile(jsonPath, result);
        if (csvPath == "-") output.Write(ItemValuesCsv.Serialize(values));
        else if (csvPath is not null) ItemValuesCsv.WriteFile(csvPath, values);
        if (reportPath is not null)
        {
            // Drawn pairs show their one set; matched pairs their two sides, A as the generated images and B as the reference.
            var entry = new ReportEntry(pairs.Name, result)
            {
                GeneratedImages = pairs.SourceA,
                RealImages = pairs.Sampling is null ? pairs.SourceB : null,
            };
            HtmlReport.Write(reportPath, [entry], _report.Options(p, $"GenMetrics: {_definition.Info.Title} of {pairs.Name}"));
        }
        if (!p.GetValue(Quiet) && jsonPath != "-" && csvPath != "-") ResultTable.Write(output, result);
        ResultTable.WriteWarnings(error, result);
        return CliRunner.Ok;
    }

    /// <summary>The metric with the values of the flags given (the registry checks them); LPIPS reports its weights download.</summary>
    private IMetric CreateMetric(ParseResult p, ProgressDisplay download)
    {
        var values = new Dictionary<string, object>();
        foreach (var (parameter, option) in _parameters)
            if (p.GetResult(option) is { Implicit: false }) values[parameter.Name] = Value(p, option, parameter);
        var metric = _definition.Create(values);
        return metric switch
        {
            LpipsMetric m => new LpipsMetric(m.Options with { DownloadProgress = download }),
            LpipsDiversityMetric m => new LpipsDiversityMetric(m.Options with { DownloadProgress = download }),
            _ => metric,
        };
    }

    private static Option CreateOption(MetricParameter p)
    {
        var name = "--" + p.Name.Replace('_', '-');
        var t = p.ValueType;
        // The library says "empty" for a file it resolves itself; on the command line that is leaving the flag out.
        var text = p.Description.Replace("; empty: the weights cache, downloaded once)", ")");
        var description = char.ToUpperInvariant(text[0]) + text[1..] + (t == typeof(bool) ? "" : $" (default: {Show(p.DefaultValue)})");
        if (t == typeof(bool)) return new Option<bool>(name) { Description = description };
        if (t == typeof(int)) return new Option<int?>(name) { Description = description };
        var option = new Option<string?>(name) { Description = description };
        if (t.IsEnum) option.AcceptOnlyFromAmong([.. Enum.GetNames(t).Select(n => n.ToLowerInvariant())]);
        return option;
    }

    private static object Value(ParseResult p, Option option, MetricParameter parameter)
    {
        switch (option)
        {
            case Option<bool> b: return p.GetValue(b);
            case Option<int?> i: return p.GetValue(i)!.Value;
        }
        var text = p.GetValue((Option<string?>)option)!;
        return parameter.ValueType.IsEnum ? Enum.Parse(parameter.ValueType, text, ignoreCase: true) : text;   // one of the accepted names
    }

    private static string Show(object v) => v switch
    {
        Enum e => e.ToString().ToLowerInvariant(),
        string { Length: 0 } => "downloaded into $GENMETRICS_HOME/weights on first use",
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };
}
