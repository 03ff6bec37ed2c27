using GenMetrics.Imaging;
using GenMetrics.Reports;
using GenMetrics.Samples;

namespace GenMetrics.Evaluation;

/// <summary>How pairs were drawn from one set (<see cref="ImagePairs.Draw(ISampleSource, int, uint, IProgress{ExtractionProgress}?)"/>).</summary>
/// <param name="Pairs">The number of pairs drawn.</param>
/// <param name="Seed">The seed of NumPy's RandomState that drew them.</param>
/// <param name="SetSize">The number of images in the set.</param>
public sealed record PairSampling(int Pairs, uint Seed, int SetSize);

/// <summary>
/// Row-aligned image pairs, the input of the paired metrics (role <see cref="InputRole.Pairs"/>): two sets matched
/// by relative file name (<see cref="Open"/>, <see cref="Match"/>), two images, images in memory, or pairs of
/// distinct images drawn at random from one set (<see cref="Draw(ISampleSource, int, uint, IProgress{ExtractionProgress}?)"/>,
/// for LPIPS diversity). Images are decoded when a metric reads them, on its worker threads (never all at once);
/// reading is thread-safe.
/// </summary>
public sealed class ImagePairs : IDisposable
{
    private readonly ISampleSource _a, _b;
    private readonly int[] _indexA, _indexB;
    private readonly string[] _names;
    private readonly bool _owned;
    private IReadOnlyList<InputSummary>? _inputs;

    private ImagePairs(ISampleSource a, ISampleSource b, int[] indexA, int[] indexB, string[] names, bool owned,
        IProgress<ExtractionProgress>? progress, PairSampling? sampling)
    {
        _a = a;
        _b = b;
        _indexA = indexA;
        _indexB = indexB;
        _names = names;
        _owned = owned;
        Progress = progress;
        Sampling = sampling;
        Name = sampling is null ? $"{a.Name} / {b.Name}" : a.Name;
    }

    /// <summary>The inputs as named: <c>A / B</c>, or the set's name for drawn pairs.</summary>
    public string Name { get; }

    /// <summary>The number of pairs.</summary>
    public int Count => _names.Length;

    /// <summary>
    /// Each pair's name, in pair order: the relative name both images share; <c>a|b</c> for two single images of
    /// different names and for drawn pairs.
    /// </summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The first images' source (the one set of drawn pairs).</summary>
    public ISampleSource SourceA => _a;

    /// <summary>The second images' source (the same set as <see cref="SourceA"/> for drawn pairs).</summary>
    public ISampleSource SourceB => _b;

    /// <summary>How the pairs were drawn from one set, or null when they were matched.</summary>
    public PairSampling? Sampling { get; }

    /// <summary>Receives the number of pairs done as a metric reads them.</summary>
    internal IProgress<ExtractionProgress>? Progress { get; }

    /// <summary>
    /// The inputs with their provenance (source, count, content hash): <c>pairs_a</c> and <c>pairs_b</c>, or
    /// <c>generated</c> (the whole set, with the draw as its selection) for drawn pairs. The hashes read every file
    /// once, when first asked for.
    /// </summary>
    public IReadOnlyList<InputSummary> Inputs => _inputs ??= MakeInputs();

    /// <summary>Decodes pair <paramref name="index"/>.</summary>
    /// <exception cref="InputException">An image cannot be read or decoded; the message names it.</exception>
    public (RgbImage A, RgbImage B) Read(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return (_a.Read(_indexA[index]), _b.Read(_indexB[index]));
    }

    /// <summary>
    /// Opens two inputs (folders, .zip archives, uint8 .npy/.npz arrays, IDX files; see <see cref="SampleSources.Open"/>)
    /// and pairs their images by relative name (arrays by index); two image files make one pair whatever their names.
    /// <see cref="SampleSourceOptions.Recursive"/> applies; <see cref="SampleSourceOptions.SkipInvalid"/> does not (a
    /// pair cannot lose one image): an unreadable image is an error.
    /// </summary>
    /// <exception cref="InputException">An input cannot be opened, or an image has no partner (the message names the
    /// images without one, on each side).</exception>
    public static ImagePairs Open(string a, string b, SampleSourceOptions? options = null, IProgress<ExtractionProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var sa = SampleSources.Open(a, options);
        try
        {
            var sb = SampleSources.Open(b, options);
            try
            {
                if (IsImageFile(a) && IsImageFile(b))
                {
                    string na = sa.ItemNames[0], nb = sb.ItemNames[0];
                    return new ImagePairs(sa, sb, [0], [0], [na == nb ? na : $"{na}|{nb}"], true, progress, null);
                }
                return Matched(sa, sb, true, progress);
            }
            catch
            {
                sb.Dispose();
                throw;
            }
        }
        catch
        {
            sa.Dispose();
            throw;
        }
    }

    /// <summary>Pairs the items of two sources by name (relative paths, archive members, array indices); the caller keeps the sources.</summary>
    /// <exception cref="InputException">An item has no partner of the same name; the message names them, on each side.</exception>
    public static ImagePairs Match(ISampleSource a, ISampleSource b, IProgress<ExtractionProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Matched(a, b, false, progress);
    }

