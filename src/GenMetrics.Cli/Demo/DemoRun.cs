using System.Diagnostics;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Imaging;
using GenMetrics.Reports;
using GenMetrics.Samples;

namespace GenMetrics.Cli.Demo;

/// <summary>
/// One scored set: the set, its features and its result (with bootstrap intervals on FID, precision and density), and
/// its FID through the FID Inception when those weights were at hand.
/// </summary>
internal sealed record DemoScore(DemoSet Set, FeatureSet Features, EvaluationSet Evaluated, EvaluationResult Result)
{
    public EvaluationResult? Inception { get; init; }
}

/// <summary>The demo's scoring: every set through one encoder, every metric that applies, intervals on the main ones.</summary>
internal sealed class DemoRun(IProgress<ExtractionProgress>? extraction, IProgress<string>? metrics)
{
    /// <summary>The metrics computed on every set (fid_per_class and the paired metrics do not apply; cfid needs conditions).</summary>
    public static readonly string[] Metrics = ["fid", "kid", "prdc", "ct", "alpha_precision", "copies", "modes", "vendi"];

    public const int BootstrapReplicates = 100;

    public FeatureSet Real { get; private set; } = null!;
    public FeatureSet Train { get; private set; } = null!;
    public ClassLabels RealLabels { get; private set; } = null!;
    public double Seconds { get; private set; }

    public List<DemoScore> Score(IEncoder encoder, DemoData data, IReadOnlyList<DemoSet> sets, string[]? metricNames = null, int bootstrap = BootstrapReplicates)
    {
        var clock = Stopwatch.StartNew();
        Real = Extract(encoder, data.Real, "real (test)");
        Train = Extract(encoder, data.Train, "train");
        RealLabels = ClassLabels.FromNames([.. data.RealLabels.Select(l => DemoData.ClassNames[l])], "test labels");
        var definitions = MetricRegistry.Default.Resolve(metricNames ?? Metrics);
        var scores = new List<DemoScore>();
        foreach (var s in sets)
        {
            var generated = Extract(encoder, s.Images, s.Name);
            var set = new EvaluationSet
            {
                Real = Real,
                Generated = generated,
                Train = Train,
                RealLabels = RealLabels,
                GeneratedLabels = s.Labels is null ? null : ClassLabels.FromNames(s.Labels, s.Name + " labels"),
            };
            var created = definitions.Select(d => d.Info.Name == "kid"
                ? d.Create(new Dictionary<string, object> { ["kid_clamp_subset_size"] = true })
                : d.Create()).ToList();
            var result = Evaluator.Evaluate(set, created, metrics);
            if (bootstrap > 0 && created.Any(m => m.Info.Name is "fid" or "prdc"))
            {
                // Intervals on the main values only: the other metrics' replicates would cost more than the demo's budget.
                var main = created.Where(m => m.Info.Name is "fid" or "prdc").ToList();
                var boot = Evaluator.Evaluate(new EvaluationSet { Real = Real, Generated = generated }, main, new BootstrapOptions(bootstrap), metrics);
                result = new EvaluationResult
                {
                    Metrics = result.Metrics, MetricInfos = result.MetricInfos, Inputs = result.Inputs, Settings = result.Settings, Details = result.Details,
                    ItemValues = result.ItemValues, TimingSeconds = result.TimingSeconds, Warnings = result.Warnings, Encoder = result.Encoder,
                    Preprocessing = result.Preprocessing, Intervals = boot.Intervals, Bootstrap = boot.Bootstrap,
                };
            }
            scores.Add(new DemoScore(s, generated, set, result));
        }
        Seconds = clock.Elapsed.TotalSeconds;
        return scores;
    }

    /// <summary>The scores with each set's FID through <paramref name="inception"/> (the FID Inception) against the real set.</summary>
    public List<DemoScore> WithInceptionFid(IEncoder inception, DemoData data, IReadOnlyList<DemoScore> scores)
    {
        var clock = Stopwatch.StartNew();
        var real = Extract(inception, data.Real, "real (test)");
        var fid = MetricRegistry.Default.Resolve(["fid"]);
        var result = scores.Select(s => s with
        {
            Inception = Evaluator.Evaluate(new EvaluationSet { Real = real, Generated = Extract(inception, s.Set.Images, s.Set.Name) }, [fid[0].Create()], metrics),
        }).ToList();
        Seconds += clock.Elapsed.TotalSeconds;
        return result;
    }

    private FeatureSet Extract(IEncoder encoder, IReadOnlyList<RgbImage> images, string name)
    {
        using var source = SampleSources.FromImages(images, name);
        return FeatureExtractor.Extract(source, encoder, new ExtractionOptions { UseCache = false }, extraction);
    }
}
