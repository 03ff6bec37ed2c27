using System.Globalization;
using System.Text;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Internals;
using GenMetrics.Metrics;
using GenMetrics.Numerics;

namespace GenMetrics.Sharding;

public sealed partial class KnnPart
{
    private const string NearestIndexKey = "nearest_index", NearestKey = "nearest_d2", ReferenceSelfKey = "reference_self_d2";
    private const string GeneratedNamesKey = "generated_names", ReferenceNamesKey = "reference_names";
    private const string AlphaInsideKey = "alpha_precision_inside", AlphaNearestIndexKey = "alpha_precision_nearest",
        AlphaNearestKey = "alpha_precision_nearest_d2", AlphaSpreadKey = "alpha_precision_nearest_spread", AlphaRealSelfKey = "alpha_precision_real_self_d2";

    /// <summary>
    /// The neighbourhood summary of copies and authenticity (<see cref="TrainingNeighbours"/>), cut by rows: each of
    /// the shard's generated samples' nearest reference sample (exact float64, lowest index on a tie) and each of the
    /// shard's reference samples' squared distance to its nearest other one. Written once for both metrics.
    /// </summary>
    private static void AddNeighbours(Sides s, List<KeyValuePair<string, NpyArray>> arrays)
    {
        if (arrays.Any(a => a.Key == NearestIndexKey)) return;
        var (reference, gen) = (s.Reference, s.Generated);
        if (reference.Rows < 2) Throw.TooFewSamples(reference.Source, reference.Rows, 2, "a nearest other point per point");
        if (gen.Rows < 1) Throw.TooFewSamples(gen.Source, gen.Rows, 1, "nearest training points");
        var (ts, te) = s.ReferenceRows;
        var self = s.Train is null ? s.RealSelf
            : Knn.KthSquaredDistancesOf(s.Width, reference.Memory, reference.Rows, s.D, 1, s.ReferenceSq, ts, te - ts);
        var slice = s.GeneratedSlice;
        var (gs, ge) = s.GeneratedRows;
        var nearest = slice.Rows > 0
            ? Knn.Nearest(s.Width, slice.Memory, slice.Rows, reference.Memory, reference.Rows, s.D, s.GenSq[gs..ge], s.ReferenceSq)
            : new NearestPoints([], []);
        arrays.Add(new(NearestIndexKey, NpyArray.From<int>(nearest.Index, [nearest.Index.Length])));
        arrays.Add(new(NearestKey, NpyArray.From<double>(nearest.SquaredDistance, [nearest.SquaredDistance.Length])));
        arrays.Add(new(ReferenceSelfKey, NpyArray.From<double>(self, [self.Length])));
    }

    /// <summary>copies: the neighbourhood summary, and the shard's item names where the inputs have them (the list names them).</summary>
    private static PartMetric AddCopies(Sides s, CopiesOptions o, FeatureSet genSet, FeatureSet referenceSet, List<KeyValuePair<string, NpyArray>> arrays)
    {
        AddNeighbours(s, arrays);
        if (genSet.ItemNames is { } gn && !arrays.Any(a => a.Key == GeneratedNamesKey)) arrays.Add(new(GeneratedNamesKey, Names(gn, s.GeneratedRows)));
        if (referenceSet.ItemNames is { } rn && !arrays.Any(a => a.Key == ReferenceNamesKey)) arrays.Add(new(ReferenceNamesKey, Names(rn, s.ReferenceRows)));
        return new PartMetric("copies", 1) { Options = $"copy_ratio={o.RatioThreshold.ToString("R", CultureInfo.InvariantCulture)}" };
    }

