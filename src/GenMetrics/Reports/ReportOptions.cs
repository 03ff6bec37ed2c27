namespace GenMetrics.Reports;

/// <summary>What the HTML report shows and how many images it takes.</summary>
public sealed record ReportOptions
{
    /// <summary>The page's title.</summary>
    public string Title { get; init; } = "GenMetrics report";

    /// <summary>Images per sample grid (generated and real), a seeded random subset (<c>--report-samples</c>).</summary>
    public int Samples { get; init; } = 32;

    /// <summary>The seed of NumPy's RandomState that picks the images shown.</summary>
    public int Seed { get; init; }

    /// <summary>Generated samples in the nearest-neighbour grid.</summary>
    public int NeighbourRows { get; init; } = 8;

    /// <summary>Nearest training (or real) images shown beside each of them.</summary>
    public int Neighbours { get; init; } = 5;

    /// <summary>Samples shown at each end of the realism ranking (most and least realistic).</summary>
    public int RealismSamples { get; init; } = 8;

    /// <summary>At most this many generated samples are scored for realism (a seeded subset of larger sets).</summary>
    public int RealismLimit { get; init; } = 5000;

    /// <summary>What the steps of a series are called on the curves' x axis (<c>step</c>, <c>psi</c>).</summary>
    public string StepLabel { get; init; } = "step";

    /// <summary>Metric keys drawn as curves over steps (default: every key with a direction, in result order).</summary>
    public IReadOnlyList<string>? CurveKeys { get; init; }

    /// <summary>Metric keys of the table comparing several sets (default: every key, in result order).</summary>
    public IReadOnlyList<string>? TableKeys { get; init; }

    /// <summary>A paragraph shown under the title (what was evaluated, how to read the page).</summary>
    public string? Introduction { get; init; }
}
