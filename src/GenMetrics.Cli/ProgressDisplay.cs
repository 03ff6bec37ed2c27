using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using Spectre.Console;

namespace GenMetrics.Cli;

/// <summary>How progress is shown: live bars (a terminal), a plain line every few seconds (logs), or nothing.</summary>
internal enum ProgressMode { Bar, Plain, None }

/// <summary>
/// Progress of every long stage on standard error: decoding and encoding each input (items/s, ETA), each metric,
/// weights downloads (bytes/s, and a line at once while waiting for a server or another process). On a terminal,
/// Spectre.Console progress bars; otherwise (a log from Slurm, nohup, CI) a plain line when a stage starts, every
/// 10 seconds while it runs, and when it ends; or nothing (<c>--progress none</c>). Thread-safe: extraction
/// reports from worker threads.
/// </summary>
internal sealed class ProgressDisplay : IProgress<ExtractionProgress>, IProgress<DownloadProgress>, IProgress<string>
{
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(10);
    private readonly object _lock = new();
    private readonly TextWriter _error;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, Stage> _stages = [];
    private ProgressContext? _bars;
    private Stage? _metric;

    private sealed class Stage(string name)
    {
        public string Name { get; } = name;
        public TimeSpan Started { get; set; }
        public TimeSpan? LastLine { get; set; }
        public bool Done { get; set; }
        public ProgressTask? Bar { get; set; }
        public ProgressTask? Decode { get; set; }
    }

    private readonly string _unit, _doing, _done;

    /// <param name="error">Where progress goes.</param>
    /// <param name="mode">Bars, plain lines or nothing.</param>
    /// <param name="unit">What the items are: "images", or "pairs" for the paired metrics.</param>
    public ProgressDisplay(TextWriter error, ProgressMode mode, string unit = "images")
    {
        _error = error;
        Mode = mode;
        _unit = unit;
        (_doing, _done) = unit == "images" ? ("decoding and encoding", "decoded and encoded") : ("decoding and scoring", "decoded and scored");
    }

    public ProgressMode Mode { get; }

    public static Option<string?> Option() => new("--progress")
    {
        Description = "How progress shows on standard error: bar (live bars; the default on a terminal), plain (a line per stage and every 10 s; the default otherwise, e.g. in a Slurm or nohup log) or none.",
    };

    public static ProgressDisplay For(ParseResult p, Option<string?> option, string unit = "images")
    {
        var error = p.InvocationConfiguration.Error;
        bool terminal = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
        var mode = p.GetValue(option)?.Trim().ToLowerInvariant() switch
        {
            null => terminal ? ProgressMode.Bar : ProgressMode.Plain,
            "bar" => terminal ? ProgressMode.Bar : ProgressMode.Plain,   // bars need a terminal
            "plain" => ProgressMode.Plain,
            "none" => ProgressMode.None,
            var other => throw new InputException($"--progress {other}: expected bar, plain or none"),
        };
        return new ProgressDisplay(error, mode, unit);
    }

