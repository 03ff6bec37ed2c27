using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Metrics;
using GenMetrics.Numerics;

namespace GenMetrics.Sharding;

public sealed partial class KnnPart
{
    /// <summary>prdc or pr: the shard's real balls against every generated sample, its generated balls against every real sample.</summary>
    private static PartMetric AddPrdc(Sides s, string name, PrdcOptions o, List<KeyValuePair<string, NpyArray>> arrays, CancellationToken cancellationToken)
    {
        var (real, gen, d) = (s.Real, s.Generated, s.D);
        int n = real.Rows, m = gen.Rows;
        Prdc.ValidateOptions(o);
        string why = $"{name} with k = {o.K}";
        if (n < o.K + 1) Internals.Throw.TooFewSamples(real.Source, n, o.K + 1, why);
        if (m < o.K + 1) Internals.Throw.TooFewSamples(gen.Source, m, o.K + 1, why);
        var (rs, re) = s.RealRows;
        var (gs, ge) = s.GeneratedRows;
        var rule = o.Rule == PrdcRule.Prdc ? BallRule.Strict : BallRule.Inclusive;
        var counts = new int[m];
        var covered = new byte[n];
        var recalled = new byte[n];
        if (re > rs)
        {
            // (1) The shard's real balls against every generated sample.
            var realR2 = Knn.KthSquaredDistancesOf(s.Width, real.Memory, n, d, o.K, s.RealSq, rs, re - rs);
            var slice = real.Memory.Slice(rs * d, (re - rs) * d);
            var c = Knn.Cross(s.Width, slice, re - rs, s.RealSq[rs..re], realR2, gen.Memory, m, s.GenSq, null, d, rule);
            c.YInXBalls.CopyTo(counts, 0);
            for (int i = 0; i < re - rs; i++) covered[rs + i] = c.XBallHit[i] ? (byte)1 : (byte)0;
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (ge > gs)
        {
            // (2) The shard's generated balls against every real sample.
            var genR2 = Knn.KthSquaredDistancesOf(s.Width, gen.Memory, m, d, o.K, s.GenSq, gs, ge - gs);
            var slice = gen.Memory.Slice(gs * d, (ge - gs) * d);
            var c = Knn.Cross(s.Width, real.Memory, n, s.RealSq, null, slice, ge - gs, s.GenSq[gs..ge], genR2, d, rule);
            for (int i = 0; i < n; i++) recalled[i] = c.XInYBalls[i] ? (byte)1 : (byte)0;
        }
        arrays.Add(new($"{name}_counts", NpyArray.From<int>(counts, [counts.Length])));
        arrays.Add(new($"{name}_covered", NpyArray.From<byte>(covered, [covered.Length])));
        arrays.Add(new($"{name}_recalled", NpyArray.From<byte>(recalled, [recalled.Length])));
        return new PartMetric(name, o.K);
    }

    /// <summary>prdc or pr from every part: counts add, flags OR; then the metric's own reduction.</summary>
    private static (MetricInfo Info, MetricResult Result) MergePrdc(List<(string Path, PartInfo Info)> infos, PartMetric metric)
    {
        var (name, k) = metric;
        int n = infos[0].Info.Input("real").Total, m = infos[0].Info.Input("generated").Total;
        long[] inside = null!;
        bool[] covered = null!, recalled = null!;
        foreach (var (path, _) in infos)
        {
            // Read before allocating: the sizes the record claims are checked against arrays that exist.
            var c = Read(path, $"{name}_counts", m, name).ToInt32();
            var cv = Read(path, $"{name}_covered", n, name).ToBytes();
            var rc = Read(path, $"{name}_recalled", n, name).ToBytes();
            inside ??= new long[m];
            covered ??= new bool[n];
            recalled ??= new bool[n];
            for (int j = 0; j < m; j++)
            {
                if (c[j] < 0) throw PartFile.Bad(path, $"a negative count in '{name}_counts'");
                inside[j] += c[j];
            }
            for (int i = 0; i < n; i++)
            {
                covered[i] |= cv[i] != 0;
                recalled[i] |= rc[i] != 0;
            }
        }
        bool isPrdc = name == "prdc";
        var o = isPrdc ? new PrdcOptions(k) : PrdcOptions.TorchFidelity with { K = k };
        long total = 0;
        int precise = 0;
        foreach (var c in inside) { total += c; if (c > 0) precise++; }
        int cov = covered.Count(b => b), rec = recalled.Count(b => b);
        var r = PrdcMetric.ToResult(Prdc.FromDecisions(total, precise, rec, cov, n, m, o), o, density: isPrdc);
        return (isPrdc ? PrdcMetric.Definition.Info : PrMetric.Definition.Info, r);
    }
}
