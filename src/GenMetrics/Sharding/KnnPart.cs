using System.Diagnostics;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Metrics;
using GenMetrics.Numerics;
using GenMetrics.Reports;

namespace GenMetrics.Sharding;

/// <summary>
/// One shard's per-point results for the k-NN metrics <c>prdc</c>, <c>pr</c>, <c>copies</c>, <c>alpha_precision</c> and <c>ct</c>
/// (<c>eval --shard</c>): shard i takes part i of each list (<see cref="Shard.Rows"/>) and computes, against the full
/// sets, what its points contribute. prdc and pr: (1) the radii of its real samples and, for every generated sample,
/// how many of its real samples' balls hold it (density; precision is "at least one"), and whether each of its real
/// samples' balls holds some generated sample (coverage); (2) the radii of its generated samples and, for every real
/// sample, whether one of its generated samples' balls holds it (recall). copies and authenticity: for each of its
/// generated samples the nearest reference sample (train when given, else real) and the distance, and for each of its
/// reference samples the distance to its nearest other one. alpha_precision: how many of its generated samples lie in
/// each real α-ball, and for every real sample its nearest generated sample among the shard's. ct: the training cells
/// (PCA and seeded k-means on the whole training set, alike in every shard), and for each of its test (real) and
/// generated samples its cell and the distance to the nearest training sample of that cell. Counts add up, flags
/// OR together, per-sample results concatenate and nearest candidates take the minimum over the shards, into exactly
/// the single run's per-point results; <c>merge</c> then runs each metric's own reduction, hence the same values.
/// </summary>
/// <remarks>
/// The file is an .npz holding, for <c>prdc</c> and <c>pr</c> (METRIC): <c>METRIC_counts</c> (int32, one per
/// generated sample: the shard's real balls that hold it), <c>METRIC_covered</c> and <c>METRIC_recalled</c> (uint8 0/1,
/// one per real sample: its ball holds a generated sample, for the shard's real samples only; it lies in one of the
/// shard's generated samples' balls). For <c>copies</c> and <c>alpha_precision</c>: <c>nearest_index</c> (int32) and
/// <c>nearest_d2</c> (float64 squared distance), one per generated sample of the shard, its nearest reference sample;
/// <c>reference_self_d2</c> (float64), one per reference sample of the shard, the squared distance to its nearest other
/// reference sample; for <c>copies</c> of images also <c>generated_names</c> and <c>reference_names</c> (the shard's
/// item names, UTF-8, each followed by a zero byte). For <c>alpha_precision</c>: <c>alpha_precision_inside</c> (int32,
/// one per α: the shard's generated samples within the real α-ball), <c>alpha_precision_nearest</c>,
/// <c>alpha_precision_nearest_d2</c> and <c>alpha_precision_nearest_spread</c> (int32, float64, float32; one per real
/// sample: its nearest generated sample among the shard's, -1 when the shard has none, the squared distance and that
/// sample's distance to the generated mean) and <c>alpha_precision_real_self_d2</c> (float64, one per real sample of the
/// shard: the squared distance to its nearest other real sample). For <c>ct</c>: <c>ct_train_counts</c> (int32, the
/// training samples per cell), <c>ct_kmeans</c> (float64: the k-means inertia and the dimension after PCA), and
/// <c>ct_test_cells</c>, <c>ct_test_distance</c>, <c>ct_generated_cells</c>, <c>ct_generated_distance</c> (int32 and
/// float64, one per test (real) or generated sample of the shard). And <c>genmetrics_part</c>, whose inputs record the
/// whole real, generated and (for copies, alpha_precision and ct) training sets with their content hashes and the
/// samples this shard took of each, and whose metrics record k and the settings.
/// </remarks>
public sealed partial class KnnPart
{
    private readonly List<KeyValuePair<string, NpyArray>> _arrays;

    private KnnPart(PartInfo info, List<KeyValuePair<string, NpyArray>> arrays)
    {
        Info = info;
        _arrays = arrays;
    }

    /// <summary>What the part records about itself.</summary>
    public PartInfo Info { get; }

