using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Reports;
using GenMetrics.Samples;
using GenMetrics.Tracking;
using Spectre.Console;

namespace GenMetrics.Cli.Commands;

/// <summary>
/// <c>genmetrics track add|list|best|report</c>: checkpoints of training runs scored and kept in a run database
/// (SQLite, <c>$GENMETRICS_HOME/runs.db</c> or <c>--db</c>), the W&amp;B workflow without a service. <c>add</c> goes
/// through <see cref="RunTracker"/>, so a training loop that logs through the library writes the same rows.
/// </summary>
internal static class TrackCommand
{
    public static Command Create() => new("track", OutputPath.Help(
        "Track checkpoints of training runs: score each checkpoint's samples, keep the results in a run database, pick the best step, write a report.",
        "genmetrics track add --run gan --step 5000 samples_5000/ --real real/ -e random-cnn   # score one checkpoint",
        "genmetrics track add --run gan --step 6000 samples_6000/                              # later steps reuse the run's real set and encoder",
        "genmetrics track list --run gan                                                       # every step's values",
        "genmetrics track best --run gan --metric fid --json                                   # {\"run\", \"step\", \"metric\", \"value\"}",
        "genmetrics track report --run gan -o gan.html                                         # curves, best step, samples per step"))
    {
        Add(), List(), Best(), Report(),
    };

    private static Option<string?> Db() => new("--db") { Description = "The run database (SQLite; default $GENMETRICS_HOME/runs.db, created when missing)." };

    private static Option<string> RunOption(bool required = true) => new("--run") { Description = "The run's name.", Required = required };

