using System.Diagnostics;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Metrics;
using GenMetrics.Numerics;
using GenMetrics.Reports;

namespace GenMetrics.Sharding;

/// <summary>
/// One shard's k-NN decisions for <c>prdc</c> and <c>pr</c> (<c>eval --shard</c>): shard i takes part i of the real
/// list and part i of the generated list (<see cref="Shard.Rows"/>), and against the full sets decides
/// (1) the radii of its real samples and, for every generated sample, how many of its real samples' balls hold it
/// (density; precision is "at least one"), and whether each of its real samples' balls holds some generated sample
/// (coverage); (2) the radii of its generated samples and, for every real sample, whether one of its generated
/// samples' balls holds it (recall). Counts add up and flags OR together over the shards into exactly the single run's
/// decisions, hence the same values. In all, the shards do about twice the single run's distance work, evenly split.
/// </summary>
/// <remarks>
/// The file is an .npz holding, per metric (<c>prdc</c>, <c>pr</c>): <c>METRIC_counts</c> (int32, one per generated
/// sample: the shard's real balls that hold it), <c>METRIC_covered</c> and <c>METRIC_recalled</c> (uint8 0/1, one
/// per real sample: its ball holds a generated sample, for the shard's real samples only; it lies in one of the
/// shard's generated samples' balls); and <c>genmetrics_part</c>, whose inputs record the whole real and generated
/// sets (their content hashes) and the samples this shard took of each.
/// </remarks>
public sealed class KnnPart
{
    private readonly List<(string Metric, int[] Counts, byte[] Covered, byte[] Recalled)> _decisions;

    private KnnPart(PartInfo info, List<(string, int[], byte[], byte[])> decisions)
    {
        Info = info;
        _decisions = decisions;
    }

    /// <summary>What the part records about itself.</summary>
    public PartInfo Info { get; }