    /// <summary>
    /// Computes shard <paramref name="shard"/>'s per-point results for <paramref name="metrics"/> (<see cref="PrdcMetric"/>,
    /// <see cref="PrMetric"/>, <see cref="CopiesMetric"/>, <see cref="AlphaPrecisionMetric"/> with the corrected
    /// authenticity and the default centre, and <see cref="DataCopyingMetric"/> with k-means cells) on the real, generated
    /// and (for copies, alpha_precision and ct) training features of <paramref name="set"/>.
    /// </summary>
    /// <exception cref="InputException">Another metric (setting <c>shard</c>), a missing input, features of different
    /// dimensions or encoders, or a set with too few samples for a metric.</exception>
    public static KnnPart Compute(EvaluationSet set, IReadOnlyList<IMetric> metrics, Shard shard, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(shard);
        foreach (var metric in metrics) CheckShardable(metric);
        if (metrics.Count == 0) throw InputException.ForSetting("metrics", "no metric to compute");
        MetricRegistry.CheckKeys([.. metrics.Select(m => m.Info)]);
        Evaluator.CheckRoles(metrics.Select(m => m.Info), set.Roles);
        string name0 = metrics[0].Info.Name;
        var realSet = set.Require(InputRole.Real, name0);
        var genSet = set.Require(InputRole.Generated, name0);
        // The training set matters to copies and alpha_precision (the reference of their neighbours) and ct (its cells) only.
        var trainSet = metrics.Any(m => m is CopiesMetric or AlphaPrecisionMetric or DataCopyingMetric) ? set.Train : null;
        var real = realSet.RequireFeatures(name0);
        var gen = genSet.RequireFeatures(name0);
        var train = trainSet?.RequireFeatures(name0);
        CheckComparable(name0, realSet, real, "generated", genSet, gen);
        if (trainSet is not null) CheckComparable(name0, realSet, real, "train", trainSet, train!);
        var sides = new Sides(real, gen, train, shard, Simd.Best);
        var arrays = new List<KeyValuePair<string, NpyArray>>();
        var recorded = new List<PartMetric>();
        foreach (var metric in metrics)
        {
            cancellationToken.ThrowIfCancellationRequested();
            recorded.Add(metric switch
            {
                PrdcMetric p => AddPrdc(sides, "prdc", p.Options, arrays, cancellationToken),
                PrMetric p => AddPrdc(sides, "pr", p.Options, arrays, cancellationToken),
                CopiesMetric c => AddCopies(sides, c.Options, genSet, trainSet ?? realSet, arrays),
                AlphaPrecisionMetric a => AddAlphaPrecision(sides, a.Options, arrays),
                DataCopyingMetric d => AddDataCopying(sides, d.Options, arrays),
                _ => throw new UnreachableException(),
            });
        }
        PartInput Input(string role, FeatureSet s, FeatureMatrix f)
        {
            var (start, end) = shard.Rows(f.Rows);
            return new(role, s.Source, start, end, f.Rows, s.Provenance.ContentSha256, s.Provenance.ContentSha256, f.Columns)
            {
                Encoder = s.Provenance.Encoder,
                Preprocessing = s.Provenance.Preprocessing,
                Selection = s.Provenance.Selection,
            };
        }
        List<PartInput> inputs = [Input("real", realSet, real), Input("generated", genSet, gen)];
        if (trainSet is not null) inputs.Add(Input("train", trainSet, train!));
        var info = new PartInfo(PartKind.Knn, shard, inputs)
        {
            Version = ResultJson.Version,
            Metrics = recorded,
            // In the single run's order: generated, real, train.
            Warnings = [.. new[] { genSet, realSet, trainSet }.OfType<FeatureSet>().SelectMany(s => s.Warnings).Distinct()],
        };
        return new KnnPart(info, arrays);
    }

    /// <summary>Writes the part (.npz, see the remarks), atomically.</summary>
    public void Write(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Npz.Write(path, [.. _arrays, new(PartFile.InfoKey, PartFile.InfoArray(Info))]);
    }

