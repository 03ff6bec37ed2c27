using System.Text;
using GenMetrics.Encoders;
using GenMetrics.Evaluation;
using GenMetrics.Formats;
using GenMetrics.Internals;
using GenMetrics.Metrics;
using GenMetrics.Sharding;

namespace GenMetrics.References;

/// <summary>
/// Reference sets computed once and reused: <c>$GENMETRICS_HOME/refs/NAME/</c> holds <c>stats.npz</c> (a statistics
/// file with provenance, as <c>stats</c> writes it), optionally <c>features.npy</c> (for k-NN metrics) and
/// <c>ref.json</c> (<see cref="ReferenceInfo"/>). <c>ref:NAME</c> works wherever a features or statistics file does
/// (<see cref="FeatureSet.Load"/>).
/// </summary>
/// <remarks>
/// Writers are safe together: a reference is built in a hidden temporary folder and renamed into place in one step,
/// so readers see it whole or not at all; of two processes adding the same name, one wins and the other is told the
/// name exists (or, replacing, the last one wins). Shards of one reference (<see cref="AddShard"/>) leave parts in
/// <c>refs/.parts/NAME/</c>; the process that completes the set merges them under a lock.
/// </remarks>
public sealed class ReferenceStore
{
    /// <summary>The prefix that names a stored reference as an input: <c>ref:NAME</c>.</summary>
    public const string Prefix = "ref:";

    private const string StatsName = "stats.npz", FeaturesName = "features.npy", InfoName = "ref.json";

    /// <summary>The store under <paramref name="home"/> (default: <c>$GENMETRICS_HOME</c>, else <c>~/.cache/genmetrics</c>).</summary>
    public ReferenceStore(string? home = null) => Folder = new GenMetricsHome(home ?? GenMetricsHome.DefaultRoot(Environment.GetEnvironmentVariable)).PathOf("refs");

    /// <summary>The folder holding the references (it may not exist yet).</summary>
    public string Folder { get; }

    /// <summary>Whether <paramref name="input"/> names a stored reference (<c>ref:NAME</c>) rather than a file.</summary>
    public static bool IsReference(string input) =>
        input.StartsWith(Prefix, StringComparison.Ordinal) && !File.Exists(input) && !Directory.Exists(input);

