using System.Security.Cryptography;
using System.Text;
using GenMetrics.Formats;
using GenMetrics.Metrics;
using GenMetrics.Reports;
using GenMetrics.Samples;

namespace GenMetrics.Sharding;

/// <summary>What <see cref="ShardMerge.Merge"/> wrote.</summary>
/// <param name="Kind">The kind of the parts.</param>
/// <param name="Shards">How many parts were merged.</param>
/// <param name="Count">The samples of the whole list (for k-NN parts: of the generated list).</param>
/// <param name="Dimension">The feature dimension.</param>
/// <param name="Warnings">Conditions worth a warning (parts written by another version, N ≤ d).</param>
public sealed record MergeReport(PartKind Kind, int Shards, long Count, int Dimension, IReadOnlyList<string> Warnings)
{
    /// <summary>k-NN parts: the merged evaluation (also written as JSON).</summary>
    public EvaluationResult? Result { get; init; }
}

/// <summary>
/// <c>merge</c>: joins the parts of one sharded run into what the unsharded run writes. Statistics parts give a
/// statistics file (.npz, pytorch-fid's <c>mu</c> and <c>sigma</c>) equal bit for bit to <c>stats</c> of the whole
/// list; features parts give the features .npy; k-NN parts give the evaluation's JSON. The parts must come from the
/// same list (source, selection, size, listing), encoder and protocol, and hold every shard exactly once.
/// </summary>
public static class ShardMerge
{
    /// <summary>Checks and merges <paramref name="parts"/>, writing <paramref name="output"/> atomically.</summary>
    /// <exception cref="InputException">A part is unreadable; parts disagree (kind, source, encoder, protocol, shard
    /// count, selection, dimension, metrics); a shard is missing or given twice; the output's extension does not fit
    /// the kind. Each message names the parts concerned.</exception>
    public static MergeReport Merge(IReadOnlyList<string> parts, string output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(output);
        var infos = Check(parts);
        var kind = infos[0].Info.Kind;
        string ext = Path.GetExtension(output).ToLowerInvariant();
        string wanted = OutputExtension(kind);
        if (ext != wanted && output != "/dev/stdout")
            throw InputException.ForSetting("out", $"{output}: {PartInfo.KindName(kind)} parts merge into a {wanted} file ({(kind == PartKind.Statistics ? "mu, sigma" : kind == PartKind.Features ? "the features" : "the evaluation result")})");
        OutputFiles.Check(output);
        var warnings = new List<string>();
        var versions = infos.Select(p => p.Info.Version).Distinct().ToList();
        if (versions.Count > 1 || versions[0] != ResultJson.Version)
            warnings.Add($"the parts were written by GenMetrics {string.Join(", ", versions.Select(v => v ?? "?"))}; this is {ResultJson.Version}");
        return kind switch
        {
            PartKind.Statistics => MergeStatistics(infos, output, warnings, cancellationToken),
            PartKind.Features => FeatureParts.Merge(infos, output, warnings, cancellationToken),
            _ => KnnPart.Merge(infos, output, warnings, cancellationToken),
        };
    }

    /// <summary>The extension of the file parts of <paramref name="kind"/> merge into: .npz (statistics), .npy (features), .json (k-NN results).</summary>
    internal static string OutputExtension(PartKind kind) => kind switch { PartKind.Statistics => ".npz", PartKind.Features => ".npy", _ => ".json" };

    /// <summary>Reads every part's record and checks that together they are one whole run, before reading any data.</summary>
    internal static List<(string Path, PartInfo Info)> Check(IReadOnlyList<string> parts)
    {
        if (parts.Count == 0) throw new InputException("no parts to merge");
        var infos = new List<(string Path, PartInfo Info)>();
        foreach (var p in parts)
        {
            if (!File.Exists(p)) throw new InputException(Directory.Exists(p) ? $"{p}: is a folder, not a part" : $"{p}: no such file");
            var info = PartFile.TryRead(p) ?? throw new InputException($"{p}: not a GenMetrics part (parts are written by stats, features and eval with --shard)");
            infos.Add((p, info));
        }
        var (p0, i0) = infos[0];
        foreach (var (p, i) in infos.Skip(1))
        {
            if (i.Kind != i0.Kind)
                throw new InputException($"{p0} is a {PartInfo.KindName(i0.Kind)} part, but {p} is a {PartInfo.KindName(i.Kind)} part: merge parts of one run");
            if (i.Shard.Count != i0.Shard.Count)
                throw new InputException($"{p0} is shard {i0.Shard} but {p} is shard {i.Shard}: parts of one run share the shard count");
            if (i.Output != i0.Output)
                throw new InputException($"{p0} holds the encoder output '{i0.Output}' but {p} holds '{i.Output}'");
            if (!i.Metrics.SequenceEqual(i0.Metrics))
                throw new InputException($"{p0} computed {Describe(i0.Metrics)} but {p} computed {Describe(i.Metrics)}");
            if (i.Inputs.Count != i0.Inputs.Count) throw new InputException($"{p0} and {p} have different inputs");
            for (int k = 0; k < i0.Inputs.Count; k++) CheckSameList(p0, i0.Inputs[k], p, i.Inputs[k]);
        }
        var byIndex = new Dictionary<int, string>();
        foreach (var (p, i) in infos)
            if (!byIndex.TryAdd(i.Shard.Index, p))
                throw new InputException($"shard {i.Shard} is given twice: {byIndex[i.Shard.Index]} and {p}");
        var missing = Enumerable.Range(0, i0.Shard.Count).Where(s => !byIndex.ContainsKey(s)).ToList();
        if (missing.Count > 0)
            throw new InputException($"{(missing.Count == 1 ? "shard" : "shards")} {string.Join(", ", missing.Select(m => $"{m}/{i0.Shard.Count}"))} " +
                                     $"{(missing.Count == 1 ? "is" : "are")} missing (given: {string.Join(", ", infos.OrderBy(x => x.Info.Shard.Index).Select(x => $"{x.Info.Shard} {x.Path}"))})");
        infos.Sort((a, b) => a.Info.Shard.Index.CompareTo(b.Info.Shard.Index));
        return infos;
    }