    private static Command Add()
    {
        var samples = new Argument<string>("samples") { Description = "The checkpoint's samples: an image folder, .zip, uint8 .npy/.npz, IDX file, an ONNX generator (.onnx, with --num-samples), or features (.npy/.npz, with --encoder none)." };
        var db = Db();
        var run = RunOption();
        var step = new Option<long>("--step") { Description = "The checkpoint's step (training iteration, epoch).", Required = true };
        var real = new Option<string?>("--real") { Description = "The real set (images, features or statistics). Needed for a run's first step; later steps reuse the run's (another real set is an error)." };
        var encoder = new Option<string?>("--encoder", "-e") { Description = "Feature extractor: " + string.Join("; ", EncoderRegistry.Known.Select(k => k.Syntax)) + "; or none (features given). Default: the run's; for a new run inception, or none when the samples are features." };
        var protocol = new Option<string?>("--protocol", "-p") { Description = "inception: tf (default), pytorch-fid or clean." };
        var weights = new Option<string?>("--weights") { Description = "inception: the FID Inception weights (.pth)." };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Look for images in sub-folders too." };
        var noCache = new Option<bool>("--no-cache") { Description = "Do not read or write the feature cache (the real set's features are cached across steps by default)." };
        var numSamples = new Option<int?>("--num-samples", "-n") { Description = "Use the first N samples of the checkpoint's samples; with an ONNX generator, how many samples to draw." };
        var realNum = new Option<int?>("--real-num-samples") { Description = "Use the first N samples of the real set (default: all; every step of a run uses the same)." };
        var batch = new Option<int?>("--batch-size") { Description = "Images per network run." };
        var threads = new Option<int?>("--threads") { Description = "Threads (default: all cores)." };
        var thumbnails = new Option<int>("--thumbnails") { Description = "Samples in the step's stored thumbnail grid (0: none).", DefaultValueFactory = _ => 16 };
        var replace = new Option<bool>("--replace") { Description = "Score the step again when the run already has it." };
        var json = new Option<bool>("--json") { Description = "Print the stored row as one JSON object {\"run\", \"step\", \"metrics\"} instead of a line." };
        var progress = ProgressDisplay.Option();
        var metricOptions = new MetricOptions(MetricRegistry.Default);
        var generatorOptions = new GeneratorCliOptions(metricOptions.FlagOf("seed") as Option<long?>);
        var cmd = new Command("add", OutputPath.Help("Score one checkpoint's samples against the run's real set and store the result, its metric values and a thumbnail grid as one row.",
            "genmetrics track add --run gan --step 5000 samples/ --real real/ -e random-cnn -m fid,prdc",
            "genmetrics track add --run gan --step 5000 G_5000.onnx -n 5000",
            "genmetrics track add --run feats --step 3 fake.npy --real real.npy --encoder none"))
        {
            samples, db, run, step, real, realNum, encoder, protocol, weights, recursive, noCache, numSamples, batch, threads, thumbnails, replace, json, progress,
        };
        metricOptions.AddTo(cmd);
        generatorOptions.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var path = p.GetValue(samples)!;
            var runName = p.GetValue(run)!;
            bool generator = GeneratorCliOptions.IsGenerator(path);
            var metrics = metricOptions.Create(p, "fid,prdc", generator ? ["seed"] : null);
            using var limit = p.GetValue(threads) is { } t ? (t < 1 ? throw new InputException($"--threads: must be at least 1, got {t}") : Parallelism.Limit(t)) : null;
            var database = RunDatabase.Open(p.GetValue(db));
            var existing = database.Runs().FirstOrDefault(r => r.Name == runName);
            var realPath = p.GetValue(real) ?? existing?.Real
                ?? throw new InputException($"--real: run '{runName}' has no steps yet in {database.Path}: give the real set its steps are scored against");
            var spec = p.GetValue(encoder) ?? EncoderOf(existing) ?? (FeatureSet.KindOf(path) == InputKind.Features && !generator ? "none" : "inception");
            if (p.GetValue(numSamples) is < 1) throw new InputException($"--num-samples: must be at least 1, got {p.GetValue(numSamples)}");
            var display = ProgressDisplay.For(p, progress);
            var options = new RunTrackerOptions
            {
                Database = database.Path,
                Real = realPath,
                ConfiguredMetrics = metrics,
                Encoder = spec,
                EncoderOptions = new EncoderOptions
                {
                    Weights = p.GetValue(weights),
                    Protocol = p.GetValue(protocol) is { } name ? Protocols.Protocol.Get(name) : null,
                    BatchSize = p.GetValue(batch),
                    DownloadProgress = display,
                },
                Extraction = new ExtractionOptions
                {
                    Source = new SampleSourceOptions(p.GetValue(recursive)),
                    Samples = p.GetValue(numSamples) is { } n && !generator ? new SampleSelection(n) : null,
                    UseCache = !p.GetValue(noCache),
                },
                RealSelection = p.GetValue(realNum) is { } rn ? (rn < 1 ? throw new InputException($"--real-num-samples: must be at least 1, got {rn}") : new SampleSelection(rn)) : null,
                Generator = generator ? generatorOptions.Create(p, p.GetValue(numSamples)) : null,
                ThumbnailSamples = p.GetValue(thumbnails),
                Replace = p.GetValue(replace),
                Progress = display,
                MetricProgress = display,
            };
            using var tracker = RunTracker.Open(runName, options);
            var row = display.Run(() => tracker.Add(p.GetValue(step), path));
            var o = p.InvocationConfiguration.Output;
            if (p.GetValue(json))
                o.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["run"] = row.Run,
                    ["step"] = row.Step,
                    ["metrics"] = row.Metrics.ToDictionary(m => m.Key, m => m.Value),
                }));
            else
                o.WriteLine($"run {row.Run}, step {row.Step}: " + string.Join(", ", row.Metrics.Select(m => $"{m.Key} {(m.Value is { } v ? ResultTable.Format(v) : "null")}")) + $" ({row.Count} samples; {database.Path})");
            return CliRunner.Ok;
        });
        return cmd;
    }

    private static string? EncoderOf(RunSummary? run)
    {
        if (run is null) return null;
        if (run.Encoder.Length == 0) return "none";
        var id = EncoderId.FromKey(run.Encoder);
        return id.Name == "random-cnn" && id.Variant is { } v && v.StartsWith("seed=", StringComparison.Ordinal) ? "random-cnn:" + v["seed=".Length..] : id.Name is "inception" or "random-cnn" ? id.Name : null;
    }

    private static Command List()
    {
        var db = Db();
        var run = RunOption(required: false);
        var json = new Option<bool>("--json") { Description = "Print JSON: an array of runs, or of the run's steps ({\"step\", \"metrics\", \"samples\", \"added_utc\"})." };
        var cmd = new Command("list", "List the runs of the database, or with --run every step of one run with its values.") { db, run, json };
        cmd.SetAction(p =>
        {
            var database = RunDatabase.Open(p.GetValue(db));
            var o = p.InvocationConfiguration.Output;
            var console = ResultTable.ConsoleFor(o);
            if (p.GetValue(run) is not { } name)
            {
                var runs = database.Runs();
                if (p.GetValue(json))
                {
                    o.WriteLine(JsonSerializer.Serialize(runs.Select(r => new Dictionary<string, object?>
                    {
                        ["run"] = r.Name, ["steps"] = r.Steps, ["first_step"] = r.FirstStep, ["last_step"] = r.LastStep, ["real"] = r.Real, ["encoder"] = r.Encoder.Split('|')[0], ["created_utc"] = r.CreatedUtc,
                    })));
                    return CliRunner.Ok;
                }
                if (runs.Count == 0)
                {
                    o.WriteLine($"no runs in {database.Path}");
                    return CliRunner.Ok;
                }
                var table = new Table().Border(TableBorder.Rounded).AddColumn("run").AddColumn(new TableColumn("steps").RightAligned()).AddColumn(new TableColumn("first").RightAligned())
                    .AddColumn(new TableColumn("last").RightAligned()).AddColumn("real").AddColumn("encoder");
                foreach (var r in runs)
                    table.AddRow(Markup.Escape(r.Name), I(r.Steps), I(r.FirstStep), I(r.LastStep), Markup.Escape(r.Real), Markup.Escape(r.Encoder.Length == 0 ? "none" : r.Encoder.Split('|')[0]));
                console.Write(table);
                return CliRunner.Ok;
            }
            var steps = database.Steps(name);
            if (p.GetValue(json))
            {
                o.WriteLine(JsonSerializer.Serialize(steps.Select(s => new Dictionary<string, object?>
                {
                    ["step"] = s.Step, ["metrics"] = s.Metrics.ToDictionary(m => m.Key, m => m.Value), ["samples"] = s.Samples, ["count"] = s.Count, ["added_utc"] = s.AddedUtc,
                })));
                return CliRunner.Ok;
            }
            var keys = steps.SelectMany(s => s.Metrics.Select(m => m.Key)).Distinct().ToList();
            var t = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("step").RightAligned());
            foreach (var k in keys) t.AddColumn(new TableColumn(k).RightAligned());
            t.AddColumn("samples");
            foreach (var s in steps)
                t.AddRow([I(s.Step), .. keys.Select(k => s[k] is { } v ? ResultTable.Format(v) : "-"), Markup.Escape($"{s.Samples} (N={s.Count})")]);
            console.Write(t);
            return CliRunner.Ok;
        });
        return cmd;
    }

    private static Command Best()
    {
        var db = Db();
        var run = RunOption();
        var metric = new Option<string>("--metric") { Description = "The metric key (fid, kid_mean, precision, ...): lowest or highest by the registry's direction.", DefaultValueFactory = _ => "fid" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object {\"run\", \"step\", \"metric\", \"value\"} on standard output." };
        var cmd = new Command("best", "The best step of a run by one metric, in the direction the metric registry gives it (the earliest step on a tie).") { db, run, metric, json };
        cmd.SetAction(p =>
        {
            var database = RunDatabase.Open(p.GetValue(db));
            var best = database.Best(p.GetValue(run)!, p.GetValue(metric)!);
            var o = p.InvocationConfiguration.Output;
            if (p.GetValue(json))
                o.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["run"] = best.Run, ["step"] = best.Step, ["metric"] = best.Metric, ["value"] = best.Value }));
            else
            {
                var direction = MetricRegistry.Default.Definitions.SelectMany(d => d.Info.Keys).FirstOrDefault(k => k.Name == best.Metric)?.Direction;
                o.WriteLine($"run {best.Run}: best step {best.Step} by {best.Metric} ({(direction == KeyDirection.HigherIsBetter ? "higher" : "lower")} is better): {ResultTable.Format(best.Value)}");
            }
            return CliRunner.Ok;
        });
        return cmd;
    }

    private static Command Report()
    {
        var db = Db();
        var run = RunOption();
        var output = new Option<string>("--out", "-o") { Description = "The HTML report to write.", Required = true };
        var cmd = new Command("report", "Write a run's HTML report: every metric over steps with the best step marked, the steps on the fidelity-diversity plane, each step's samples side by side, provenance.") { db, run, output };
        cmd.SetAction(p =>
        {
            var path = p.GetValue(output)!;
            if (path == "-") throw new InputException("--out -: the report is a file (PATH.html), not standard output");
            OutputPath.Check("--out", path);
            var database = RunDatabase.Open(p.GetValue(db));
            database.WriteReport(p.GetValue(run)!, path);
            p.InvocationConfiguration.Output.WriteLine($"wrote {path}");
            return CliRunner.Ok;
        });
        return cmd;
    }

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
}
