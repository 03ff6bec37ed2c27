namespace GenMetrics.Metrics;

/// <summary>Descriptions of parameters that several metrics share (one command-line flag sets them all).</summary>
internal static class SharedParameters
{
    /// <summary>The <c>seed</c> parameter of kid, is, ct, fd_inf and mind.</summary>
    public const string SeedDescription =
        "seed of the metrics' random draws: NumPy's RandomState for KID's subsets, IS's shuffle, ct's k-means++ and FD-infinity's subsets, PyTorch's CPU generator for MIND's directions (2020 as torch-fidelity)";
}