    /// <summary>
    /// Computes shard <paramref name="shard"/>'s decisions for <paramref name="metrics"/> (<see cref="PrdcMetric"/> and
    /// <see cref="PrMetric"/> only) on the real and generated features of <paramref name="set"/>.
    /// </summary>
    /// <exception cref="InputException">A metric other than prdc or pr (setting <c>shard</c>), a missing input, features
    /// of different dimensions or encoders, or a set with fewer than k + 1 samples.</exception>
    public static KnnPart Compute(EvaluationSet set, IReadOnlyList<IMetric> metrics, Shard shard, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(shard);
        var options = new List<(string Name, PrdcOptions Options)>();
        foreach (var metric in metrics)
            options.Add(metric switch
            {
                PrdcMetric p => ("prdc", p.Options),
                PrMetric p => ("pr", p.Options),
                _ => throw InputException.ForSetting("shard", $"{metric.Info.Name} is not computed per shard: shards of an evaluation compute prdc and pr (for fid, shard stats and merge the statistics)"),
            });
        if (options.Count == 0) throw InputException.ForSetting("metrics", "no metric to compute");
        MetricRegistry.CheckKeys([.. metrics.Select(m => m.Info)]);
        Evaluator.CheckRoles(metrics.Select(m => m.Info), set.Roles);
        var realSet = set.Require(InputRole.Real, options[0].Name);
        var genSet = set.Require(InputRole.Generated, options[0].Name);
        var real = realSet.RequireFeatures(options[0].Name);
        var gen = genSet.RequireFeatures(options[0].Name);
        if (real.Columns != gen.Columns)
            throw new InputException($"{options[0].Name}: real {real.Source} has features of dimension {real.Columns}, but generated {gen.Source} has {gen.Columns}; both sets must come from the same encoder");
        var (pr, pg) = (realSet.Provenance, genSet.Provenance);
        if (pr.Encoder is { } er && pg.Encoder is { } eg && (er.Key != eg.Key || pr.Preprocessing != pg.Preprocessing))
            throw new InputException($"{options[0].Name}: real {real.Source} was encoded by {er} with {pr.Preprocessing}, but generated {gen.Source} by {eg} with {pg.Preprocessing}: features of different encoders or preprocessing are not comparable");
        int n = real.Rows, m = gen.Rows, d = real.Columns;
        var realSq = Knn.SquaredNorms(real.Span, n, d, real.Source);
        var genSq = Knn.SquaredNorms(gen.Span, m, d, gen.Source);
        var (rs, re) = shard.Rows(n);
        var (gs, ge) = shard.Rows(m);
        var decisions = new List<(string, int[], byte[], byte[])>();
        foreach (var (name, o) in options)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Prdc.ValidateOptions(o);
            string why = $"{name} with k = {o.K}";
            if (n < o.K + 1) Internals.Throw.TooFewSamples(real.Source, n, o.K + 1, why);
            if (m < o.K + 1) Internals.Throw.TooFewSamples(gen.Source, m, o.K + 1, why);
            var rule = o.Rule == PrdcRule.Prdc ? BallRule.Strict : BallRule.Inclusive;
            var width = Simd.Best;
            var counts = new int[m];
            var covered = new byte[n];
            var recalled = new byte[n];
            if (re > rs)
            {
                // (1) The shard's real balls against every generated sample.
                var realR2 = Knn.KthSquaredDistancesOf(width, real.Memory, n, d, o.K, realSq, rs, re - rs);
                var slice = real.Memory.Slice(rs * d, (re - rs) * d);
                var c = Knn.Cross(width, slice, re - rs, realSq[rs..re], realR2, gen.Memory, m, genSq, null, d, rule);
                c.YInXBalls.CopyTo(counts, 0);
                for (int i = 0; i < re - rs; i++) covered[rs + i] = c.XBallHit[i] ? (byte)1 : (byte)0;
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (ge > gs)
            {
                // (2) The shard's generated balls against every real sample.
                var genR2 = Knn.KthSquaredDistancesOf(width, gen.Memory, m, d, o.K, genSq, gs, ge - gs);
                var slice = gen.Memory.Slice(gs * d, (ge - gs) * d);
                var c = Knn.Cross(width, real.Memory, n, realSq, null, slice, ge - gs, genSq[gs..ge], genR2, d, rule);
                for (int i = 0; i < n; i++) recalled[i] = c.XInYBalls[i] ? (byte)1 : (byte)0;
            }
            decisions.Add((name, counts, covered, recalled));
        }
        PartInput Input(string role, FeatureSet s, FeatureMatrix f, int start, int end) =>
            new(role, s.Source, start, end, f.Rows, s.Provenance.ContentSha256, s.Provenance.ContentSha256, f.Columns)
            {
                Encoder = s.Provenance.Encoder,
                Preprocessing = s.Provenance.Preprocessing,
                Selection = s.Provenance.Selection,
            };
        var info = new PartInfo(PartKind.Knn, shard, [Input("real", realSet, real, rs, re), Input("generated", genSet, gen, gs, ge)])
        {
            Version = ResultJson.Version,
            Metrics = options.Select(x => new PartMetric(x.Name, x.Options.K)).ToList(),
            Warnings = [.. realSet.Warnings.Concat(genSet.Warnings).Distinct()],
        };
        return new KnnPart(info, decisions);
    }

    /// <summary>Writes the part (.npz, see the remarks), atomically.</summary>
    public void Write(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var arrays = new List<KeyValuePair<string, NpyArray>>();
        foreach (var (metric, counts, covered, recalled) in _decisions)
        {
            arrays.Add(new($"{metric}_counts", NpyArray.From<int>(counts, [counts.Length])));
            arrays.Add(new($"{metric}_covered", NpyArray.From<byte>(covered, [covered.Length])));
            arrays.Add(new($"{metric}_recalled", NpyArray.From<byte>(recalled, [recalled.Length])));
        }
        arrays.Add(new(PartFile.InfoKey, PartFile.InfoArray(Info)));
        Npz.Write(path, arrays);
    }