    private static void CheckShardable(IMetric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        switch (metric)
        {
            case PrdcMetric or PrMetric or CopiesMetric:
                return;
            case DataCopyingMetric { Options.CellLabels: not null }:
                throw InputException.ForSetting("shard", "ct with cells from a file (ct_cell_labels) is not computed per shard; shards compute the k-means cells");
            case DataCopyingMetric:
                return;
            case AlphaPrecisionMetric { Options.Authenticity: AuthenticityRule.MainBranch }:
                throw InputException.ForSetting("shard", "alpha_precision with authenticity_rule main-branch is not computed per shard (that rule looks reference samples up by generated indices); shards compute the corrected rule");
            case AlphaPrecisionMetric { Options.Center: not null }:
                throw InputException.ForSetting("shard", "alpha_precision with a given centre is not computed per shard; shards compute it around the real mean");
            case AlphaPrecisionMetric:
                return;
            default:
                throw InputException.ForSetting("shard", $"{metric.Info.Name} is not computed per shard: shards of an evaluation compute prdc, pr, copies, alpha_precision and ct (for fid, shard stats and merge the statistics)");
        }
    }

    private static void CheckComparable(string metric, FeatureSet aSet, FeatureMatrix a, string bRole, FeatureSet bSet, FeatureMatrix b)
    {
        if (a.Columns != b.Columns)
            throw new InputException($"{metric}: real {a.Source} has features of dimension {a.Columns}, but {bRole} {b.Source} has {b.Columns}; both sets must come from the same encoder");
        var (pa, pb) = (aSet.Provenance, bSet.Provenance);
        if (pa.Encoder is { } ea && pb.Encoder is { } eb && (ea.Key != eb.Key || pa.Preprocessing != pb.Preprocessing))
            throw new InputException($"{metric}: real {a.Source} was encoded by {ea} with {pa.Preprocessing}, but {bRole} {b.Source} by {eb} with {pb.Preprocessing}: features of different encoders or preprocessing are not comparable");
    }

    /// <summary>The whole sets, their squared norms and the rows this shard takes of each; what several metrics share.</summary>
    private sealed class Sides(FeatureMatrix real, FeatureMatrix generated, FeatureMatrix? train, Shard shard, SimdWidth width)
    {
        private double[]? _realSq, _genSq, _trainSq, _realSelf;

        public FeatureMatrix Real => real;
        public FeatureMatrix Generated => generated;
        public FeatureMatrix? Train => train;
        public SimdWidth Width => width;
        public int D => real.Columns;
        public (int Start, int End) RealRows => shard.Rows(real.Rows);
        public (int Start, int End) GeneratedRows => shard.Rows(generated.Rows);
        public double[] RealSq => _realSq ??= Knn.SquaredNorms(real.Span, real.Rows, D, real.Source);
        public double[] GenSq => _genSq ??= Knn.SquaredNorms(generated.Span, generated.Rows, D, generated.Source);
        public double[]? TrainSq => train is null ? null : _trainSq ??= Knn.SquaredNorms(train.Span, train.Rows, D, train.Source);

        /// <summary>The reference of copies and authenticity: the training set when given, else the real set.</summary>
        public FeatureMatrix Reference => train ?? real;
        public double[] ReferenceSq => TrainSq ?? RealSq;
        public (int Start, int End) ReferenceRows => shard.Rows(Reference.Rows);

        /// <summary>The shard's generated samples, without copying.</summary>
        public FeatureMatrix GeneratedSlice
        {
            get
            {
                var (gs, ge) = GeneratedRows;
                return new FeatureMatrix(generated.Memory.Slice(gs * D, (ge - gs) * D), ge - gs, D, generated.Source);
            }
        }

        /// <summary>Each of the shard's real samples' squared distance to its nearest other real sample.</summary>
        public double[] RealSelf
        {
            get
            {
                var (rs, re) = RealRows;
                return _realSelf ??= Knn.KthSquaredDistancesOf(width, real.Memory, real.Rows, D, 1, RealSq, rs, re - rs);
            }
        }
    }