    /// <summary>
    /// alpha_precision: per α the shard's generated samples inside the real α-ball; per real sample its nearest generated
    /// sample among the shard's, that sample's distance to the generated mean; the shard's real samples' own 1-NN
    /// distances; and the neighbourhood summary for authenticity. The centre, the radii and the generated mean are of
    /// the whole sets, computed by every shard alike.
    /// </summary>
    private static PartMetric AddAlphaPrecision(Sides s, AlphaPrecisionOptions o, List<KeyValuePair<string, NpyArray>> arrays)
    {
        var (real, gen) = (s.Real, s.Generated);
        var center = AlphaPrecision.Check(real, gen, s.Train, o);
        AddNeighbours(s, arrays);
        int n = real.Rows;
        var slice = s.GeneratedSlice;
        var inside = AlphaPrecision.PrecisionCounts(AlphaPrecision.RadiiAround(real, center, o.Steps), AlphaPrecision.DistancesTo(slice, center));
        var nearest = new int[n];
        var nearestD2 = new double[n];
        var spread = new float[n];
        Array.Fill(nearest, -1);
        Array.Fill(nearestD2, double.PositiveInfinity);
        if (slice.Rows > 0)
        {
            var (gs, ge) = s.GeneratedRows;
            var toSynth = Knn.Nearest(s.Width, real.Memory, n, slice.Memory, slice.Rows, s.D, s.RealSq, s.GenSq[gs..ge]);
            var toMean = AlphaPrecision.DistancesTo(slice, AlphaPrecision.Mean(gen));
            for (int i = 0; i < n; i++)
            {
                int j = toSynth.Index[i];
                (nearest[i], nearestD2[i], spread[i]) = (gs + j, toSynth.SquaredDistance[i], (float)toMean[j]);
            }
        }
        var self = s.RealSelf;
        arrays.Add(new(AlphaInsideKey, NpyArray.From<int>(inside, [inside.Length])));
        arrays.Add(new(AlphaNearestIndexKey, NpyArray.From<int>(nearest, [n])));
        arrays.Add(new(AlphaNearestKey, NpyArray.From<double>(nearestD2, [n])));
        arrays.Add(new(AlphaSpreadKey, NpyArray.From<float>(spread, [n])));
        arrays.Add(new(AlphaRealSelfKey, NpyArray.From<double>(self, [self.Length])));
        return new PartMetric("alpha_precision", 1) { Options = $"steps={o.Steps.ToString(CultureInfo.InvariantCulture)}" };
    }

    /// <summary>The neighbourhood summary merged: per-sample results concatenated in row order.</summary>
    private sealed record Neighbours(TrainingNeighbours Summary, InputRole Against, PartInput Reference);

    private static Neighbours MergeNeighbours(List<(string Path, PartInfo Info)> infos, string metric)
    {
        var info0 = infos[0].Info;
        var against = info0.Inputs.Any(i => i.Role == "train") ? InputRole.Train : InputRole.Real;
        string role = InputRoles.Name(against);
        int t = info0.Input(role).Total;
        // The parts are in shard order and their rows consecutive: the whole arrays are their concatenation, built
        // from what the parts hold (never allocated from the sizes a record claims).
        var index = new List<int[]>();
        var d2 = new List<double[]>();
        var self = new List<double[]>();
        foreach (var (path, info) in infos)
        {
            var g = info.Input("generated");
            var r = info.Input(role);
            var ix = Read(path, NearestIndexKey, g.Count, metric).ToInt32();
            foreach (int i in ix)
                if (i < 0 || i >= t) throw PartFile.Bad(path, $"a {role} index {i} outside [0, {t}) in '{NearestIndexKey}'");
            index.Add(ix);
            d2.Add(Read(path, NearestKey, g.Count, metric).ToDouble());
            self.Add(Read(path, ReferenceSelfKey, r.Count, metric).ToDouble());
        }
        return new Neighbours(new TrainingNeighbours(Concat(self), new NearestPoints(Concat(d2), Concat(index))), against, info0.Input(role));
    }

    /// <summary>copies from every part: the merged neighbourhood summary through the metric's own list and result.</summary>
    private static (MetricInfo Info, MetricResult Result) MergeCopies(List<(string Path, PartInfo Info)> infos, PartMetric metric)
    {
        var nb = MergeNeighbours(infos, metric.Name);
        var o = new CopiesOptions(Option(infos[0].Path, metric, "copy_ratio"));
        var r = Copies.FromNeighbours(nb.Summary, o);
        var genIn = infos[0].Info.Input("generated");
        var genNames = ReadNames(infos, GeneratedNamesKey, "generated");
        var refNames = ReadNames(infos, ReferenceNamesKey, nb.Reference.Role);
        return (CopiesMetric.Definition.Info, CopiesMetric.ToResult(r, o, nb.Against, genIn.Source, nb.Reference.Source, genNames, refNames));
    }