    /// <summary>Checks a reference name: letters, digits, '.', '_' and '-', not starting with '.'.</summary>
    /// <exception cref="InputException">The name is not one (setting <c>name</c>).</exception>
    public static string CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Length > 100 || name[0] == '.' || name[0] == '-' || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            throw InputException.ForSetting("name", $"'{name}': a reference name is 1 to 100 letters, digits, '.', '_' or '-', not starting with '.' or '-'");
        return name;
    }

    /// <summary>The stored references, by name.</summary>
    public IReadOnlyList<ReferenceInfo> List()
    {
        if (!Directory.Exists(Folder)) return [];
        var result = new List<ReferenceInfo>();
        foreach (var dir in Directory.EnumerateDirectories(Folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            if (name.StartsWith('.') || !File.Exists(Path.Combine(dir, InfoName))) continue;
            result.Add(ReadInfo(dir));
        }
        return result;
    }

    /// <summary>The reference named <paramref name="name"/>, or null.</summary>
    public ReferenceInfo? TryGet(string name)
    {
        var dir = Path.Combine(Folder, CheckName(name));
        return File.Exists(Path.Combine(dir, InfoName)) ? ReadInfo(dir) : null;
    }

    /// <summary>
    /// Stores <paramref name="set"/> as <paramref name="name"/>: its statistics, and its default features unless
    /// <paramref name="keepFeatures"/> is false (or it has none).
    /// </summary>
    /// <exception cref="InputException">The name is taken (unless <paramref name="replace"/>), or the set has fewer than 2 samples.</exception>
    public ReferenceInfo Add(string name, FeatureSet set, bool keepFeatures = true, bool replace = false)
    {
        ArgumentNullException.ThrowIfNull(set);
        CheckName(name);
        var p = set.Provenance;
        var features = keepFeatures ? set.Features : null;
        var info = new ReferenceInfo(name, p.Source, set.Count, set.Dimension, p.ContentSha256)
        {
            Encoder = p.Encoder,
            Preprocessing = p.Preprocessing,
            Selection = p.Selection,
            FeaturesOutput = features is null ? null : set.OutputNames[0],
            Created = DateTimeOffset.UtcNow,
            Version = Reports.ResultJson.Version,
        };
        return Publish(info, replace, dir =>
        {
            var stats = set.Statistics();
            StatsFile.Write(Path.Combine(dir, StatsName), stats, new StatsProvenance(p.Encoder, p.Preprocessing, set.Count, Reports.ResultJson.Version, p.Source, p.ContentSha256));
            if (features is not null) Npy.Write(Path.Combine(dir, FeaturesName), features.Span, features.Rows, features.Columns);
        });
    }

    /// <summary>
    /// Stores a statistics file (for example merged from parts) as <paramref name="name"/> with the provenance it
    /// records; with <paramref name="featuresPath"/>, the features it was computed from too.
    /// </summary>
    /// <exception cref="InputException">The file is not statistics, records no GenMetrics provenance (import it instead), or the name is taken.</exception>
    public ReferenceInfo AddStatistics(string name, string statsPath, string? featuresPath = null, string? featuresOutput = null, bool replace = false)
    {
        CheckName(name);
        var stats = StatsFile.Read(statsPath);
        var recorded = StatsFile.ReadProvenance(statsPath)
                       ?? throw new InputException($"{statsPath}: records no GenMetrics provenance; adopt another tool's statistics with 'ref import' and declare the encoder and protocol");
        var info = new ReferenceInfo(name, recorded.Source ?? statsPath, stats.Count, stats.Dimension, recorded.ContentSha256)
        {
            Encoder = recorded.Encoder,
            Preprocessing = recorded.Protocol,
            FeaturesOutput = featuresPath is null ? null : featuresOutput ?? EncoderOutputNames.Features,
            Created = DateTimeOffset.UtcNow,
            Version = Reports.ResultJson.Version,
        };
        return Publish(info, replace, dir =>
        {
            File.Copy(statsPath, Path.Combine(dir, StatsName));
            if (featuresPath is not null) File.Copy(featuresPath, Path.Combine(dir, FeaturesName));
        });
    }

    /// <summary>
    /// Adopts another tool's statistics (pytorch-fid's or clean-fid's .npz with <c>mu</c> and <c>sigma</c>) with a
    /// declared encoder and protocol, which <c>eval</c> then checks the other input against.
    /// </summary>
    /// <exception cref="InputException">The file is not statistics, records other provenance than declared, or the name is taken.</exception>
    public ReferenceInfo Import(string name, string statsPath, EncoderId encoder, string protocol, bool replace = false)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(protocol);
        CheckName(name);
        var stats = StatsFile.Read(statsPath);
        if (StatsFile.ReadProvenance(statsPath) is { Encoder: { } e } recorded && (e.Key != encoder.Key || recorded.Protocol != protocol))
            throw new InputException($"{statsPath}: records {e} with {recorded.Protocol}, not the declared {encoder} with {protocol}");
        string sha;
        using (var f = FileInput.OpenRead(statsPath)) sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(f));
        var info = new ReferenceInfo(name, Path.GetFullPath(statsPath), stats.Count, stats.Dimension, sha)
        {
            Encoder = encoder,
            Preprocessing = protocol,
            Imported = true,
            Created = DateTimeOffset.UtcNow,
            Version = Reports.ResultJson.Version,
        };
        return Publish(info, replace, dir =>
            StatsFile.Write(Path.Combine(dir, StatsName), stats, new StatsProvenance(encoder, protocol, stats.Count, Reports.ResultJson.Version, info.Source, sha)));
    }

    /// <summary>Removes the reference (and any parts waiting for it); false when there was none.</summary>
    public bool Remove(string name)
    {
        var dir = Path.Combine(Folder, CheckName(name));
        bool removed = false;
        if (Directory.Exists(dir))
        {
            // Renamed away first, so readers never see half a reference; then deleted.
            var trash = Path.Combine(Folder, $".trash-{name}-{Guid.NewGuid():N}");
            try { Directory.Move(dir, trash); }
            catch (DirectoryNotFoundException) { return false; }
            Directory.Delete(trash, true);
            removed = true;
        }
        var parts = PartsFolder(name);
        if (Directory.Exists(parts)) { Directory.Delete(parts, true); removed = true; }
        return removed;
    }

    /// <summary>
    /// The reference as a feature set: its statistics (FID-type metrics use them as stored) and, when stored, its
    /// features (mapped from disk, read only if a metric needs them), with the provenance recorded when it was added.
    /// </summary>
    /// <exception cref="InputException">No reference has that name; the message lists those there are.</exception>
    public FeatureSet Load(string name)
    {
        var dir = Path.Combine(Folder, CheckName(name));
        if (!File.Exists(Path.Combine(dir, InfoName)))
        {
            var known = List().Select(r => r.Name).ToList();
            throw new InputException($"{Prefix}{name}: no such reference in {Folder} ({(known.Count == 0 ? "there are none" : "known: " + string.Join(", ", known))}); add it with 'genmetrics ref add {name} SOURCE'");
        }
        var info = ReadInfo(dir);
        var stats = StatsFile.Read(Path.Combine(dir, StatsName)).WithSource(Prefix + name);
        var source = Prefix + name;
        var provenance = new Provenance(source, info.HasFeatures ? InputKind.Features : InputKind.Statistics, info.Count, info.ContentSha256 ?? "")
        {
            Encoder = info.Encoder,
            Preprocessing = info.Preprocessing,
            Selection = info.Selection,
        };
        var outputs = info.HasFeatures ? new[] { (info.FeaturesOutput!, MappedFeatures.Open(Path.Combine(dir, FeaturesName), source)) } : [];
        string[] warnings = info.Imported
            ? [$"{source}: statistics imported from {info.Source} with a declared encoder ({info.Encoder?.DisplayName}) and protocol ({info.Preprocessing}); their sample count {(info.Count > 0 ? $"is {info.Count}" : "is unknown")}"]
            : [];
        return new FeatureSet(provenance, outputs, stats, warnings);
    }

    /// <summary>
    /// Adds one shard's part of the reference <paramref name="name"/> (<paramref name="writePart"/> writes it to the
    /// path it is given); the process whose part completes the set merges the parts into the reference, under a lock,
    /// once. Returns the reference once it is complete (merged by this call or an earlier one), else null (other
    /// shards are still missing).
    /// </summary>
    /// <exception cref="InputException">The name is taken, or the parts do not merge (see <see cref="ShardMerge"/>).</exception>
    public ReferenceInfo? AddShard(string name, Shard shard, Action<string> writePart, bool keepFeatures = true, bool replace = false)
    {
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(writePart);
        CheckName(name);
        if (!replace && TryGet(name) is { } existing)
            throw new InputException($"{Prefix}{name}: exists (from {existing.Source}, {existing.Created:yyyy-MM-dd HH:mm} UTC); remove it with 'ref rm {name}' or replace it");
        var parts = PartsFolder(name);
        CreateFolder(parts);
        writePart(Path.Combine(parts, $"part-{shard.Index:D5}-of-{shard.Count:D5}.npz"));
        using var held = FileLock.Acquire(Path.Combine(Folder, $".{name}.lock"), TimeSpan.FromMinutes(30), $"reference {name}");
        if (!Directory.Exists(parts)) return TryGet(name);   // another shard completed it
        var files = Directory.GetFiles(parts, "part-*.npz").Order(StringComparer.Ordinal).ToList();
        var mine = files.Where(f => Path.GetFileName(f).EndsWith($"-of-{shard.Count:D5}.npz", StringComparison.Ordinal)).ToList();
        if (mine.Count < shard.Count) return null;
        var info = AddParts(name, mine, keepFeatures, replace);
        Directory.Delete(parts, true);
        return info;
    }

    /// <summary>
    /// Stores the merge of <paramref name="parts"/> (of <c>stats --shard</c> or <c>features --shard</c>) as
    /// <paramref name="name"/>: statistics parts give the statistics; features parts give the features (unless
    /// <paramref name="keepFeatures"/> is false) and their statistics, read in blocks.
    /// </summary>
    /// <exception cref="InputException">The parts do not merge (<see cref="ShardMerge"/>), are k-NN parts, or the name is taken.</exception>
    public ReferenceInfo AddParts(string name, IReadOnlyList<string> parts, bool keepFeatures = true, bool replace = false)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(parts);
        var first = parts.Count > 0 ? PartFile.Read(parts[0]) : throw new InputException("no parts to merge");
        if (first.Kind == PartKind.Knn) throw new InputException($"{parts[0]}: is a k-NN part (eval --shard); a reference is made from stats or features parts");
        CreateFolder(Folder);
        var temp = Directory.CreateDirectory(Path.Combine(Folder, $".tmp-merge-{name}-{Guid.NewGuid():N}")).FullName;
        try
        {
            if (first.Kind == PartKind.Statistics)
            {
                var stats = Path.Combine(temp, StatsName);
                ShardMerge.Merge(parts, stats);
                return AddStatistics(name, stats, replace: replace);
            }
            var features = Path.Combine(temp, FeaturesName);
            ShardMerge.Merge(parts, features);
            var input = first.Input();
            var statsPath = Path.Combine(temp, StatsName);
            var s = PartialStatistics.FromFeatures(features, new Shard(0, 1)).Statistics(input.Source);
            StatsFile.Write(statsPath, s, new StatsProvenance(input.Encoder, input.Preprocessing, s.Count, Reports.ResultJson.Version, input.Source, MergedHash(parts)));
            return AddStatistics(name, statsPath, keepFeatures ? features : null, first.Output, replace);
        }
        finally
        {
            Directory.Delete(temp, true);
        }
    }

    // The hash over the parts' own content hashes, in shard order (what merge records for statistics of features parts).
    private static string MergedHash(IEnumerable<string> parts)
    {
        using var h = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var p in parts) h.AppendData(Encoding.UTF8.GetBytes(PartFile.Read(p).Input().ContentSha256 ?? ""));
        return Convert.ToHexStringLower(h.GetHashAndReset());
    }

    private string PartsFolder(string name) => Path.Combine(Folder, ".parts", name);

    // Builds the reference in a temporary folder and renames it into place in one step.
    private ReferenceInfo Publish(ReferenceInfo info, bool replace, Action<string> write)
    {
        CreateFolder(Folder);
        var target = Path.Combine(Folder, info.Name);
        var temp = Path.Combine(Folder, $".tmp-{info.Name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            write(temp);
            File.WriteAllText(Path.Combine(temp, InfoName), info.ToJson());
            for (int attempt = 0; ; attempt++)
            {
                if (replace && Directory.Exists(target))
                {
                    var trash = Path.Combine(Folder, $".trash-{info.Name}-{Guid.NewGuid():N}");
                    try
                    {
                        Directory.Move(target, trash);
                        Directory.Delete(trash, true);
                    }
                    catch (DirectoryNotFoundException) { }   // another process removed or replaced it first
                }
                try
                {
                    Directory.Move(temp, target);   // rename(2): a folder never replaces a non-empty one
                    return info;
                }
                catch (IOException e)
                {
                    // Another writer got in between: replacing, replace it too; adding, it exists (unless it was
                    // removed again meanwhile: then try once more).
                    if (attempt >= 50) throw new InputException($"{Prefix}{info.Name}: other processes keep writing it; try again ({e.Message})", e);
                    if (replace || !Directory.Exists(target))
                    {
                        Thread.Sleep(Random.Shared.Next(1, 10));
                        continue;
                    }
                    var existing = TryGet(info.Name);
                    throw new InputException($"{Prefix}{info.Name}: exists (from {existing?.Source}, {existing?.Created:yyyy-MM-dd HH:mm} UTC); remove it with 'ref rm {info.Name}' or replace it");
                }
            }
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, true);
        }
    }

    private static void CreateFolder(string path)
    {
        try { Directory.CreateDirectory(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot create the reference folder ({e.Message}); set {GenMetricsHome.HomeVariable} to a writable folder", e);
        }
    }

    private static ReferenceInfo ReadInfo(string dir)
    {
        var path = Path.Combine(dir, InfoName);
        return ReferenceInfo.FromJson(File.ReadAllText(path), path);
    }
}