    private static string Describe(IReadOnlyList<PartMetric> m) => m.Count == 0 ? "nothing" : string.Join(", ", m);

    private static void CheckSameList(string pa, PartInput a, string pb, PartInput b)
    {
        string role = a.Role == "source" ? "" : a.Role + " ";
        if (a.Role != b.Role) throw new InputException($"{pa} and {pb} have different inputs ({a.Role}, {b.Role})");
        if (a.Source != b.Source || a.ListSha256 != b.ListSha256 || a.Total != b.Total || a.Selection != b.Selection)
            throw new InputException($"{pa} and {pb} come from different {role}sources: {pa} from {a.Source} ({Samples(a)}), {pb} from {b.Source} ({Samples(b)})" +
                                     (a.Source == b.Source && a.Total == b.Total && a.Selection == b.Selection ? " (same name, but the files differ)" : ""));
        if (a.Encoder?.Key != b.Encoder?.Key || a.Preprocessing != b.Preprocessing)
            throw new InputException($"{pa} was made by {Made(a)}, but {pb} by {Made(b)}: parts of one run share the encoder and protocol");
        if (a.Dimension != b.Dimension)
            throw new InputException($"{pa} has features of dimension {a.Dimension}, but {pb} has {b.Dimension}");
    }

    private static string Samples(PartInput i) => Internals.Throw.Samples(i.Total) + (i.Selection is { } s ? $", {s}" : "");

    private static string Made(PartInput i) => i.Encoder is { } e ? $"{e} with {i.Preprocessing}" : "features given as they are";

    private static MergeReport MergeStatistics(List<(string Path, PartInfo Info)> infos, string output, List<string> warnings, CancellationToken cancellationToken)
    {
        var input = infos[0].Info.Input();
        int d = input.Dimension;
        var total = new Numerics.CovarianceAccumulator(d);
        var names = new List<string>();
        var digests = new List<byte[]>();
        bool exactHash = true;
        string? pivotFrom = null;
        using var partHashes = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (path, _) in infos)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var part = PartialStatistics.Read(path);
            if (part.Count > 0)
            {
                try { total.Merge(part.Sums); }
                catch (ArgumentException)
                {
                    throw new InputException($"{pivotFrom} and {path} disagree on the features of the list's first sample (their shared pivot): were they encoded by different encoders or weights?");
                }
                pivotFrom ??= path;
            }
            partHashes.AppendData(Encoding.UTF8.GetBytes(part.Info.Input().ContentSha256 ?? ""));
            if (part.ItemNames is { } n && part.ItemDigests is { } g) { names.AddRange(n); digests.AddRange(g); }
            else if (part.Count > 0) exactHash = false;
        }
        if (total.Count != input.Total) throw new InputException($"the parts hold {total.Count} samples, but the list has {input.Total}");
        if (total.Count < 2) throw new InputException($"{input.Source}: {Internals.Throw.Samples(total.Count)}, but a covariance needs at least 2");
        if (total.Count <= d) warnings.Add($"{input.Source}: N={total.Count} <= d={d}: the covariance is singular");
        var (mean, cov) = total.Result(1);
        if (!mean.All(double.IsFinite) || !cov.All(double.IsFinite))
            throw new InputException($"{string.Join(", ", infos.Select(p => p.Path))}: the merged mean or covariance is not finite (values beyond float64's range): damaged parts?");
        var stats = new GaussianStats(mean, cov, total.Count, CovarianceEstimator.Unbiased, input.Source, owned: true);
        // The whole list's content hash as an unsharded run computes it, when the parts carry their items' digests
        // (images); otherwise a hash over the parts' own hashes in shard order.
        string sha = exactHash && input.Encoder is not null ? SampleSourceBase.CombineDigests(names, digests) : Convert.ToHexStringLower(partHashes.GetHashAndReset());
        StatsFile.Write(output, stats, new StatsProvenance(input.Encoder, input.Preprocessing, total.Count, ResultJson.Version, input.Source, sha));
        return new MergeReport(PartKind.Statistics, infos.Count, total.Count, d, warnings);
    }
}
