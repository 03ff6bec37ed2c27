namespace GenMetrics.Samples;

/// <summary>How <see cref="SampleSources.Open"/> reads an input.</summary>
/// <param name="Recursive">Include images in sub-folders of a folder (default: only the folder's own files, as
/// pytorch-fid and torch-fidelity do by default).</param>
/// <param name="SkipInvalid">Let <see cref="ISampleSource.TryRead"/> skip corrupt or truncated images, listing them in
/// <see cref="ISampleSource.Skipped"/>, instead of failing.</param>
public sealed record SampleSourceOptions(bool Recursive = false, bool SkipInvalid = false);