    internal static MergeReport Merge(List<(string Path, PartInfo Info)> infos, string output, List<string> warnings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var info0 = infos[0].Info;
        var realIn = info0.Input("real");
        var genIn = info0.Input("generated");
        var trainIn = info0.Inputs.FirstOrDefault(i => i.Role == "train");
        var infosOut = new List<MetricInfo>();
        var values = new List<KeyValuePair<string, double>>();
        var settings = new List<KeyValuePair<string, IReadOnlyList<Setting>>>();
        var details = new List<KeyValuePair<string, System.Text.Json.Nodes.JsonObject>>();
        var metricWarnings = new List<string>();
        foreach (var metric in info0.Metrics)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (info, r) = MergeMetric(infos, metric);
            infosOut.Add(info);
            values.AddRange(r.Values);
            settings.Add(new(metric.Name, [.. r.Settings, Setting.Of("shards", info0.Shard.Count)]));
            if (r.Details is { } d) details.Add(new(metric.Name, d));
            metricWarnings.AddRange(r.Warnings);
        }
        Provenance Prov(PartInput i) => new(i.Source, i.Encoder is null ? InputKind.Features : InputKind.Images, i.Total, i.ContentSha256 ?? i.ListSha256)
        {
            Encoder = i.Encoder,
            Preprocessing = i.Preprocessing,
            Selection = i.Selection,
        };
        // In the single run's order: generated, real, train.
        List<InputSummary> inputs = [new("generated", Prov(genIn), genIn.Dimension), new("real", Prov(realIn), realIn.Dimension)];
        if (trainIn is not null) inputs.Add(new("train", Prov(trainIn), trainIn.Dimension));
        var result = new EvaluationResult
        {
            Metrics = values,
            MetricInfos = infosOut,
            Inputs = inputs,
            Settings = settings,
            Details = details,
            TimingSeconds = [new("merge", clock.Elapsed.TotalSeconds), new("total", clock.Elapsed.TotalSeconds)],
            Warnings = [.. infos.SelectMany(x => x.Info.Warnings).Distinct(), .. metricWarnings, .. warnings],
            Encoder = realIn.Encoder ?? genIn.Encoder,
            Preprocessing = realIn.Encoder is not null ? realIn.Preprocessing : genIn.Preprocessing,
        };
        ResultJson.WriteFile(output, result);
        return new MergeReport(PartKind.Knn, infos.Count, genIn.Total, realIn.Dimension, warnings) { Result = result };
    }

    /// <summary>
    /// One metric's merge. Its reduction runs on what the parts hold, so an error there (a cell left empty, a setting out
    /// of range) may come from a damaged part: a message that names no part gets the parts' names in front.
    /// </summary>
    private static (MetricInfo Info, MetricResult Result) MergeMetric(List<(string Path, PartInfo Info)> infos, PartMetric metric)
    {
        try
        {
            return metric.Name switch
            {
                "prdc" or "pr" => MergePrdc(infos, metric),
                "copies" => MergeCopies(infos, metric),
                "alpha_precision" => MergeAlphaPrecision(infos, metric),
                "ct" => MergeDataCopying(infos, metric),
                var other => throw PartFile.Bad(infos[0].Path, $"holds results of '{other}', which this GenMetrics does not merge"),
            };
        }
        catch (InputException e) when (!infos.Any(p => e.Message.Contains(p.Path, StringComparison.Ordinal)))
        {
            throw new InputException($"{string.Join(", ", infos.Select(p => p.Path))}: {e.Message}", e);
        }
    }

    /// <summary>The arrays one after the other.</summary>
    private static T[] Concat<T>(List<T[]> parts)
    {
        var all = new T[parts.Sum(p => (long)p.Length)];
        long at = 0;
        foreach (var p in parts)
        {
            p.CopyTo(all, at);
            at += p.Length;
        }
        return all;
    }

    /// <summary>A part's array of one dimension and <paramref name="length"/> values; a clear error when it is missing.</summary>
    private static NpyArray Read(string path, string name, int length, string metric)
    {
        if (!Npz.Has(path, name)) throw PartFile.Bad(path, $"no array '{name}', which {metric} needs");
        var a = Npz.ReadArray(path, name);
        if (a.Shape is not [var l] || l != length) throw PartFile.Bad(path, $"array '{name}' has shape {a.Header.ShapeText}, expected ({length},)");
        return a;
    }
}