    internal static MergeReport Merge(List<(string Path, PartInfo Info)> infos, string output, List<string> warnings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var info0 = infos[0].Info;
        var realIn = info0.Input("real");
        var genIn = info0.Input("generated");
        int n = realIn.Total, m = genIn.Total;
        var metrics = info0.Metrics;
        var inside = new long[metrics.Count][];
        var covered = new bool[metrics.Count][];
        var recalled = new bool[metrics.Count][];
        foreach (var (path, info) in infos)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int k = 0; k < metrics.Count; k++)
            {
                var name = metrics[k].Name;
                // Read before allocating: the sizes the record claims are checked against arrays that exist.
                var c = Read(path, $"{name}_counts", m).ToInt32();
                var cv = Read(path, $"{name}_covered", n).ToBytes();
                var rc = Read(path, $"{name}_recalled", n).ToBytes();
                inside[k] ??= new long[m];
                covered[k] ??= new bool[n];
                recalled[k] ??= new bool[n];
                for (int j = 0; j < m; j++)
                {
                    if (c[j] < 0) throw PartFile.Bad(path, $"a negative count in '{name}_counts'");
                    inside[k][j] += c[j];
                }
                for (int i = 0; i < n; i++)
                {
                    covered[k][i] |= cv[i] != 0;
                    recalled[k][i] |= rc[i] != 0;
                }
            }
        }
        var infosOut = new List<MetricInfo>();
        var values = new List<KeyValuePair<string, double>>();
        var settings = new List<KeyValuePair<string, IReadOnlyList<Setting>>>();
        for (int k = 0; k < metrics.Count; k++)
        {
            var (name, kk) = metrics[k];
            bool isPrdc = name == "prdc";
            var o = isPrdc ? new PrdcOptions(kk) : PrdcOptions.TorchFidelity with { K = kk };
            long total = 0;
            int precise = 0;
            foreach (var c in inside[k]) { total += c; if (c > 0) precise++; }
            int cov = covered[k].Count(b => b), rec = recalled[k].Count(b => b);
            var r = PrdcMetric.ToResult(Prdc.FromDecisions(total, precise, rec, cov, n, m, o), o, density: isPrdc);
            infosOut.Add(isPrdc ? PrdcMetric.Definition.Info : PrMetric.Definition.Info);
            values.AddRange(r.Values);
            settings.Add(new(name, [.. r.Settings, Setting.Of("shards", info0.Shard.Count)]));
        }
        Provenance Prov(PartInput i) => new(i.Source, i.Encoder is null ? InputKind.Features : InputKind.Images, i.Total, i.ContentSha256 ?? i.ListSha256)
        {
            Encoder = i.Encoder,
            Preprocessing = i.Preprocessing,
            Selection = i.Selection,
        };
        var result = new EvaluationResult
        {
            Metrics = values,
            MetricInfos = infosOut,
            Inputs = [new InputSummary("generated", Prov(genIn), genIn.Dimension), new InputSummary("real", Prov(realIn), realIn.Dimension)],
            Settings = settings,
            TimingSeconds = [new("merge", clock.Elapsed.TotalSeconds), new("total", clock.Elapsed.TotalSeconds)],
            Warnings = [.. infos.SelectMany(x => x.Info.Warnings).Distinct(), .. warnings],
            Encoder = realIn.Encoder ?? genIn.Encoder,
            Preprocessing = realIn.Encoder is not null ? realIn.Preprocessing : genIn.Preprocessing,
        };
        ResultJson.WriteFile(output, result);
        return new MergeReport(PartKind.Knn, infos.Count, m, realIn.Dimension, warnings) { Result = result };
    }

    private static NpyArray Read(string path, string name, int length)
    {
        var a = Npz.ReadArray(path, name);
        if (a.Shape is not [var l] || l != length) throw PartFile.Bad(path, $"array '{name}' has shape {a.Header.ShapeText}, expected ({length},)");
        return a;
    }
}