    /// <summary>Runs the work with live bars (bar mode) or as it is; the result is printed by the caller afterwards.</summary>
    public T Run<T>(Func<T> work)
    {
        if (Mode != ProgressMode.Bar) return Finish(work());
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(_error) });
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                lock (_lock) _bars = ctx;
                try { return Finish(work()); }
                finally { lock (_lock) _bars = null; }
            });
    }

    private T Finish<T>(T result)
    {
        lock (_lock) EndMetric();
        return result;
    }

    public void Report(ExtractionProgress p)
    {
        lock (_lock)
        {
            var stage = Get("images " + p.Source);
            if (stage.Done) return;
            bool final = p.Done == p.Total;
            if (p.Cached)
            {
                Line(stage, $"{p.Source}: {p.Total} {_unit}: features from the cache");
                if (stage.Bar is null && _bars is not null) stage.Bar = _bars.AddTask(Markup.Escape($"encode {Short(p.Source)} (cached)"), maxValue: 1).Value(1);
                stage.Done = true;
                return;
            }
            if (_bars is not null)
            {
                stage.Decode ??= _bars.AddTask(Markup.Escape($"decode {Short(p.Source)}"), maxValue: p.Total);
                stage.Bar ??= _bars.AddTask(Markup.Escape($"encode {Short(p.Source)}"), maxValue: p.Total);
                stage.Decode.Value = Math.Max(p.Decoded, p.Done);
                stage.Bar.Value = p.Done;
                stage.Bar.Description = Markup.Escape($"encode {Short(p.Source)} {p.ItemsPerSecond:F1} {_unit}/s");
            }
            var elapsed = _clock.Elapsed - stage.Started;
            if (final)
            {
                Line(stage, $"{p.Source}: {p.Total} {_unit} {_done} in {Clock(elapsed)} ({p.Total / Math.Max(elapsed.TotalSeconds, 1e-9):F1} {_unit}/s)");
                stage.Done = true;
            }
            else if (p.Done == 0) Line(stage, $"{p.Source}: {_doing} {p.Total} {_unit}");
            else if (stage.LastLine is null || _clock.Elapsed - stage.LastLine >= PlainInterval)
                Line(stage, $"{p.Source}: {p.Done}/{p.Total} {_unit}, {p.Decoded} decoded, {p.ItemsPerSecond:F1} {_unit}/s, ETA {Clock(p.Remaining)}");
        }
    }

    public void Report(DownloadProgress p)
    {
        lock (_lock)
        {
            var stage = Get("weights " + p.Name + " " + p.Stage);
            var elapsed = _clock.Elapsed - stage.Started;
            string mb(long bytes) => (bytes / 1e6).ToString("F1", CultureInfo.InvariantCulture);
            string text = p.Stage switch
            {
                DownloadStage.Waiting => $"weights {p.Name}: waiting for another process that is downloading them",
                DownloadStage.Connecting => $"weights {p.Name}: connecting to {p.Url}{(p.Bytes > 0 ? $" (resuming at {mb(p.Bytes)} MB)" : "")}",
                DownloadStage.Downloading => $"weights {p.Name}: {mb(p.Bytes)}{(p.TotalBytes is { } t ? $" of {mb(t)}" : "")} MB, {p.Bytes / 1e6 / Math.Max(elapsed.TotalSeconds, 1e-9):F1} MB/s",
                _ => $"weights {p.Name}: checking the SHA-256, {mb(p.Bytes)}{(p.TotalBytes is { } h ? $" of {mb(h)}" : "")} MB",
            };
            if (_bars is not null)
            {
                stage.Bar ??= _bars.AddTask(Markup.Escape($"weights {p.Name} {p.Stage.ToString().ToLowerInvariant()}"), maxValue: p.TotalBytes ?? 1);
                if (p.TotalBytes is { } total) { stage.Bar.MaxValue = total; stage.Bar.Value = p.Bytes; }
                else stage.Bar.IsIndeterminate = true;
            }
            bool first = stage.LastLine is null;
            if (first || _clock.Elapsed - stage.LastLine >= PlainInterval || (p.TotalBytes is { } all && p.Bytes >= all && !stage.Done))
            {
                Line(stage, text);
                if (p.TotalBytes is { } whole && p.Bytes >= whole) stage.Done = true;
            }
        }
    }

    /// <summary>A metric starts (the previous one, if any, has ended).</summary>
    public void Report(string metric)
    {
        lock (_lock)
        {
            EndMetric();
            _metric = Get("metric " + metric);
            _metric.Bar = _bars?.AddTask(Markup.Escape($"metric {metric}"), maxValue: 1).IsIndeterminate();
            Line(_metric, $"metric {metric}: computing");
        }
    }

    private void EndMetric()
    {
        if (_metric is null) return;
        var took = _clock.Elapsed - _metric.Started;
        if (_metric.Bar is { } bar)
        {
            bar.IsIndeterminate = false;
            bar.Value = 1;
            bar.StopTask();
        }
        Line(_metric, $"{_metric.Name}: done in {Clock(took)}");
        _metric = null;
    }

    private Stage Get(string key)
    {
        if (!_stages.TryGetValue(key, out var s)) _stages[key] = s = new Stage(key) { Started = _clock.Elapsed };
        return s;
    }

    // Plain mode writes lines; bar mode shows the same through its bars.
    private void Line(Stage stage, string text)
    {
        stage.LastLine = _clock.Elapsed;
        if (Mode == ProgressMode.Plain) _error.WriteLine($"[{Clock(_clock.Elapsed)}] {text}");
    }

    private static string Short(string source) => source.Length <= 40 ? source : "..." + source[^37..];

    private static string Clock(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:D2}:{t.Seconds:D2}" : $"{t.Minutes:D2}:{t.Seconds:D2}";
}
