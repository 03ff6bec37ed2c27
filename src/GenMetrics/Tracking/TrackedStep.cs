namespace GenMetrics.Tracking;

/// <summary>One scored checkpoint of a run, as the run database holds it.</summary>
/// <param name="Run">The run's name.</param>
/// <param name="Step">The checkpoint's step (a training iteration, an epoch: any integer the run orders by).</param>
/// <param name="Metrics">The metric values by JSON key, in result order (null for a value JSON could not hold).</param>
/// <param name="ResultJson">The whole result as <see cref="Reports.ResultJson"/> writes it.</param>
/// <param name="Samples">The samples as named (a path, or the name of a source made in code).</param>
/// <param name="SamplesSha256">The samples' content hash (<see cref="Evaluation.Provenance.ContentSha256"/>).</param>
/// <param name="Count">How many samples were scored.</param>
/// <param name="Thumbnail">A PNG grid of some of the samples (null for features).</param>
/// <param name="AddedUtc">When the row was written (UTC, ISO 8601).</param>
public sealed record TrackedStep(string Run, long Step, IReadOnlyList<KeyValuePair<string, double?>> Metrics, string ResultJson,
    string Samples, string SamplesSha256, long Count, byte[]? Thumbnail, string AddedUtc)
{
    /// <summary>The value of metric key <paramref name="key"/>, or null.</summary>
    public double? this[string key] => Metrics.FirstOrDefault(m => m.Key == key).Value;
}

/// <summary>One run of a run database: its name, what it is scored against and its steps.</summary>
/// <param name="Name">The run's name.</param>
/// <param name="Steps">How many steps are stored.</param>
/// <param name="FirstStep">The smallest step (0 when there is none).</param>
/// <param name="LastStep">The largest step (0 when there is none).</param>
/// <param name="Real">The real set as first named.</param>
/// <param name="RealSha256">The real set's content hash: every step of a run is scored against the same real set.</param>
/// <param name="Encoder">The encoder's id key (empty for features given).</param>
/// <param name="CreatedUtc">When the run's first step was added.</param>
public sealed record RunSummary(string Name, long Steps, long FirstStep, long LastStep, string Real, string RealSha256, string Encoder, string CreatedUtc);

/// <summary>The best step of a run by one metric key, in its registry direction.</summary>
/// <param name="Run">The run.</param>
/// <param name="Step">The best step (the earliest on a tie).</param>
/// <param name="Metric">The metric key.</param>
/// <param name="Value">Its value at that step.</param>
public sealed record BestStep(string Run, long Step, string Metric, double Value);