    /// <summary>Pairs already decoded, in order (named by index).</summary>
    public static ImagePairs FromImages(IReadOnlyList<(RgbImage A, RgbImage B)> pairs, string name = "pairs")
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0) throw new InputException($"{name}: no image pairs");
        var a = SampleSources.FromImages([.. pairs.Select(p => p.A)], name + ".a");
        var b = SampleSources.FromImages([.. pairs.Select(p => p.B)], name + ".b");
        var index = Enumerable.Range(0, pairs.Count).ToArray();
        return new ImagePairs(a, b, index, index, [.. a.ItemNames], true, null, null);
    }

    /// <summary>
    /// <paramref name="pairs"/> pairs of distinct images drawn from <paramref name="set"/> (pairs may repeat), as
    /// NumPy draws them: <c>rs = RandomState(seed); i = rs.randint(0, n, pairs); j = rs.randint(0, n − 1, pairs);
    /// j += (j &gt;= i)</c>. The caller keeps the source.
    /// </summary>
    /// <exception cref="InputException">The set has fewer than two images, or <paramref name="pairs"/> is below 1 (setting <c>pairs</c>).</exception>
    public static ImagePairs Draw(ISampleSource set, int pairs = Metrics.Paired.LpipsDiversity.DefaultPairs,
        uint seed = Metrics.Paired.LpipsDiversity.DefaultSeed, IProgress<ExtractionProgress>? progress = null) =>
        Drawn(set, pairs, seed, false, progress);

    /// <summary>Opens <paramref name="path"/> (see <see cref="SampleSources.Open"/>) and draws pairs from it as <see cref="Draw(ISampleSource, int, uint, IProgress{ExtractionProgress}?)"/> does.</summary>
    public static ImagePairs Draw(string path, int pairs = Metrics.Paired.LpipsDiversity.DefaultPairs,
        uint seed = Metrics.Paired.LpipsDiversity.DefaultSeed, SampleSourceOptions? options = null, IProgress<ExtractionProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (pairs < 1) throw InputException.ForSetting("pairs", $"must be at least 1, got {pairs}");
        var source = SampleSources.Open(path, options);
        try
        {
            return Drawn(source, pairs, seed, true, progress);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    private static ImagePairs Drawn(ISampleSource set, int pairs, uint seed, bool owned, IProgress<ExtractionProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (pairs < 1) throw InputException.ForSetting("pairs", $"must be at least 1, got {pairs}");
        if (set.Count < 2)
            throw new InputException($"{set.Name}: has {set.Count} image; pairs of distinct images need at least 2");
        var drawn = Metrics.Paired.LpipsDiversity.DrawPairs(set.Count, pairs, seed);
        var ia = Array.ConvertAll(drawn, p => p.I);
        var ib = Array.ConvertAll(drawn, p => p.J);
        var names = Array.ConvertAll(drawn, p => $"{set.ItemNames[p.I]}|{set.ItemNames[p.J]}");
        // A generator keeps only its recent batches: generate the images the pairs touch once, in order.
        if (set is Samples.GeneratorSource generated) generated.Pin(ia.Concat(ib));
        return new ImagePairs(set, set, ia, ib, names, owned, progress, new PairSampling(pairs, seed, set.Count));
    }

    private static ImagePairs Matched(ISampleSource a, ISampleSource b, bool owned, IProgress<ExtractionProgress>? progress)
    {
        var inB = new Dictionary<string, int>(b.Count, StringComparer.Ordinal);
        for (int i = 0; i < b.Count; i++) inB[b.ItemNames[i]] = i;
        var ia = new List<int>(a.Count);
        var ib = new List<int>(a.Count);
        var onlyA = new List<string>();
        for (int i = 0; i < a.Count; i++)
        {
            if (inB.Remove(a.ItemNames[i], out int j))
            {
                ia.Add(i);
                ib.Add(j);
            }
            else onlyA.Add(a.ItemNames[i]);
        }
        if (onlyA.Count > 0 || inB.Count > 0)
        {
            var onlyB = inB.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToList();
            var parts = new List<string>();
            if (onlyA.Count > 0) parts.Add($"{onlyA.Count} image(s) of {a.Name} have no partner in {b.Name} ({List(onlyA)})");
            if (onlyB.Count > 0) parts.Add($"{onlyB.Count} image(s) of {b.Name} have no partner in {a.Name} ({List(onlyB)})");
            throw new InputException($"{a.Name} and {b.Name} do not pair up by relative file name: {string.Join("; ", parts)}. " +
                                     "Every image needs a partner of the same name on the other side");
        }
        var names = ia.Select(i => a.ItemNames[i]).ToArray();
        return new ImagePairs(a, b, [.. ia], [.. ib], names, owned, progress, null);
    }

    private static string List(List<string> names) =>
        string.Join(", ", names.Take(5)) + (names.Count > 5 ? $", and {names.Count - 5} more" : "");

    private static bool IsImageFile(string path) => File.Exists(path) && ImageExtensions.IsDecodable(path);

    private IReadOnlyList<InputSummary> MakeInputs()
    {
        // Every item of both sources is paired (an unpaired one is an error), so each source's hash covers exactly its side.
        if (Sampling is { } s)
            return [new InputSummary("generated", new Provenance(_a.Name, InputKind.Images, _a.Count, _a.ContentHash())
            {
                Selection = $"{s.Pairs} random pairs of distinct images, RandomState({s.Seed})",
            }, 0)];
        return
        [
            new InputSummary("pairs_a", new Provenance(_a.Name, InputKind.Images, Count, _a.ContentHash()), 0),
            new InputSummary("pairs_b", new Provenance(_b.Name, InputKind.Images, Count, _b.ContentHash()), 0),
        ];
    }

    /// <summary>Closes the inputs this object opened (<see cref="Open"/>, <see cref="FromImages"/>, <see cref="Draw(string, int, uint, SampleSourceOptions?, IProgress{ExtractionProgress}?)"/>).</summary>
    public void Dispose()
    {
        if (!_owned) return;
        _a.Dispose();
        if (!ReferenceEquals(_a, _b)) _b.Dispose();
    }
}