    /// <summary>alpha_precision from every part: counts add, nearest candidates take the minimum (lowest index on a tie), then the metric's reduction.</summary>
    private static (MetricInfo Info, MetricResult Result) MergeAlphaPrecision(List<(string Path, PartInfo Info)> infos, PartMetric metric)
    {
        var nb = MergeNeighbours(infos, metric.Name);
        double stepsValue = Option(infos[0].Path, metric, "steps");
        if (!(stepsValue >= 2 && stepsValue <= 1_000_000) || stepsValue != Math.Floor(stepsValue))
            throw PartFile.Bad(infos[0].Path, $"alpha_precision with {stepsValue} steps");
        int steps = (int)stepsValue;
        var info0 = infos[0].Info;
        int n = info0.Input("real").Total, m = info0.Input("generated").Total;
        var inside = new int[steps];
        int[] nearest = null!;
        double[] nearestD2 = null!;
        float[] spread = null!;
        var realSelf = new List<double[]>();
        // Parts in shard order, hence in generated index order: a strictly smaller distance replaces, so an exact tie
        // keeps the lowest index, as the single run's nearest-point search does.
        foreach (var (path, info) in infos)
        {
            var ins = Read(path, AlphaInsideKey, steps, metric.Name).ToInt32();
            var ix = Read(path, AlphaNearestIndexKey, n, metric.Name).ToInt32();
            var dd = Read(path, AlphaNearestKey, n, metric.Name).ToDouble();
            var sp = Read(path, AlphaSpreadKey, n, metric.Name).ToSingle();
            if (nearest is null)
            {
                // Allocated once a part has shown arrays of the claimed size.
                (nearest, nearestD2, spread) = (new int[n], new double[n], new float[n]);
                Array.Fill(nearest, -1);
                Array.Fill(nearestD2, double.PositiveInfinity);
            }
            var g = info.Input("generated");
            var r = info.Input("real");
            for (int k = 0; k < steps; k++)
            {
                if (ins[k] < 0 || ins[k] > g.Count) throw PartFile.Bad(path, $"a count outside [0, {g.Count}] in '{AlphaInsideKey}'");
                inside[k] += ins[k];
            }
            for (int i = 0; i < n; i++)
            {
                if (ix[i] < 0) continue;
                if (ix[i] < g.Start || ix[i] >= g.End) throw PartFile.Bad(path, $"a generated index {ix[i]} outside the part's samples [{g.Start}, {g.End}) in '{AlphaNearestIndexKey}'");
                if (dd[i] < nearestD2[i]) (nearest[i], nearestD2[i], spread[i]) = (ix[i], dd[i], sp[i]);
            }
            realSelf.Add(Read(path, AlphaRealSelfKey, r.Count, metric.Name).ToDouble());
        }
        int missing = Array.IndexOf(nearest, -1);
        if (missing >= 0) throw new InputException($"{infos[0].Path}: no part names a nearest generated sample of real sample {missing}: were the parts written from {m} generated samples?");
        var authenticity = AlphaPrecision.Authenticity(nb.Summary);
        var against = nb.Against == InputRole.Train ? AuthenticityReference.Train : AuthenticityReference.Real;
        var result = AlphaPrecision.FromPoints(steps, inside, m, nearestD2, spread, Concat(realSelf), authenticity, against);
        return (AlphaPrecisionMetric.Definition.Info, AlphaPrecisionMetric.ToResult(result, new AlphaPrecisionOptions(steps)));
    }

    /// <summary>A setting of <paramref name="metric"/> as its parts record it (<see cref="PartMetric.Options"/>).</summary>
    private static double Option(string path, PartMetric metric, string key)
    {
        var text = OptionText(path, metric, key);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v : throw PartFile.Bad(path, $"{metric.Name}'s setting {key}='{text}' is not a number");
    }

    private static string OptionText(string path, PartMetric metric, string key)
    {
        foreach (var pair in (metric.Options ?? "").Split(';'))
        {
            var kv = pair.Split('=', 2);
            if (kv.Length == 2 && kv[0] == key) return kv[1];
        }
        throw PartFile.Bad(path, $"{metric.Name} without its '{key}' setting");
    }

    /// <summary>Item names [start, end) of a list: UTF-8, each followed by a zero byte.</summary>
    private static NpyArray Names(IReadOnlyList<string> names, (int Start, int End) rows)
    {
        var bytes = new MemoryStream();
        for (int i = rows.Start; i < rows.End; i++)
        {
            bytes.Write(Encoding.UTF8.GetBytes(names[i]));
            bytes.WriteByte(0);
        }
        return NpyArray.From<byte>(bytes.ToArray(), [bytes.Length]);
    }

    /// <summary>The whole list's item names from every part's share, or null when the parts hold none (features files).</summary>
    private static string[]? ReadNames(List<(string Path, PartInfo Info)> infos, string key, string role)
    {
        if (!Npz.Has(infos[0].Path, key)) return null;
        var names = new List<string>();
        foreach (var (path, info) in infos)
        {
            if (!Npz.Has(path, key)) throw PartFile.Bad(path, $"no array '{key}', which {infos[0].Path} has");
            var text = Npz.ReadArray(path, key).ToBytes();
            if (text.Length > 0 && text[^1] != 0) throw PartFile.Bad(path, $"the names in '{key}' do not end in a zero byte");
            string[] part = text.Length == 0 ? [] : Encoding.UTF8.GetString(text, 0, text.Length - 1).Split('\0');
            if (part.Length != info.Input(role).Count) throw PartFile.Bad(path, $"{part.Length} names in '{key}' for {info.Input(role).Count} {role} samples");
            names.AddRange(part);
        }
        return [.. names];
    }
}
