using System.CommandLine;
using GenMetrics.Cli.Commands;
using GenMetrics.Evaluation;
using GenMetrics.Reports;
using GenMetrics.Samples;

namespace GenMetrics.Cli;

/// <summary>
/// <c>--report PATH.html</c> and its settings, for every command that scores a set: the options, their check before
/// any work, and writing the report from the result, its feature sets and the images they came from.
/// </summary>
internal sealed class ReportCliOptions
{
    public Option<string?> Report { get; } = new("--report")
    {
        Description = "Also write an HTML report to this file: summary table with a reading of each value, fidelity-diversity plane, sample grids, nearest training images (copies first), most and least realistic samples, per-class shares, provenance. Self-contained (no script, no network).",
    };

    public Option<int?> Samples { get; } = new("--report-samples") { Description = "With --report: images per sample grid, a seeded random subset (default 32; 0 shows none)." };

    public Option<int?> Seed { get; } = new("--report-seed") { Description = "With --report: the seed that picks the images shown (default 0)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Report);
        command.Options.Add(Samples);
        command.Options.Add(Seed);
    }

    /// <summary>The report path, checked before any work (null without --report; its settings alone are an error).</summary>
    public string? Check(ParseResult p)
    {
        var path = p.GetValue(Report);
        if (path is null)
        {
            if (p.GetValue(Samples) is not null) throw new InputException("--report-samples: needs --report PATH.html");
            if (p.GetValue(Seed) is not null) throw new InputException("--report-seed: needs --report PATH.html");
            return null;
        }
        if (path == "-") throw new InputException("--report -: the report is a file (PATH.html), not standard output");
        if (p.GetValue(Samples) is < 0 or > 1000) throw new InputException($"--report-samples: {p.GetValue(Samples)}, but it must be between 0 and 1000");
        OutputPath.Check("--report", path);
        return path;
    }

    public ReportOptions Options(ParseResult p, string title) => new()
    {
        Title = title,
        Samples = p.GetValue(Samples) ?? 32,
        Seed = p.GetValue(Seed) ?? 0,
    };

    /// <summary>
    /// Writes the report of one evaluation. Image inputs are opened again (as they were read: --recursive,
    /// --skip-invalid) and only the images shown are decoded; a generator's samples are drawn again from its latents.
    /// </summary>
    public void Write(ParseResult p, string path, EvaluationResult result, EvaluationSet set, SampleSourceOptions sourceOptions,
        string? realPath, string? generatedPath, string? trainPath, OnnxGenerator? generator)
    {
        var opened = new List<ISampleSource>();
        ISampleSource? Open(string? input)
        {
            if (input is null || FeatureSet.KindOf(input) != InputKind.Images) return null;
            var s = SampleSources.Open(input, sourceOptions);
            opened.Add(s);
            return s;
        }
        try
        {
            ISampleSource? generated = generator is not null && set.Generated is not null ? generator.Samples() : Open(generatedPath);
            if (generator is not null && generated is not null) opened.Add(generated);
            var entry = new ReportEntry(Path.GetFileName(generatedPath?.TrimEnd('/')) is { Length: > 0 } name ? name : "generated", result)
            {
                Set = set,
                GeneratedImages = generated,
                RealImages = Open(realPath),
                TrainImages = Open(trainPath),
            };
            var title = realPath is null ? $"GenMetrics: {generatedPath}" : $"GenMetrics: {generatedPath} against {realPath}";
            HtmlReport.Write(path, [entry], Options(p, title));
        }
        finally
        {
            foreach (var s in opened) s.Dispose();
        }
    }
}
