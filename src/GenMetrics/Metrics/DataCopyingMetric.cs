using System.Text.Json.Nodes;
using GenMetrics.Evaluation;
using GenMetrics.Numerics;

namespace GenMetrics.Metrics;

/// <summary>
/// <c>ct</c> as a registry metric: the data-copying test C_T (<see cref="DataCopying"/>) of the generated set, with the
/// training set's cells and the real input as the held-out test set. The training side (PCA, k-means) is computed
/// once per training set and reused (several evaluations, bootstrap replicates).
/// </summary>
public sealed class DataCopyingMetric : IMetric
{
    private static readonly DataCopyingOptions s_defaults = new();
    private readonly Lock _lock = new();
    private DataCopyingTrainCells? _cells;

    /// <summary>The registry entry.</summary>
    public static MetricDefinition Definition { get; } = MetricDefinition.Create(
        new MetricInfo("ct", "Data-copying test C_T",
            "casey-meehan/data-copying (Meehan et al. 2020) Zu_cells / C_T with dgm-eval ct.py's cells: PCA to 64 (fitted on train), 3 k-means++ cells on train (sklearn, 10 restarts, RandomState(2020); dgm-eval: unseeded), 1-NN distances to the cell's training points, Mann-Whitney Z without tie correction, cells with more than 20 generated points",
            [new(DataCopying.Key, KeyDirection.Neither, "test-set-weighted mean of the per-cell Z: near 0 fine, << 0 generated samples closer to the training set than held-out ones (copying), >> 0 underfitting")],
            [InputRole.Train, InputRole.Real, InputRole.Generated])
        {
            Resampled = [InputRole.Generated, InputRole.Real],
        },
        s_defaults, o => new DataCopyingMetric(o),
        MetricParameter<DataCopyingOptions>.Of("ct_cells", "ct: the number of k-means cells on the training set", s_defaults, o => o.Cells, (o, v) => o with { Cells = v }),
        MetricParameter<DataCopyingOptions>.Of("ct_tau", "ct: a cell counts when its share of the generated samples exceeds tau (auto: 20 / m, i.e. more than 20 generated samples)", s_defaults,
            o => o.Tau ?? double.NaN, (o, v) => o with { Tau = double.IsNaN(v) ? null : v }),
        MetricParameter<DataCopyingOptions>.Of("ct_cell_labels",
            "ct: the cells from a file instead of k-means: an .npz with integer arrays train, real and generated, one cell per sample in input order (numpy.savez(path, train=..., real=..., generated=...))",
            s_defaults, o => o.CellLabels?.Source ?? "", (o, v) => o with { CellLabels = DataCopyingCells.Load(v) }),
        MetricParameter<DataCopyingOptions>.Of("ct_pca", "ct: PCA to this many dimensions (fitted on the training set) when the features have more; 0 turns it off", s_defaults,
            o => o.PcaDimensions, (o, v) => o with { PcaDimensions = v }),
        MetricParameter<DataCopyingOptions>.Of("seed", SharedParameters.SeedDescription, s_defaults, o => o.Seed, (o, v) => o with { Seed = v }));

    /// <summary>Creates the metric; the options are checked here, before any work.</summary>
    /// <exception cref="InputException">A setting is out of range; the exception names it.</exception>
    public DataCopyingMetric(DataCopyingOptions? options = null)
    {
        var o = Options = options ?? s_defaults;
        if (o.CellLabels is null && o.Cells < 1) throw InputException.ForSetting("ct_cells", $"{o.Cells}, but at least 1 cell is needed");
        if (o.Tau is { } tau && !(tau >= 0 && tau < 1)) throw InputException.ForSetting("ct_tau", $"{tau}, but it must be in [0, 1) (a share of the generated samples)");
        if (o.PcaDimensions < 0) throw InputException.ForSetting("ct_pca", $"{o.PcaDimensions}, but it must be 0 (off) or positive");
        if (o.Restarts < 1) throw new InputException($"ct: {o.Restarts} k-means restarts, but at least 1 is needed");
        RandomState.FromSeed(o.Seed, "seed");
    }

    /// <summary>The options.</summary>
    public DataCopyingOptions Options { get; }

    /// <inheritdoc/>
    /// <remarks>With cells given per sample, a resample would not carry its labels along: no bootstrap interval then.</remarks>
    public MetricInfo Info => Options.CellLabels is null ? Definition.Info : s_labelledInfo;

    private static readonly MetricInfo s_labelledInfo = Definition.Info with
    {
        Resampled = [],
        Keys = [.. Definition.Info.Keys.Select(k => k with { WithoutInterval = "the cells are given per sample, and a resample would not carry its labels along" })],
    };

    /// <inheritdoc/>
    public MetricResult Evaluate(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var train = set.Require(InputRole.Train, Info.Name).RequireFeatures(Info.Name);
        var test = set.Require(InputRole.Real, Info.Name).RequireFeatures(Info.Name);
        var generated = set.Require(InputRole.Generated, Info.Name).RequireFeatures(Info.Name);
        DataCopyingTrainCells cells;
        lock (_lock)
        {
            if (_cells is null || !ReferenceEquals(_cells.Train, train)) _cells = DataCopying.Prepare(train, Options);
            cells = _cells;
        }
        return ToResult(DataCopying.Evaluate(cells, test, generated, Options, Simd.Best), Options);
    }

    /// <summary>The registry result of <paramref name="r"/> (also a merge of <c>eval --shard</c> parts): C_T, its settings and cells.</summary>
    internal static MetricResult ToResult(DataCopyingResult r, DataCopyingOptions o)
    {
        var list = new JsonArray();
        foreach (var c in r.Cells)
            list.Add(new JsonObject
            {
                ["cell"] = c.Cell,
                ["train"] = c.Train,
                ["test"] = c.Test,
                ["generated"] = c.Generated,
                ["u"] = c.U,
                ["z"] = c.Z,
                ["kept"] = c.Kept,
            });
        var details = new JsonObject
        {
            ["tau"] = r.Tau,
            ["partition"] = r.Partition == DataCopyingPartition.KMeans ? "k-means" : "labels",
            ["dimensions"] = r.Dimensions,
            ["cells"] = list,
        };
        if (r.KMeansInertia is { } inertia) details["kmeans_inertia"] = inertia;
        var warnings = new List<string>();
        int dropped = r.Cells.Count(c => !c.Kept);
        if (dropped > 0)
            warnings.Add($"ct: {dropped} of {r.Cells.Count} cells hold no more than tau = {r.Tau:G4} of the generated samples and do not count in C_T");
        return new MetricResult([new(DataCopying.Key, r.Ct)],
        [
            Setting.Of("cells", (long)r.Cells.Count),
            Setting.Of("partition", r.Partition == DataCopyingPartition.KMeans ? "k-means++ on train (sklearn KMeans)" : $"labels from {o.CellLabels!.Source}"),
            Setting.Of("tau", r.Tau),
            Setting.Of("pca_dimensions", o.PcaDimensions),
            Setting.Of("dimensions", r.Dimensions),
            Setting.Of("restarts", o.Restarts),
            Setting.Of("seed", o.Seed),
        ], warnings, details);
    }
}
